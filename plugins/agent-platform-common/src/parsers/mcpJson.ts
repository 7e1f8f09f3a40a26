import { z } from 'zod';
import { hasParseErrors, ParseIssue, ParseIssuesError } from '../errors';
import { isRecord } from '../model/common';
import {
  findBareEnvReferences,
  findEnvReferences,
  findMalformedEnvReferences,
} from './expansion';
import { checkJsonFile } from './jsonFile';
import { formatJsonPath } from './jsonLocator';
import { detectLiteralSecret } from './secrets';
import { quote, redact } from './text';

/**
 * The transports Claude Code supports in `.mcp.json` (`streamable-http` is read as `http`).
 *
 * @public
 */
export const MCP_TRANSPORTS = ['stdio', 'http', 'sse', 'ws'] as const;

/**
 * A transport of an `.mcp.json` server.
 *
 * @public
 */
export type McpTransport = (typeof MCP_TRANSPORTS)[number];

/**
 * One server entry of `.mcp.json` as written in the file.
 *
 * @public
 */
export type McpServerEntry = {
  type?: string;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  url?: string;
  headers?: Record<string, string>;
  [key: string]: unknown;
};

/**
 * The `.mcp.json` file as written.
 *
 * @public
 */
export type McpJsonFile = {
  mcpServers: Record<string, McpServerEntry>;
  [key: string]: unknown;
};

/**
 * A `${VAR}` reference used by a server, with where it is used.
 *
 * @public
 */
export type McpVariable = {
  /** The variable name. */
  name: string;
  /** The `:-` fallback, when given. */
  default?: string;
  /** The server using it. */
  server: string;
  /** Where in the server entry, e.g. `headers.Authorization` or `args[1]`. */
  field: string;
  /** 1-based line. */
  line: number;
};

/**
 * A normalized `.mcp.json` server.
 *
 * @public
 */
export type McpServerConfig = {
  /** The key in `mcpServers`. */
  name: string;
  /** The effective transport (`stdio` when `type` is absent; `streamable-http` read as `http`). */
  transport: McpTransport;
  /** The `type` as written, when written. */
  declaredType?: string;
  command?: string;
  args: string[];
  env: Record<string, string>;
  url?: string;
  headers: Record<string, string>;
  /** Names of the variables the entry references, sorted, without duplicates. */
  variables: string[];
  /** 1-based line of the server's key. */
  line: number;
  /** The entry as written. */
  raw: McpServerEntry;
};

/**
 * The result of {@link parseMcpJson}.
 *
 * @public
 */
export type McpJson = {
  /** The servers that could be read (those with an unknown `type` are left out). */
  servers: McpServerConfig[];
  /** Every variable reference, in file order. */
  variables: McpVariable[];
  /** Problems found. */
  issues: ParseIssue[];
};

const serverEntrySchema = z
  .object({
    type: z.string().optional(),
    command: z.string().optional(),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
    url: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    cwd: z.string().optional(),
    timeout: z.number().optional(),
  })
  .loose();

const rootSchema = z
  .object({ mcpServers: z.record(z.string(), z.unknown()) })
  .loose();

const TYPE_ALIASES: Record<string, McpTransport> = {
  stdio: 'stdio',
  http: 'http',
  'streamable-http': 'http',
  sse: 'sse',
  ws: 'ws',
};

const SERVER_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Parses and validates a project `.mcp.json` (Claude Code docs, "mcp"): the `mcpServers` map,
 * transports (`stdio` when `type` is absent and requires `command`; `http`, alias
 * `streamable-http`, and `ws` require `url`; `sse` is deprecated), `${VAR}` / `${VAR:-default}`
 * references and secrets written literally into the file. Issues point at the line of the
 * offending key.
 *
 * Rules: `json-syntax`, `json-duplicate-key` (warning), `mcp-not-object`, `mcp-missing-servers`,
 * `mcp-invalid-field`, `mcp-invalid-server-name` (warning), `mcp-unknown-type`,
 * `mcp-url-without-type`, `mcp-stdio-missing-command`, `mcp-remote-missing-url`,
 * `mcp-invalid-url`, `mcp-sse-deprecated` (warning), `mcp-field-ignored` (warning),
 * `mcp-invalid-variable` (warning), `mcp-bare-variable` (warning), `mcp-literal-secret`.
 *
 * @public
 */
