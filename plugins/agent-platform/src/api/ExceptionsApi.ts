import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ExceptionRequest,
  ExceptionsView,
} from '@agent-platform/plugin-agent-platform-common';

/**
 * A new exception request, as a team member fills it in.
 *
 * @public
 */
export interface NewExceptionRequest {
  /** Group ref of the team. */
  team: string;
  /** Permission rule or MCP server ref. */
  target: string;
  /** Why. */
  reason: string;
  /** First day; today when absent. */
  since?: string;
  /** Last day, inclusive. */
  until: string;
}

/**
 * Exception requests and decisions (`/api/agent-platform/exceptions`). Every
 * method rejects with a `ResponseError` when the backend answers with an
 * error (400 with what is wrong, 403, 409 for a replay).
 *
 * @public
 */
export interface AgentPlatformExceptionsApi {
  /** `GET /exceptions?team=`: a team's requests and held exceptions, or everyone's. */
  getExceptions(team?: string): Promise<ExceptionsView>;
  /** `POST /exceptions`. */
  requestException(request: NewExceptionRequest): Promise<ExceptionRequest>;
  /** `POST /exceptions/:id/approve` or `/deny`. */
  decideException(
    id: string,
    decision: 'approve' | 'deny',
    note?: string,
  ): Promise<ExceptionRequest>;
}

/**
 * The API ref of {@link AgentPlatformExceptionsApi}.
 *
 * @public
 */
export const agentPlatformExceptionsApiRef =
  createApiRef<AgentPlatformExceptionsApi>({
    id: 'plugin.agent-platform.exceptions',
  });
