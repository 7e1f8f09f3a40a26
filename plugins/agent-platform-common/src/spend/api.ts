import type { SpendAnomaly, SpendAnomalyMethod } from './anomalies';
import type { SpendOutcomePeriod } from './outcomes';

/**
 * The spend contract between the agent-platform backend and its clients (the
 * portal's cards and pages, the actions registry, scripts). The backend serves
 * these shapes under `/api/agent-platform/spend/...`; the frontend reads them.
 *
 * All money is USD (Claude Code's `claude_code.cost.usage` unit); all token
 * counts are integers; all dates are UTC calendar days `YYYY-MM-DD`.
 */

/**
 * The measures a spend data point can carry, after normalization of Claude
 * Code's OpenTelemetry metrics and the Admin API's Claude Code usage report.
 *
 * @public
 */
export const SPEND_MEASURES = [
  'cost',
  'tokens.input',
  'tokens.output',
  'tokens.cacheRead',
  'tokens.cacheCreation',
  'sessions',
  'commits',
  'pullRequests',
  'linesAdded',
  'linesRemoved',
  'activeSeconds',
] as const;

/**
 * One of {@link SPEND_MEASURES}.
 *
 * @public
 */
export type SpendMeasure = (typeof SPEND_MEASURES)[number];

/**
 * The dimensions a spend breakdown can be cut by.
 *
 * @public
 */
export const SPEND_DIMENSIONS = [
  'model',
  'skill',
  'mcpServer',
  'user',
  'repo',
  'agent',
  'plugin',
  'querySource',
  'effort',
] as const;

/**
 * One of {@link SPEND_DIMENSIONS}.
 *
 * @public
 */
export type SpendDimension = (typeof SPEND_DIMENSIONS)[number];

/**
 * Token counts by type, as Claude Code's `claude_code.token.usage` splits them.
 *
 * @public
 */
export interface SpendTokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

/**
 * Totals over a range.
 *
 * @public
 */
export interface SpendTotals {
  /** USD. */
  cost: number;
  tokens: SpendTokens;
  sessions: number;
  commits: number;
  pullRequests: number;
  linesAdded: number;
  linesRemoved: number;
  activeSeconds: number;
}

/**
 * One row of a breakdown: a key of a dimension (a model id, a skill name, a
 * user entity ref or email, ...) and its cost and tokens. `key` is `null` for
 * data points that did not carry the dimension (e.g. spend outside any skill).
 *
 * @public
 */
export interface SpendBreakdownRow {
  key: string | null;
  cost: number;
  tokens: SpendTokens;
}

/**
 * One day of spend.
 *
 * @public
 */
export interface SpendDay {
  /** `YYYY-MM-DD`, UTC. */
  date: string;
  cost: number;
  tokens: SpendTokens;
}

/**
 * Budget state: `none` when no layer sets a monthly budget, `ok` when the
 * forecast to month end stays within it, `at-risk` when the forecast exceeds
 * it, `over` when month-to-date spend already exceeds it.
 *
 * @public
 */
export type BudgetState = 'none' | 'ok' | 'at-risk' | 'over';

/**
 * A team's monthly budget (from its agent config, capped by the base) and the
 * current month's position against it.
 *
 * @public
 */
export interface SpendBudget {
  /** The calendar month, `YYYY-MM`. */
  month: string;
  /** The effective monthly budget in USD, or null when none is set. */
  monthlyUsd: number | null;
  /** The agent config entity the budget came from, when there is one. */
  source: string | null;
  /** Spend from the first of the month to now. */
  monthToDate: number;
  /** Spend forecast to the end of the month (linear on the days so far). */
  forecast: number;
  state: BudgetState;
}

/**
 * The spend of one entity (a Group, a User or a Component) over a range.
 * Served by `GET /api/agent-platform/spend/entities/:kind/:namespace/:name`
 * with query `from` and `to` (`YYYY-MM-DD`, inclusive; default the last 30
 * days).
 *
 * @public
 */
