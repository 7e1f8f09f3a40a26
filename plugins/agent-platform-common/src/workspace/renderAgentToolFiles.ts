import { stringify as stringifyToml } from 'smol-toml';
import type { McpServerEntry } from '../parsers/mcpJson';
import { mcpVariablePrefix } from './mcpVariables';

/**
 * The agent tools the scaffolder renders files for, in the order of the
 * core's parsers (`AGENT_TOOL_PARSERS`).
 *
 * @public
 */
export const SCAFFOLD_AGENT_TOOLS = [
  'claude-code',
  'cursor',
  'codex',
  'copilot',
  'gemini',
] as const;

/**
 * One of {@link SCAFFOLD_AGENT_TOOLS}.
 *
 * @public
 */
export type ScaffoldAgentTool = (typeof SCAFFOLD_AGENT_TOOLS)[number];

/**
 * Whether a value names one of {@link SCAFFOLD_AGENT_TOOLS}.
 *
 * @public
 */
export function isScaffoldAgentTool(
  value: unknown,
): value is ScaffoldAgentTool {
  return (SCAFFOLD_AGENT_TOOLS as readonly unknown[]).includes(value);
}

/** The Cursor rule file the scaffolder writes. */
export const CURSOR_RULE_FILE = '.cursor/rules/agent-platform.mdc';

/**
 * The files each tool gets besides `AGENTS.md`: its instruction file and its
 * MCP (and settings) file.
 *
 * @public
 */
export const AGENT_TOOL_FILES: Readonly<
  Record<ScaffoldAgentTool, { context: string; config: string }>
> = Object.freeze({
  'claude-code': { context: 'CLAUDE.md', config: '.mcp.json' },
  cursor: { context: CURSOR_RULE_FILE, config: '.cursor/mcp.json' },
  codex: { context: 'AGENTS.md', config: '.codex/config.toml' },
  copilot: {
    context: '.github/copilot-instructions.md',
    config: '.vscode/mcp.json',
  },
  gemini: { context: 'GEMINI.md', config: '.gemini/settings.json' },
});

/**
 * The tools a team's repositories are set up for, as the repos provider
 * observed them (`spec.observed.tools` of the repo configs the team owns), in
 * the order of {@link SCAFFOLD_AGENT_TOOLS}; Claude Code alone when the team
 * has no repository with agent files yet. AGENTS.md alone does not make a
 * repository a Codex one: Claude Code repositories import it, and Cursor and
 * Copilot read it too; Codex counts with its `.codex/config.toml`.
 *
 * @public
 */
export function agentToolsOfTeam(
  repos: ReadonlyArray<{ spec?: unknown }>,
  owner: string,
): ScaffoldAgentTool[] {
  const used = new Set<string>();
  for (const repo of repos) {
    const spec = (repo.spec ?? {}) as {
      owner?: unknown;
      observed?: { tools?: Array<{ id?: unknown; files?: unknown }> };
    };
    if (String(spec.owner ?? '').toLocaleLowerCase('en-US') !== owner) {
      continue;
    }
    for (const tool of spec.observed?.tools ?? []) {
      const files = Array.isArray(tool.files) ? tool.files : [];
      if (files.length > 0 && files.every(f => f === 'AGENTS.md')) continue;
      used.add(String(tool.id));
    }
  }
  const tools = SCAFFOLD_AGENT_TOOLS.filter(t => used.has(t));
  return tools.length > 0 ? tools : ['claude-code'];
}

/** A server as the scaffolder writes it, before a tool's own syntax. */
type NeutralServer =
  | {
      name: string;
      remote: true;
      type: 'http' | 'sse' | 'ws';
      url: string;
      token?: string;
    }
  | {
      name: string;
      remote: false;
      command: string;
      args: string[];
      token?: string;
    };

/**
 * The `.mcp.json` entry of a server (with `${X_MCP_URL:-<url>}` and
 * `${X_TOKEN}` references) read back as the catalog URL and the name of the
 * token variable, for the tools without `${VAR:-default}`.
 */
