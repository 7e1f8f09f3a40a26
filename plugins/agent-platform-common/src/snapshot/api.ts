import type { ModelMixDeparture } from './modelMix';
import type {
  AssetUsage,
  BaseReleaseAdoption,
  PromotionCandidate,
  TeamOverview,
} from './types';

/**
 * Response of `GET /api/agent-platform/teams/:namespace/:name/overview`: the
 * team's row of the platform overview, from the same snapshot.
 *
 * @public
 */
export type TeamOverviewAnswer = TeamOverview & {
  /** When the snapshot was computed. */
  builtAt: string;
};

/**
 * Response of `GET /api/agent-platform/assets/:kind/:namespace/:name/usage`:
 * who uses a skill or MCP server, from the snapshot, and the teams whose
 * telemetry shows it when the caller may read every team's spend.
 *
 * @public
 */
export interface AssetUsageAnswer extends AssetUsage {
  /** When the snapshot was computed. */
  builtAt: string;
  /** Teams whose agents' spend shows the skill, with cost; or why not shown. */
  telemetry:
    | { status: 'ok'; teams: Array<{ team: string; cost: number }> }
    | { status: 'unavailable'; reason: string };
}

/**
 * Response of `GET /api/agent-platform/overview/spend-insights`: the
 * spend-derived parts of the platform page.
 *
 * @public
 */
export interface OverviewSpendInsights {
  /** The range the spend covers. */
  range: { from: string; to: string };
  /** Teams spending over 20% of their cost on models their routing does not name. */
  modelMix: ModelMixDeparture[];
  /** Team-scoped skills other teams use, in configs or in telemetry. */
  promotionCandidates: PromotionCandidate[];
}

/**
 * Response of `GET /api/agent-platform/bases/:namespace/:name/releases`: every
 * release of a base, newest first, with its adoption.
 *
 * @public
 */
export interface BaseReleasesAnswer {
  /** Normalized ref of the base config. */
  base: string;
  /** When the snapshot was computed. */
  builtAt: string;
  /** The releases, newest first. */
  releases: BaseReleaseAdoption[];
}
