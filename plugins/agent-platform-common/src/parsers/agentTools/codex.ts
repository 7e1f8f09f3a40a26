import { parse, TomlError } from 'smol-toml';
import { z } from 'zod';
import type { ParseIssue } from '../../errors';
import { isRecord } from '../../model/common';
import { quote } from '../text';
import { finishToolServer, issueAdder } from './toolMcpServers';
import type {
  AgentToolConfig,
  AgentToolMcpServer,
  AgentToolParser,
} from './types';

const CONFIG_FILE = '.codex/config.toml';
const AGENTS_FILE = 'AGENTS.md';

const APPROVAL_POLICIES: readonly string[] = ['untrusted', 'on-failure', 'on-request', 'never'];
const SANDBOX_MODES: readonly string[] = ['read-only', 'workspace-write', 'danger-full-access'];

const stringMap = z.record(z.string(), z.string());
const serverSchema = z.looseObject({
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
  cwd: z.string().optional(),
  url: z.string().optional(),
  bearer_token_env_var: z.string().optional(),
  bearer_token: z.string().optional(),
  http_headers: stringMap.optional(),
  env_http_headers: stringMap.optional(),
  enabled: z.boolean().optional(),
  startup_timeout_sec: z.number().optional(),
  tool_timeout_sec: z.number().optional(),
  enabled_tools: z.array(z.string()).optional(),
  disabled_tools: z.array(z.string()).optional(),
});

/**
 * 1-based lines of the tables and keys of a TOML text, by dotted path
 * (`mcp_servers.github`, `mcp_servers.github.command`, `model`). smol-toml
 * gives values without positions, so the lines come from a scan of table
 * headers and `key =` lines; quoted keys are unquoted.
 */
export function tomlKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let table: string[] = [];
  const KEY = String.raw`(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)`;
  const DOTTED = new RegExp(String.raw`^\s*(${KEY}(?:\s*\.\s*${KEY})*)`);
  const split = (dotted: string) =>
    (dotted.match(new RegExp(KEY, 'g')) ?? []).map(k =>
      k.startsWith('"') || k.startsWith("'") ? k.slice(1, -1) : k,
    );
  text.split(/\r?\n/).forEach((line, index) => {
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (header) {
      table = split(header[1]);
      if (!lines.has(table.join('.'))) {
        lines.set(table.join('.'), index + 1);
      }
      return;
    }
    const key = DOTTED.exec(line);
    if (key && line.slice(key[0].length).trimStart().startsWith('=')) {
      const path = [...table, ...split(key[1])].join('.');
      if (!lines.has(path)) {
        lines.set(path, index + 1);
      }
    }
  });
  return lines;
}

/**
 * OpenAI Codex: instructions in `AGENTS.md`; MCP servers in the project's
 * `.codex/config.toml` as `[mcp_servers.<name>]` tables (`command`, `args`,
 * `env` for a local server; `url`, `bearer_token_env_var`, `http_headers` for
 * a streamable HTTP one; `enabled = false` switches one off). Its
 * `approval_policy` and `sandbox_mode` are its permissions: kept as written,
 * and `approval_policy = "never"` with `sandbox_mode = "danger-full-access"`
 * (no prompts, no sandbox) is Claude Code's `bypassPermissions`.
 *
 * Rules: `toml-syntax`, `codex-config-invalid-field`, `codex-mcp-invalid-field`,
 * `codex-mcp-invalid-server`, `codex-mcp-literal-secret`.
 *
 * @public
 */
export const codexParser: AgentToolParser = {
  id: 'codex',
  title: 'OpenAI Codex',
  files: [AGENTS_FILE, CONFIG_FILE],
  folders: [],
  isContextFile: path => path === AGENTS_FILE,
  parse(files) {
    const text = files.get(CONFIG_FILE);
    return text === undefined
      ? { mcpServers: [], issues: [] }
      : parseCodexConfig(text, CONFIG_FILE);
  },
};

/**
 * Parses a Codex `config.toml` (see {@link codexParser}).
 *
 * @public
 */