function neutral(name: string, entry: McpServerEntry): NeutralServer {
  const prefix = mcpVariablePrefix(name);
  const token = JSON.stringify(entry).includes(`${prefix}_TOKEN`)
    ? `${prefix}_TOKEN`
    : undefined;
  if (typeof entry.url === 'string') {
    const url = /^\$\{[A-Za-z0-9_]+:-(.*)\}$/.exec(entry.url)?.[1] ?? entry.url;
    return {
      name,
      remote: true,
      type: (entry.type as 'http' | 'sse' | 'ws') ?? 'http',
      url,
      ...(token ? { token } : {}),
    };
  }
  return {
    name,
    remote: false,
    command: String(entry.command),
    args: (entry.args as string[] | undefined) ?? [],
    ...(token ? { token } : {}),
  };
}

const cannot = (tool: string, server: NeutralServer, why: string) =>
  new Error(
    `The MCP server ${server.name} cannot be written for ${tool}: ${why}`,
  );

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** `.cursor/mcp.json`: `mcpServers`, secrets as `${env:NAME}`. */
function cursorMcp(servers: NeutralServer[]): string {
  const out: Record<string, unknown> = {};
  for (const s of servers) {
    if (s.remote) {
      if (s.type === 'ws')
        throw cannot('Cursor', s, 'Cursor has no WebSocket transport');
      out[s.name] = {
        ...(s.type === 'sse' ? { type: 'sse' } : {}),
        url: s.url,
        ...(s.token
          ? { headers: { Authorization: `Bearer \${env:${s.token}}` } }
          : {}),
      };
    } else {
      out[s.name] = {
        command: s.command,
        args: s.args,
        ...(s.token ? { env: { [s.token]: `\${env:${s.token}}` } } : {}),
      };
    }
  }
  return json({ mcpServers: out });
}

/** `.vscode/mcp.json`: `servers`, secrets as prompted `inputs`. */
function copilotMcp(servers: NeutralServer[]): string {
  const out: Record<string, unknown> = {};
  const inputs: unknown[] = [];
  for (const s of servers) {
    const input = s.token
      ? s.token.toLowerCase().replace(/_/g, '-')
      : undefined;
    if (s.token && input) {
      inputs.push({
        type: 'promptString',
        id: input,
        description: `Token of the ${s.name} MCP server (${s.token})`,
        password: true,
      });
    }
    if (s.remote) {
      if (s.type === 'ws')
        throw cannot('VS Code', s, 'VS Code has no WebSocket transport');
      out[s.name] = {
        type: s.type,
        url: s.url,
        ...(input
          ? { headers: { Authorization: `Bearer \${input:${input}}` } }
          : {}),
      };
    } else {
      out[s.name] = {
        type: 'stdio',
        command: s.command,
        args: s.args,
        ...(input && s.token
          ? { env: { [s.token]: `\${input:${input}}` } }
          : {}),
      };
    }
  }
  return json({ ...(inputs.length > 0 ? { inputs } : {}), servers: out });
}

/** `.gemini/settings.json`: `mcpServers` (`httpUrl` for streamable HTTP, `url` for SSE), secrets as `${NAME}`. */
function geminiSettings(servers: NeutralServer[]): string {
  const out: Record<string, unknown> = {};
  for (const s of servers) {
    const headers = s.token
      ? { headers: { Authorization: `Bearer \${${s.token}}` } }
      : {};
    if (s.remote) {
      if (s.type === 'ws')
        throw cannot('Gemini CLI', s, 'Gemini CLI has no WebSocket transport');
      out[s.name] =
        s.type === 'sse'
          ? { url: s.url, ...headers }
          : { httpUrl: s.url, ...headers };
    } else {
      out[s.name] = {
        command: s.command,
        args: s.args,
        ...(s.token ? { env: { [s.token]: `\${${s.token}}` } } : {}),
      };
    }
  }
  return json({ mcpServers: out });
}

/**
 * `.codex/config.toml`: approvals on request in a sandbox (read-only when the
 * effective mode is `plan`), `[mcp_servers.<name>]` with `url` and
 * `bearer_token_env_var` or `command`, `args` and `env_vars` (the names of
 * variables passed through, never values).
 */
