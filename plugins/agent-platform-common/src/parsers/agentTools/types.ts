import type { ParseIssue } from '../../errors';
import type { AgentConfigPermissions } from '../../model/AgentConfigEntity';
import type { McpServerConfig } from '../mcpJson';

/**
 * A folder an agent tool reads every file of, e.g. Cursor's `.cursor/rules/*.mdc`.
 *
 * @public
 */
export type AgentToolFolder = {
  /** Repo-relative folder, e.g. `.cursor/rules`. */
  path: string;
  /** Files of the folder the tool reads end with this, e.g. `.mdc`. */
  suffix: string;
};

/**
 * One MCP server an agent tool starts, normalized to the `.mcp.json` shape
 * whatever the tool's own format (Codex TOML, VS Code `servers`, Gemini `httpUrl`).
 *
 * @public
 */
export type AgentToolMcpServer = McpServerConfig & {
  /** Repo-relative file the server is configured in. */
  file: string;
  /** True when the tool's own settings switch the server off. */
  disabled?: boolean;
};

/**
 * What one agent tool's files configure, in the suite's terms: the same
 * shape for every tool, so pin, drift, servers and violations are judged once.
 *
 * @public
 */
export type AgentToolConfig = {
  /** MCP servers, in file order. */
  mcpServers: AgentToolMcpServer[];
  /**
   * Permissions in Claude Code rule syntax, for the inheritance engine. A tool
   * without rules of that syntax only sets `defaultMode` where one of its
   * settings means the same (e.g. Codex with no approvals and no sandbox is
   * `bypassPermissions`).
   */
  permissions?: AgentConfigPermissions;
  /** The tool's own permission settings as written, e.g. `{ approval_policy: 'never' }`. */
  nativePermissions?: Record<string, string | string[]>;
  /** The model the tool's settings choose, when any. */
  model?: string;
  /** Subagents the tool's files define (Claude Code `.claude/agents/*.md`). */
  subagents?: AgentToolSubagent[];
  /** Problems found, each with file, line and rule. */
  issues: ParseIssue[];
};

/**
 * A subagent a repository defines.
 *
 * @public
 */
export type AgentToolSubagent = {
  name: string;
  /** Repo-relative file. */
  file: string;
  description: string;
  /** Its tools; absent means every tool of the session. */
  tools?: string[];
  model?: string;
};

/**
 * A parser for one agent tool's repository files. Adding a tool is one
 * implementation of this interface, its tests, and one line in
 * `AGENT_TOOL_PARSERS`.
 *
 * @public
 */
export interface AgentToolParser {
  /** Stable id, e.g. `cursor`. */
  readonly id: string;
  /** Display name, e.g. `Cursor`. */
  readonly title: string;
  /** Repo-relative files the tool reads at fixed paths. */
  readonly files: readonly string[];
  /** Folders the tool reads every matching file of. */
  readonly folders: readonly AgentToolFolder[];
  /**
   * Whether a file of the tool is an instruction (context) file: the files
   * searched for the `extends:` pin, with their `@` imports.
   */
  isContextFile(path: string): boolean;
  /**
   * Parses the tool's files that exist, text by repo-relative path (files of
   * other tools may be present and are ignored). Pure.
   */
  parse(files: ReadonlyMap<string, string>): AgentToolConfig;
}