export function parseMcpJson(text: string, options: { file: string }): McpJson {
  const { doc, issues, add, addZodError } = checkJsonFile(text, options.file);
  const result: McpJson = { servers: [], variables: [], issues };
  if (doc.error) {
    return result;
  }
  if (!isRecord(doc.value)) {
    add('mcp-not-object', [], 'An .mcp.json file must be a JSON object');
    return result;
  }
  if (!('mcpServers' in doc.value)) {
    add(
      'mcp-missing-servers',
      [],
      'The file has no "mcpServers" object; Claude Code reads servers only from there',
    );
    return result;
  }
  const root = rootSchema.safeParse(doc.value);
  if (!root.success) {
    addZodError(root.error, 'mcp-invalid-field');
    return result;
  }

  for (const [name, rawEntry] of Object.entries(root.data.mcpServers)) {
    const base: Array<string | number> = ['mcpServers', name];
    const server = `Server ${quote(name)}`;
    if (!SERVER_NAME.test(name)) {
      add(
        'mcp-invalid-server-name',
        base,
        `${server}: names may only use letters, digits, "-" and "_"`,
        'warning',
      );
    }
    if (!isRecord(rawEntry)) {
      add('mcp-invalid-field', base, `${server} must be a JSON object`);
      continue;
    }
    const parsed = serverEntrySchema.safeParse(rawEntry);
    if (!parsed.success) {
      addZodError(parsed.error, 'mcp-invalid-field', base);
      continue;
    }
    const entry = parsed.data;

    let transport: McpTransport;
    if (entry.type === undefined) {
      if (entry.url !== undefined) {
        add(
          'mcp-url-without-type',
          [...base, 'url'],
          `${server} has a "url" but no "type"; without "type" Claude Code starts a stdio server, so add "type": "http" (or "sse", "ws")`,
        );
        transport = 'http';
      } else {
        transport = 'stdio';
      }
    } else if (entry.type in TYPE_ALIASES) {
      transport = TYPE_ALIASES[entry.type];
    } else {
      add(
        'mcp-unknown-type',
        [...base, 'type'],
        `${server} has the unknown type ${quote(
          entry.type,
        )}; use "stdio", "http" (or "streamable-http"), "sse" or "ws"`,
      );
      continue;
    }

    if (transport === 'stdio') {
      if (entry.command === undefined || entry.command.trim() === '') {
        add(
          'mcp-stdio-missing-command',
          base,
          `${server} is a stdio server but has no "command" to start`,
        );
      }
      for (const key of ['url', 'headers'] as const) {
        if (entry[key] !== undefined) {
          add(
            'mcp-field-ignored',
            [...base, key],
            `${server} is a stdio server; its "${key}" is ignored`,
            'warning',
          );
        }
      }
    } else {
      if (entry.url === undefined || entry.url.trim() === '') {
        add(
          'mcp-remote-missing-url',
          base,
          `${server} is a ${transport} server but has no "url"`,
        );
      } else {
        const schemes = transport === 'ws' ? /^wss?:\/\//i : /^https?:\/\//i;
        if (!schemes.test(entry.url) && !entry.url.startsWith('${')) {
          add(
            'mcp-invalid-url',
            [...base, 'url'],
            `${server}: the url ${quote(entry.url)} must start with ${
              transport === 'ws' ? 'ws:// or wss://' : 'http:// or https://'
            }`,
          );
        }
      }
      if (transport === 'sse') {
        add(
          'mcp-sse-deprecated',
          [...base, 'type'],
          `${server} uses the deprecated SSE transport; prefer "http" (streamable HTTP) if the server supports it`,
          'warning',
        );
      }
      for (const key of ['command', 'args', 'env'] as const) {
        if (entry[key] !== undefined) {
          add(
            'mcp-field-ignored',
            [...base, key],
            `${server} is a ${transport} server; its "${key}" is ignored`,
            'warning',
          );
        }
      }
    }

    // Every string Claude Code expands, with its path, key (for secrets) and bare-$ relevance.
    const strings: Array<{
      path: Array<string | number>;
      value: string;
      key?: string;
      bare: boolean;
    }> = [];
    if (entry.command !== undefined) {
      strings.push({ path: ['command'], value: entry.command, bare: true });
    }
    (entry.args ?? []).forEach((value, i) =>
      strings.push({ path: ['args', i], value, bare: false }),
    );
    for (const [key, value] of Object.entries(entry.env ?? {})) {
      strings.push({ path: ['env', key], value, key, bare: false });
    }
    if (entry.url !== undefined) {
      strings.push({ path: ['url'], value: entry.url, bare: true });
    }
    for (const [key, value] of Object.entries(entry.headers ?? {})) {
      strings.push({ path: ['headers', key], value, key, bare: true });
    }

    const names = new Set<string>();
    for (const { path, value, key, bare } of strings) {
      const full = [...base, ...path];
      const field = formatJsonPath(path);
      for (const ref of findEnvReferences(value)) {
        names.add(ref.name);
        const variable: McpVariable = {
          name: ref.name,
          server: name,
          field,
          line: doc.lineOf(full),
        };
        if (ref.default !== undefined) {
          variable.default = ref.default;
        }
        result.variables.push(variable);
      }
      for (const bad of findMalformedEnvReferences(value)) {
        add(
          'mcp-invalid-variable',
          full,
          `${server}, ${field}: ${quote(
            bad,
          )} is not a valid \${VAR} or \${VAR:-default} reference and is used literally`,
          'warning',
        );
      }
      if (bare) {
        for (const bareRef of findBareEnvReferences(value)) {
          add(
            'mcp-bare-variable',
            full,
            `${server}, ${field}: ${bareRef} is not expanded by Claude Code; write \${${bareRef.slice(
              1,
            )}}`,
            'warning',
          );
        }
      }
      const secret = detectLiteralSecret(value, {
        key,
        entropy: key !== undefined,
      });
      if (secret) {
        add(
          'mcp-literal-secret',
          full,
          `${server}, ${field}: the value (${redact(
            value.replace(/^\s*(Bearer|Basic|Token)\s+/i, ''),
          )}) ${secret}; secrets belong in environment variables, e.g. "\${${
            key ? key.toUpperCase().replace(/[^A-Z0-9]+/g, '_') : 'TOKEN'
          }}"`,
        );
      }
    }

    const config: McpServerConfig = {
      name,
      transport,
      args: entry.args ?? [],
      env: entry.env ?? {},
      headers: entry.headers ?? {},
      variables: [...names].sort(),
      line: doc.lineOf(base),
      raw: rawEntry as McpServerEntry,
    };
    if (entry.type !== undefined) {
      config.declaredType = entry.type;
    }
    if (entry.command !== undefined) {
      config.command = entry.command;
    }
    if (entry.url !== undefined) {
      config.url = entry.url;
    }
    result.servers.push(config);
  }
  return result;
}