function codexConfig(servers: NeutralServer[], defaultMode?: string): string {
  const out: Record<string, unknown> = {};
  for (const s of servers) {
    if (s.remote) {
      if (s.type !== 'http') {
        throw cannot(
          'OpenAI Codex',
          s,
          `Codex reaches remote servers over streamable HTTP only, not ${s.type}`,
        );
      }
      out[s.name] = {
        url: s.url,
        ...(s.token ? { bearer_token_env_var: s.token } : {}),
      };
    } else {
      out[s.name] = {
        command: s.command,
        args: s.args,
        ...(s.token ? { env_vars: [s.token] } : {}),
      };
    }
  }
  return stringifyToml({
    approval_policy: 'on-request',
    sandbox_mode: defaultMode === 'plan' ? 'read-only' : 'workspace-write',
    ...(Object.keys(out).length > 0 ? { mcp_servers: out } : {}),
  }).concat('\n');
}

/**
 * Input of {@link renderAgentToolFiles}.
 *
 * @public
 */
export interface RenderAgentToolFilesInput {
  /** The tools besides Claude Code (whose files {@link renderAgentFiles} writes). */
  tools: readonly ScaffoldAgentTool[];
  /** The `.mcp.json` entries by server name, as {@link mcpJsonEntryForServer} writes them. */
  mcpServers: Record<string, McpServerEntry>;
  /** The full instructions (pin line first), as AGENTS.md holds them. */
  instructions: string;
  /** The component name, for the Cursor rule's description. */
  componentName: string;
  /** The effective default permission mode. */
  defaultMode?: string;
}

/**
 * The files of Cursor, OpenAI Codex, GitHub Copilot and Gemini CLI for a new
 * repository, from the same servers and instructions as Claude Code's:
 * `.cursor/rules/agent-platform.mdc` (always applied) and `.cursor/mcp.json`;
 * `.codex/config.toml` (Codex reads AGENTS.md itself);
 * `.github/copilot-instructions.md` and `.vscode/mcp.json`; `GEMINI.md`
 * (`@AGENTS.md`) and `.gemini/settings.json`. Cursor and Copilot do not
 * follow `@` imports the way Claude Code and Gemini CLI do, so their
 * instruction files carry the instructions (and the pin) themselves. URLs are
 * the catalog's; tokens are each tool's variable syntax, never values.
 * Throws when a server's transport is one a tool lacks.
 *
 * @public
 */
export function renderAgentToolFiles(input: RenderAgentToolFilesInput): {
  files: Record<string, string>;
  variables: string[];
} {
  const servers = Object.entries(input.mcpServers).map(([name, entry]) =>
    neutral(name, entry),
  );
  const files: Record<string, string> = {};
  const tools = new Set(input.tools);
  if (tools.has('cursor')) {
    // A JSON string is a YAML scalar: a name with ":" cannot break the frontmatter.
    const description = JSON.stringify(
      `Agent context of ${input.componentName}: the org base release it pins, the team's additions and the guardrails`,
    );
    files[
      CURSOR_RULE_FILE
    ] = `---\ndescription: ${description}\nalwaysApply: true\n---\n\n${input.instructions}`;
    files['.cursor/mcp.json'] = cursorMcp(servers);
  }
  if (tools.has('codex')) {
    files['.codex/config.toml'] = codexConfig(servers, input.defaultMode);
  }
  if (tools.has('copilot')) {
    files['.github/copilot-instructions.md'] = input.instructions;
    files['.vscode/mcp.json'] = copilotMcp(servers);
  }
  if (tools.has('gemini')) {
    files['GEMINI.md'] = '@AGENTS.md\n';
    files['.gemini/settings.json'] = geminiSettings(servers);
  }
  // Copilot prompts for its inputs; the other tools read variables.
  const variables = [
    ...new Set(
      [...tools].some(t => t !== 'copilot' && t !== 'claude-code')
        ? servers.flatMap(s => (s.token ? [s.token] : []))
        : [],
    ),
  ].sort();
  return { files, variables };
}
