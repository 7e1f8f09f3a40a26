import type { AgentConfigException } from '../model';

/**
 * The state of an exception request.
 *
 * @public
 */
export type ExceptionRequestStatus = 'pending' | 'approved' | 'denied';

/**
 * An exception request and its decision, as the backend stores it.
 *
 * @public
 */
export interface ExceptionRequest {
  /** A random UUID. */
  id: string;
  /** Group ref. */
  team: string;
  /** Permission rule or MCP server ref. */
  target: string;
  /** Why. */
  reason: string;
  /** First day, `YYYY-MM-DD`. */
  since: string;
  /** Last day, inclusive. */
  until: string;
  /** User ref of the requester. */
  requestedBy: string;
  /** ISO timestamp. */
  requestedAt: string;
  /** Pending, approved or denied. */
  status: ExceptionRequestStatus;
  /** User ref of the approver who decided. */
  decidedBy?: string;
  /** ISO timestamp of the decision. */
  decidedAt?: string;
  /** The approver's note. */
  decisionNote?: string;
}

/**
 * The state of a request as the team sees it today: an approved request is
 * `scheduled`, `active` or `expired` by its dates.
 *
 * @public
 */
export type ExceptionRequestState =
  | 'pending'
  | 'denied'
  | 'scheduled'
  | 'active'
  | 'expired';

/**
 * A request with its state today.
 *
 * @public
 */
export interface ExceptionRequestView extends ExceptionRequest {
  /** Its state today. */
  state: ExceptionRequestState;
}

/**
 * An exception a team config holds in the current snapshot.
 *
 * @public
 */
export interface HeldExceptionView extends AgentConfigException {
  /** Group ref of the team. */
  team: string;
  /** Ref of the team config. */
  config: string;
}

/**
 * The answer of `GET /api/agent-platform/exceptions`.
 *
 * @public
 */
export interface ExceptionsView {
  /** Requests, newest first. */
  requests: ExceptionRequestView[];
  /** Exceptions the team configs hold in the current snapshot; `rejected` says why one does not count. */
  inConfig: HeldExceptionView[];
  /** Whether the caller may approve or deny. */
  canDecide: boolean;
  /** Whether the caller may request for the team asked about. */
  canRequest: boolean;
  /** Longest an exception may hold, in days. */
  maxDays: number;
}