const KEY_ORDER: readonly string[] = [
  'type',
  'command',
  'args',
  'env',
  'url',
  'headers',
];

/**
 * Writes an `.mcp.json` file: 2-space JSON and a final newline, each server's keys in a stable
 * order (`type`, `command`, `args`, `env`, `url`, `headers`, then the rest) and `type` always
 * written (`stdio` for a command, `http` for a url), so that the file is valid for Claude Code.
 * Unless `validate` is false, throws a {@link ParseIssuesError} when the result would have
 * errors, e.g. a literal secret.
 *
 * @public
 */
export function serializeMcpJson(
  file: McpJsonFile,
  options: { validate?: boolean } = {},
): string {
  const servers: Record<string, Record<string, unknown>> = {};
  for (const [name, entry] of Object.entries(file.mcpServers)) {
    const out: Record<string, unknown> = {};
    const type =
      entry.type ??
      (entry.url !== undefined && !entry.command ? 'http' : 'stdio');
    out.type = type;
    for (const key of KEY_ORDER.slice(1)) {
      if (entry[key] !== undefined) {
        out[key] = entry[key];
      }
    }
    for (const [key, value] of Object.entries(entry)) {
      if (!KEY_ORDER.includes(key) && value !== undefined) {
        out[key] = value;
      }
    }
    servers[name] = out;
  }
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(file)) {
    if (key !== 'mcpServers' && value !== undefined) {
      rest[key] = value;
    }
  }
  const text = `${JSON.stringify({ mcpServers: servers, ...rest }, null, 2)}\n`;
  if (options.validate !== false) {
    const check = parseMcpJson(text, { file: '.mcp.json' });
    if (hasParseErrors(check.issues)) {
      throw new ParseIssuesError(check.issues);
    }
  }
  return text;
}
