/**
 * Parsers for the files the suite reads: context files and the `extends:` pin, `.mcp.json`,
 * `.claude/settings.json` and its permission rules, SKILL.md, MCP Registry server.json, and the
 * org base's `agent-base.yaml` and `releases/<version>/` folders.
 * They take text and return results with `ParseIssue`s; they never touch a file system.
 */

export * from './text';
export * from './paths';
export * from './markdown';
export * from './frontmatter';
export * from './jsonLocator';
export * from './zodIssues';
export * from './expansion';
export * from './secrets';
export * from './pin';
export * from './contextFile';
export * from './contextTree';
export * from './mcpJson';
export * from './permissionRule';
export * from './permissionRuleMatch';
export * from './settingsJson';
export * from './skillMd';
export * from './serverJson';
export * from './release';
export * from './agentTools';
export * from './mcpServerIdentity';
export * from './subagentMd';
export * from './ruleMd';
