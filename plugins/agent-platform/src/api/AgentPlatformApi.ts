import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ApprovedAssets,
  EntitySpendReport,
  PlatformOverview,
  PlatformSpendTable,
  TargetResolution,
} from '@agent-platform/plugin-agent-platform-common';

/**
 * The approved MCP servers and skills of one team, as
 * `GET /teams/:namespace/:name/approved-assets` answers (the backend's
 * `TeamApprovedAssets`; the common package has no such type yet).
 *
 * @public
 */
export interface TeamApprovedAssets extends ApprovedAssets {
  /** Normalized ref of the group. */
  team: string;
  /** Normalized ref of its team config. */
  config?: string;
  /** The base release its config builds on. */
  release?: TargetResolution['release'];
}

/**
 * A date range, `YYYY-MM-DD` (UTC, inclusive).
 *
 * @public
 */
export interface SpendRange {
  from?: string;
  to?: string;
}

/**
 * The one client of the agent-platform backend (`/api/agent-platform`). Every
 * method rejects with a `ResponseError` from `@backstage/errors` when the
 * backend answers with an error (403 for permission denied, 404 for an unknown
 * entity, ...).
 *
 * @public
 */
export interface AgentPlatformApi {
  /** `GET /entities/:kind/:namespace/:name/effective-config`: effective config, layers, violations, drift. */
  getEffectiveConfig(entityRef: string): Promise<TargetResolution>;
  /** `GET /teams/:namespace/:name/approved-assets`. */
  getApprovedAssets(teamRef: string): Promise<TeamApprovedAssets>;
  /** `GET /overview`: the platform overview (platform team only). */
  getOverview(): Promise<PlatformOverview & { builtAt: string }>;
  /** `GET /spend/entities/:kind/:namespace/:name?from&to`. */
  getEntitySpend(
    entityRef: string,
    range?: SpendRange,
  ): Promise<EntitySpendReport>;
  /** `GET /spend/teams?from&to`: the platform-wide per-team table. */
  getPlatformSpend(range?: SpendRange): Promise<PlatformSpendTable>;
}

/**
 * The API ref of {@link AgentPlatformApi}.
 *
 * @public
 */
export const agentPlatformApiRef = createApiRef<AgentPlatformApi>({
  id: 'plugin.agent-platform.service',
});