export interface EntitySpendReport {
  entityRef: string;
  range: { from: string; to: string };
  currency: 'USD';
  totals: SpendTotals;
  /** cacheRead / (input + cacheRead + cacheCreation); null with no input. */
  cacheHitRatio: number | null;
  /** cost / pullRequests; null when there were no pull requests. */
  costPerPullRequest: number | null;
  /** cost / sessions; null when there were no sessions. */
  costPerSession: number | null;
  /** The range of the same length just before `range`. */
  previous: {
    range: { from: string; to: string };
    cost: number;
    /** (cost - previous) / previous; null when previous is 0. */
    change: number | null;
  };
  /** Every day of the range, zero-filled. */
  byDay: SpendDay[];
  /** Sorted by cost, descending. */
  byModel: SpendBreakdownRow[];
  bySkill: SpendBreakdownRow[];
  byMcpServer: SpendBreakdownRow[];
  byUser: SpendBreakdownRow[];
  byRepo: SpendBreakdownRow[];
  /** By subagent (`agent.name`). */
  byAgent: SpendBreakdownRow[];
  /** By Claude Code plugin (`plugin.name`). */
  byPlugin: SpendBreakdownRow[];
  /** By `query_source`. */
  byQuerySource: SpendBreakdownRow[];
  /** By reasoning `effort`. */
  byEffort: SpendBreakdownRow[];
  /**
   * For a Group with child Groups: each child's spend, its own subtree
   * included (a team listed under two children shows in both; the totals
   * count it once). Empty otherwise.
   */
  byTeam: SpendBreakdownRow[];
  /** For Groups; null for other kinds. */
  budget: SpendBudget | null;
  /**
   * The days the breakdowns (`byModel` to `byEffort`) count, when they are
   * not `range`: a user's and a repository's breakdowns older than
   * `agentPlatform.spend.retention.breakdownDays` are kept per month, and a
   * folded month that overlaps the range counts whole (see
   * `foldedBreakdownRange`). Absent otherwise; a Group's rows are
   * never folded.
   */
  breakdownRange?: { from: string; to: string };
  /** Cost per session, commit, pull request and line changed, per week of the range. */
  outcomes: SpendOutcomePeriod[];
  /** Days of the range far above the entity's own trailing baseline. */
  anomalies: SpendAnomaly[];
  /** How anomalies are found, with its parameters. */
  anomalyMethod: SpendAnomalyMethod;
}

/**
 * One row of the platform-wide spend table: a team, or the unattributed bucket
 * (`team: null`) that collects what no catalog entity could claim.
 *
 * @public
 */
export interface PlatformSpendRow {
  /** Group entity ref, or null for unattributed spend. */
  team: string | null;
  /** The Group's title or name, `Unattributed` for null. */
  title: string;
  cost: number;
  tokens: SpendTokens;
  sessions: number;
  pullRequests: number;
  previousCost: number;
  change: number | null;
  budget: SpendBudget | null;
  /** Cost and tokens by model over the range, highest cost first. */
  byModel: SpendBreakdownRow[];
  /** Cost and tokens by skill over the range, highest cost first. */
  bySkill: SpendBreakdownRow[];
  /** The range's last day, when it is far above the team's trailing baseline. */
  anomaly: SpendAnomaly | null;
}

/**
 * The platform-wide per-team spend table. Served by
 * `GET /api/agent-platform/spend/teams` with query `from` and `to`.
 *
 * @public
 */
export interface PlatformSpendTable {
  range: { from: string; to: string };
  currency: 'USD';
  /** Sorted by cost, descending; the unattributed row is always present. */
  rows: PlatformSpendRow[];
  totals: { cost: number; tokens: SpendTokens };
}

/**
 * What an ingestion request did. Answered by
 * `POST /api/agent-platform/otlp/v1/metrics` (as JSON when the request was
 * JSON; OTLP's own `ExportMetricsServiceResponse` with partial success for
 * protobuf) and by `POST /api/agent-platform/spend/import/admin-api`.
 *
 * @public
 */
export interface SpendIngestResult {
  /** Data points stored. */
  accepted: number;
  /** Data points already stored (same idempotency key): counted once. */
  duplicates: number;
  /** Data points ignored, by reason (unknown metric, bad value, ...). */
  ignored: Record<string, number>;
}

/**
 * One day of a team's reconciliation between the two spend sources.
 *
 * @public
 */
export interface SpendReconciliationDay {
  date: string;
  /** Cost the team's OpenTelemetry telemetry reported for the day (USD). */
  otlp: number;
  /** Cost the Admin API usage report gave the team's users for the day (USD). */
  adminApi: number;
  /** Cost counted for the day: one source per user-day. */
  counted: number;
  /** adminApi - otlp, when both sources reported the day; else null. */
  difference: number | null;
}

/**
 * A team's spend per source and day, and what is counted. Served by
 * `GET /api/agent-platform/spend/entities/group/:namespace/:name/reconciliation`
 * with query `from` and `to`.
 *
 * @public
 */
export interface SpendReconciliation {
  entityRef: string;
  range: { from: string; to: string };
  currency: 'USD';
  /** The rule that picks one source per user-day, in words. */
  rule: string;
  /** Every day of the range, zero-filled. */
  days: SpendReconciliationDay[];
  totals: { otlp: number; adminApi: number; counted: number };
}