export function parseCodexConfig(text: string, file: string): AgentToolConfig {
  const issues: ParseIssue[] = [];
  const add = issueAdder(file, issues);
  const mcpServers: AgentToolMcpServer[] = [];
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : undefined;
    add(
      'toml-syntax',
      line,
      `Invalid TOML: ${(error as Error).message.split('\n')[0]}`,
    );
    return { mcpServers, issues };
  }
  const lines = tomlKeyLines(text);
  const lineOf = (path: string) => lines.get(path) ?? 1;
  const result: AgentToolConfig = { mcpServers, issues };

  const native: Record<string, string> = {};
  for (const [key, allowed] of [
    ['approval_policy', APPROVAL_POLICIES],
    ['sandbox_mode', SANDBOX_MODES],
  ] as const) {
    const value = doc[key];
    if (value === undefined) {
      continue;
    }
    if (typeof value !== 'string' || !allowed.includes(value)) {
      add(
        'codex-config-invalid-field',
        lineOf(key),
        `${key} must be one of ${allowed.join(', ')}, found ${JSON.stringify(
          value,
        )}`,
      );
      continue;
    }
    native[key] = value;
  }
  if (Object.keys(native).length > 0) {
    result.nativePermissions = native;
    if (
      native.approval_policy === 'never' &&
      native.sandbox_mode === 'danger-full-access'
    ) {
      result.permissions = { defaultMode: 'bypassPermissions' };
    }
  }
  if (doc.model !== undefined) {
    if (typeof doc.model === 'string') {
      result.model = doc.model;
    } else {
      add(
        'codex-config-invalid-field',
        lineOf('model'),
        'model must be a string',
      );
    }
  }

  const servers = doc.mcp_servers;
  if (servers === undefined) {
    return result;
  }
  if (!isRecord(servers)) {
    add(
      'codex-mcp-invalid-field',
      lineOf('mcp_servers'),
      'mcp_servers must be a table of servers, e.g. [mcp_servers.github]',
    );
    return result;
  }
  for (const [name, raw] of Object.entries(servers)) {
    const at = `mcp_servers.${name}`;
    const line = lineOf(at);
    if (!isRecord(raw)) {
      add('codex-mcp-invalid-field', line, `[${at}] must be a table`);
      continue;
    }
    const parsed = serverSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.');
        add(
          'codex-mcp-invalid-field',
          lines.get(`${at}.${issue.path[0] as string}`) ?? line,
          `[${at}] ${field}: ${issue.message}`,
        );
      }
      continue;
    }
    const entry = parsed.data;
    const fieldLine = (path: ReadonlyArray<string | number>) =>
      lines.get(`${at}.${path[0] === 'headers' ? 'http_headers' : path[0]}`) ??
      line;
    if (entry.bearer_token !== undefined) {
      add(
        'codex-mcp-literal-secret',
        fieldLine(['bearer_token']),
        `[${at}] bearer_token is a token written into the file; use bearer_token_env_var`,
      );
    }
    const disabled = entry.enabled === false;
    if (entry.command !== undefined && entry.command.trim() !== '') {
      mcpServers.push(
        finishToolServer(
          {
            name,
            file,
            line,
            transport: 'stdio',
            command: entry.command,
            args: entry.args,
            env: entry.env,
            disabled,
            raw,
            lineOf: fieldLine,
          },
          'codex',
          add,
        ),
      );
    } else if (entry.url !== undefined && entry.url.trim() !== '') {
      const headers: Record<string, string> = { ...entry.http_headers };
      for (const [header, variable] of Object.entries(
        entry.env_http_headers ?? {},
      )) {
        headers[header] = `\${${variable}}`;
      }
      if (entry.bearer_token_env_var) {
        headers.Authorization = `Bearer \${${entry.bearer_token_env_var}}`;
      }
      mcpServers.push(
        finishToolServer(
          {
            name,
            file,
            line,
            transport: 'http',
            url: entry.url,
            headers,
            disabled,
            raw,
            lineOf: fieldLine,
          },
          'codex',
          add,
        ),
      );
    } else {
      add(
        'codex-mcp-invalid-server',
        line,
        `Server ${quote(
          name,
        )} has neither a "command" (a local server) nor a "url" (a streamable HTTP one), so Codex cannot start it`,
      );
    }
  }
  return result;
}
