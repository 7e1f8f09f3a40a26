import { SpendMeasure } from './api';

/**
 * The attributes of a spend data point that attribution and the breakdowns
 * read, taken from the telemetry as it arrived (OpenTelemetry resource and
 * data point attributes, or an Admin API report row). Nothing here is resolved
 * against the catalog yet.
 *
 * @public
 */
export interface SpendAttributes {
  /** `team.id` (OpenTelemetry resource attribute set by the team). */
  teamId?: string;
  /** `user.email`, or the Admin API actor's `email_address`. */
  userEmail?: string;
  /** `user.id` or `user.account_uuid`. */
  userId?: string;
  /** `session.id`. */
  sessionId?: string;
  /** `model`, e.g. `claude-sonnet-4-6`. */
  model?: string;
  /** `skill.name`. */
  skill?: string;
  /** `mcp_server.name`. */
  mcpServer?: string;
  /** The repository, when the telemetry names one (`repo`, `vcs.repository.name`, `service.name`). */
  repo?: string;
  /** The Admin API actor's `api_key_name`, for API-key actors. */
  apiKeyName?: string;
  /** `agent.name`: the subagent that spent it. */
  agent?: string;
  /** `plugin.name`: the Claude Code plugin the skill or agent came from. */
  plugin?: string;
  /** `query_source`: what asked (e.g. `main`, `subagent`, `compact`). */
  querySource?: string;
  /** `effort`: the reasoning effort setting. */
  effort?: string;
}

/**
 * One normalized, not yet attributed, spend measurement: a delta of one
 * measure over an interval ending at `timestamp`. OTLP cumulative series are
 * turned into deltas before they become points.
 *
 * `key` is the idempotency key: the same measurement always gets the same key
 * (for OTLP: metric, attribute set, start and end time; for the Admin API:
 * day, actor, model, measure), so a retried or duplicated batch counts once.
 *
 * @public
 */
export interface SpendPoint {
  key: string;
  source: 'otlp' | 'admin-api';
  measure: SpendMeasure;
  /** The delta over the interval; finite and at least 0. */
  value: number;
  /** End of the interval, milliseconds since the epoch (UTC). */
  timestamp: number;
  attributes: SpendAttributes;
}
