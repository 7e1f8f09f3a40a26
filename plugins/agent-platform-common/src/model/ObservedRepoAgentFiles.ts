/*
 * What the repos provider reads from a repository's agent files (pin, MCP
 * servers, agent tools), carried on a repo config as `spec.observed`.
 */

/**
 * Where a repository's `extends:` pin was found.
 *
 * @public
 */
export interface ObservedPin {
  /** Repo-relative path of the context file holding the pin, e.g. `AGENTS.md`. */
  file: string;
  /** 1-based line of the pin comment. */
  line: number;
  /** The base the pin names, e.g. `org-base`. */
  base: string;
  /** The exact release the pin names, e.g. `2.4.0`. */
  version: string;
}

/**
 * One server a repository wires in its `.mcp.json`.
 *
 * @public
 */
export interface ObservedMcpServer {
  /** The server's key in its tool's file (`mcpServers`, `servers`, `[mcp_servers.<name>]`). */
  name: string;
  /** Repo-relative file the server is configured in, e.g. `.cursor/mcp.json`; `.mcp.json` when absent. */
  file?: string;
  /** The effective transport: `stdio`, `http`, `sse` or `ws`. */
  type: string;
  /** The url as written (remote transports). */
  url?: string;
  /** The command as written (stdio). */
  command?: string;
  /** True when the tool's settings switch the server off (e.g. `disabledMcpjsonServers`, Codex `enabled = false`). */
  disabled?: boolean;
  /** The catalog MCP server (`API`, `mcp-server`) it matches, or null when none does. */
  entityRef: string | null;
}

/**
 * One agent tool a repository is set up for.
 *
 * @public
 */
export interface ObservedAgentTool {
  /** Parser id, e.g. `cursor`. */
  id: string;
  /** e.g. `Cursor`. */
  title: string;
  /** Its files that exist, repo-relative. */
  files: string[];
  /** Its own permission settings as written, when it has any (e.g. Codex `approval_policy`). */
  nativePermissions?: Record<string, string | string[]>;
  /** The model its settings choose. */
  model?: string;
}

/**
 * What the suite read in a repository's agent files, as opposed to what the
 * catalog declares. Set by the catalog module on the repo configs it derives
 * from a Component's repository.
 *
 * @public
 */
export interface ObservedRepoAgentFiles {
  /** Repo-relative paths of every agent file read, in load order. */
  files: string[];
  /** The agent tools whose files the repository has (Claude Code, Cursor, Codex, Copilot, Gemini CLI). */
  tools?: ObservedAgentTool[];
  /** The subagents the repository defines (`.claude/agents/*.md`). */
  subagents?: Array<{
    name: string;
    file: string;
    description: string;
    tools?: string[];
    model?: string;
  }>;
  /** The pin found, when any. */
  pin?: ObservedPin;
  /** The servers of `.mcp.json`, in file order. */
  mcpServers: ObservedMcpServer[];
  /**
   * When the agent files last changed (ISO 8601), as their source reported
   * it: a local file's modification time, a URL's `Last-Modified`. Absent
   * when any file's date is unknown.
   */
  lastModified?: string;
}
