/**
 * Parsers for the files the suite reads: context files and the `extends:` pin, `.mcp.json`,
 * `.claude/settings.json` and its permission rules, SKILL.md, MCP Registry server.json, and the
 * org base's `agent-base.yaml` and `releases/<version>/` folders.
 * They take text and return results with `ParseIssue`s; they never touch a file system.
 */

// Text, path, JSON-location, zod-issue, variable and secret helpers are
// internal: the parsers below use them, no other package does.
export { normalizePosixPath, escapesRoot } from './paths';
export * from './markdown';
export * from './frontmatter';
export * from './pin';
export * from './contextFile';
export * from './contextTree';
export * from './mcpJson';
export * from './permissionRule';
export {
  permissionRulesOverlap,
  permissionRuleCovers,
} from './permissionRuleMatch';
export type { PermissionRuleMemo } from './permissionRuleMatch';
export * from './settingsJson';
export * from './skillMd';
export * from './serverJson';
export * from './release';
export * from './agentTools';
export {
  matchMcpServer,
  describeCatalogMcpServer,
} from './mcpServerIdentity';
export type {
  McpServerIdentity,
  McpServerLaunch,
  CatalogMcpServerLike,
  McpServerMatch,
} from './mcpServerIdentity';
export * from './subagentMd';
export * from './ruleMd';
