import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AssetDocument,
  AssetUsageAnswer,
  EntityAgentAssets,
  BaseReleasesAnswer,
  AdoptionTable,
  CampaignAnswer,
  CampaignListAnswer,
  CampaignStartAnswer,
  CampaignSummary,
  ConfigHistoryAnswer,
  NearDuplicateReport,
  ReuseHistory,
  StalenessReport,
  EntitySpendReport,
  OverviewSpendInsights,
  PlatformOverview,
  PlatformSpendTable,
  SpendReconciliation,
  TeamNudge,
  SkillEvalHistory,
  TargetResolution,
  TeamApprovedAssets,
  TeamOverviewAnswer,
} from '@agent-platform/plugin-agent-platform-common';

export type { TeamApprovedAssets };

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
  /** `GET /entities/:kind/:namespace/:name/agent-assets`: skills, subagents and rules of a Group or Component. */
  getAgentAssets(entityRef: string): Promise<EntityAgentAssets>;
  /** `GET /assets/:namespace/:name/document`: the SKILL.md, subagent prompt or rule text. */
  getAssetDocument(assetRef: string): Promise<AssetDocument>;
  /** `GET /entities/:kind/:namespace/:name/effective-config`: effective config, layers, violations, drift. */
  getEffectiveConfig(entityRef: string): Promise<TargetResolution>;
  /** `GET /teams/:namespace/:name/approved-assets`. */
  getApprovedAssets(teamRef: string): Promise<TeamApprovedAssets>;
  /** `GET /overview`: the platform overview (platform team only). */
  getOverview(): Promise<PlatformOverview & { builtAt: string }>;
  /** `GET /teams/:namespace/:name/overview`: the team's row of the overview (pin, drift, repositories). */
  getTeamOverview(teamRef: string): Promise<TeamOverviewAnswer>;
  /** `GET /assets/:kind/:namespace/:name/usage?from&to`: who uses a skill or MCP server. */
  getAssetUsage(
    assetRef: string,
    range?: SpendRange,
  ): Promise<AssetUsageAnswer>;
  /** `GET /bases/:namespace/:name/releases`: every release of a base with who pins it. */
  getBaseReleases(baseRef: string): Promise<BaseReleasesAnswer>;
  /** `GET /overview/spend-insights?from&to`: model mix against routing, promotion candidates. */
  getSpendInsights(range?: SpendRange): Promise<OverviewSpendInsights>;
  /** `GET /spend/entities/:kind/:namespace/:name?from&to`. */
  getEntitySpend(
    entityRef: string,
    range?: SpendRange,
  ): Promise<EntitySpendReport>;
  /**
   * `GET /spend/entities/group/:namespace/:name/reconciliation?from&to`: a
   * team's spend per source (OpenTelemetry, Admin API report) and day, and
   * what is counted.
   */
  getSpendReconciliation(
    teamRef: string,
    range?: SpendRange,
  ): Promise<SpendReconciliation>;
  /**
   * `POST /teams/:namespace/:name/notify`: tells a team's owners about its
   * agent config (platform team only).
   */
  notifyTeam(teamRef: string): Promise<TeamNudge & { sent: true }>;
  /** `GET /teams/notify-allowed`: whether the signed-in user may notify teams. */
  canNotifyTeams(): Promise<{ allowed: boolean }>;
  /** `GET /spend/me?from&to`: the signed-in user's own spend. */
  getMySpend(range?: SpendRange): Promise<EntitySpendReport>;
  /** `GET /spend/teams?from&to`: the platform-wide per-team table. */
  getPlatformSpend(range?: SpendRange): Promise<PlatformSpendTable>;
  /** `GET /skills/:namespace/:name/evals`: the skill's eval bar and posted results. */
  getSkillEvals(skillRef: string): Promise<SkillEvalHistory>;
  /** `GET /health/near-duplicates`: near-duplicate skills (platform team). */
  getNearDuplicates(): Promise<NearDuplicateReport & { builtAt: string }>;
  /** `GET /health/staleness`: stale repositories and unreviewed teams. */
  getStaleness(team?: string): Promise<StalenessReport & { builtAt: string }>;
  /** `GET /health/adoption?from&to`: adoption depth per team. */
  getAdoption(range?: SpendRange): Promise<AdoptionTable>;
  /** `GET /health/reuse?weeks`: reuse per week. */
  getReuse(weeks?: number): Promise<ReuseHistory>;
  /** `GET /bases/:namespace/:name/campaigns`: the base's upgrade campaigns with progress. */
  getCampaigns(baseRef: string): Promise<CampaignListAnswer>;
  /** `GET /campaigns/:id`: one campaign with each repository's state. */
  getCampaign(id: number): Promise<CampaignAnswer>;
  /** `POST /bases/:namespace/:name/campaigns`: opens upgrade pull requests for every repository below `version` (platform team). */
  startCampaign(baseRef: string, version: string): Promise<CampaignStartAnswer>;
  /** `POST /campaigns/:id/retry`: queues the campaign's failed repositories again (platform team). */
  retryCampaign(
    id: number,
  ): Promise<{ campaign: CampaignSummary; requeued: number }>;
  /** `GET /history/:kind/:namespace/:name`: changes of a team's or repository's effective config, newest first. */
  getConfigHistory(entityRef: string): Promise<ConfigHistoryAnswer>;
}

/**
 * The API ref of {@link AgentPlatformApi}.
 *
 * @public
 */
export const agentPlatformApiRef = createApiRef<AgentPlatformApi>({
  id: 'plugin.agent-platform.service',
});
