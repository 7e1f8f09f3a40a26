import { valid as semverValid } from 'semver';

/**
 * Well-known lifecycle values. Upstream accepts any string; the suite gives
 * meaning to `deprecated` (a deprecated skill produces a warning).
 *
 * @public
 */
export const LIFECYCLES = ['experimental', 'production', 'deprecated'] as const;

/**
 * A well-known lifecycle value.
 *
 * @public
 */
export type Lifecycle = (typeof LIFECYCLES)[number];

/**
 * Who a skill is meant for.
 *
 * @public
 */
export const SKILL_SCOPES = ['org', 'team'] as const;

/**
 * Who a skill is meant for: the whole org or one team.
 *
 * @public
 */
export type SkillScope = (typeof SKILL_SCOPES)[number];

/**
 * Result of a skill's evaluation suite.
 *
 * @public
 */
export const EVAL_STATUSES = ['passing', 'failing', 'pending', 'none'] as const;

/**
 * Result of a skill's evaluation suite.
 *
 * @public
 */
export type EvalStatus = (typeof EVAL_STATUSES)[number];

/**
 * How an MCP server authenticates its callers.
 *
 * @public
 */
export const MCP_AUTH_TYPES = ['oauth', 'token', 'mtls', 'none'] as const;

/**
 * How an MCP server authenticates its callers.
 *
 * @public
 */
export type McpAuthType = (typeof MCP_AUTH_TYPES)[number];

/**
 * Risk rating of an MCP server, lowest first.
 *
 * @public
 */
export const MCP_RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;

/**
 * Risk rating of an MCP server.
 *
 * @public
 */
export type McpRiskLevel = (typeof MCP_RISK_LEVELS)[number];

/**
 * Allowlist review outcome of an MCP server.
 *
 * @public
 */
export const ALLOWLIST_STATUSES = ['approved', 'restricted', 'denied'] as const;

/**
 * Allowlist review outcome: `approved` for anyone, `restricted` only with an
 * unexpired exception, `denied` never.
 *
 * @public
 */
export type AllowlistStatus = (typeof ALLOWLIST_STATUSES)[number];

/**
 * What an MCP tool may do, least powerful first.
 *
 * @public
 */
export const TOOL_ACCESS_LEVELS = ['read', 'write', 'destructive'] as const;

/**
 * What an MCP tool may do.
 *
 * @public
 */
export type ToolAccessLevel = (typeof TOOL_ACCESS_LEVELS)[number];

/**
 * Levels of agent config, broadest first.
 *
 * @public
 */
export const AGENT_CONFIG_LEVELS = ['base', 'team', 'repo'] as const;

/**
 * Level of an agent config: the org `base`, a `team` (owned by a Group) or a
 * `repo` (attached to a Component).
 *
 * @public
 */
export type AgentConfigLevel = (typeof AGENT_CONFIG_LEVELS)[number];

/**
 * Claude Code `permissions.defaultMode` values, as documented by Claude Code.
 * The strictness order the suite applies lives in
 * `PERMISSION_MODE_STRICTNESS` (inheritance).
 *
 * @public
 */
export const PERMISSION_MODES = [
  'default',
  'acceptEdits',
  'plan',
  'auto',
  'dontAsk',
  'bypassPermissions',
] as const;

/**
 * A Claude Code permission mode.
 *
 * @public
 */
export type PermissionMode = (typeof PERMISSION_MODES)[number];

/**
 * True when the value is a known Claude Code permission mode.
 *
 * @public
 */
export function isPermissionMode(value: unknown): value is PermissionMode {
  return (
    typeof value === 'string' &&
    (PERMISSION_MODES as readonly string[]).includes(value)
  );
}

/**
 * Grammar of a base name in a base ref: an entity name of 1 to 64 lowercase
 * letters, digits and dashes.
 *
 * @public
 */
export const BASE_NAME_PATTERN = /^[a-z0-9-]{1,64}$/;

/**
 * One exact semver 2.0.0 version (the regular expression published on
 * semver.org): no range, no leading `v`; prerelease and build metadata allowed.
 *
 * @public
 */
export const EXACT_SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/**
 * Returns whether `version` is one exact semver 2.0.0 version
 * ({@link EXACT_SEMVER_PATTERN}) that the `semver` package can also order
 * (at most 256 characters, numbers up to `Number.MAX_SAFE_INTEGER`).
 *
 * @public
 */
export function isExactSemver(version: string): boolean {
  return EXACT_SEMVER_PATTERN.test(version) && semverValid(version) !== null;
}

/**
 * A calendar date (`2026-10-28`) or an ISO 8601 date-time, as the catalog
 * stores YAML dates.
 *
 * @public
 */
export const DATE_PATTERN =
  /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Where a subagent or rule applies: the whole org (registry), one team
 * (registry, owned by the team), or one repository (read from it).
 *
 * @public
 */
export const ASSET_SCOPES = ['org', 'team', 'repo'] as const;

/**
 * Where a subagent or rule applies.
 *
 * @public
 */
export type AssetScope = (typeof ASSET_SCOPES)[number];
