// Shared by the agent tool parsers: turns one tool's MCP server entry into the
// `.mcp.json` shape and checks what every tool's entry can get wrong.
import type { z } from 'zod';
import { createParseIssue, ParseIssue, ParseIssueSeverity } from '../../errors';
import { isRecord } from '../../model/common';
import { checkJsonFile } from '../jsonFile';
import { JsonDocument, JsonPath } from '../jsonLocator';
import type { McpServerEntry, McpTransport } from '../mcpJson';
import { detectLiteralSecret } from '../secrets';
import { quote, redact } from '../text';
import type { AgentToolMcpServer } from './types';

/** A variable: `${VAR}`, `${VAR:-x}`, `${env:VAR}`, `${input:id}`, `${workspaceFolder}`, or `$VAR` (Gemini CLI). */
const EXPRESSION =
  /\$\{(?:(env|input):)?([A-Za-z_][A-Za-z0-9_.-]*)(?::-[^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** A server entry read from a tool's file, before the shared checks. */
export type ToolServerInput = {
  name: string;
  file: string;
  /** 1-based line of the server's key or table. */
  line: number;
  transport: McpTransport;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  url?: string;
  headers?: Record<string, string>;
  disabled?: boolean;
  raw: Record<string, unknown>;
  /** Line of a field of the entry, e.g. `['env', 'TOKEN']`; defaults to the entry's line. */
  lineOf?: (path: JsonPath) => number;
};

/** Reports an issue. */
export type AddIssue = (
  rule: string,
  line: number | undefined,
  message: string,
  severity?: ParseIssueSeverity,
) => void;

/** An issue adder for one file. */
export function issueAdder(file: string, issues: ParseIssue[]): AddIssue {
  return (rule, line, message, severity) =>
    issues.push(createParseIssue({ file, line, rule, message, severity }));
}

/**
 * The shared checks of a tool's server entry: secrets written literally
 * (rule `<tool>-mcp-literal-secret`) and the variables it references.
 */
export function finishToolServer(
  input: ToolServerInput,
  tool: string,
  add: AddIssue,
): AgentToolMcpServer {
  const lineOf = input.lineOf ?? (() => input.line);
  const names = new Set<string>();
  const strings: Array<{ path: JsonPath; value: string; key?: string }> = [];
  if (input.command !== undefined) {
    strings.push({ path: ['command'], value: input.command });
  }
  (input.args ?? []).forEach((value, i) =>
    strings.push({ path: ['args', i], value }),
  );
  for (const [key, value] of Object.entries(input.env ?? {})) {
    strings.push({ path: ['env', key], value, key });
  }
  if (input.url !== undefined) {
    strings.push({ path: ['url'], value: input.url });
  }
  for (const [key, value] of Object.entries(input.headers ?? {})) {
    strings.push({ path: ['headers', key], value, key });
  }
  for (const { path, value, key } of strings) {
    for (const match of value.matchAll(EXPRESSION)) {
      names.add(match[1] ? `${match[1]}:${match[2]}` : match[2] ?? match[3]);
    }
    const literal = value.replace(EXPRESSION, '');
    const secret = detectLiteralSecret(literal, {
      key,
      entropy: key !== undefined,
    });
    if (secret) {
      add(
        `${tool}-mcp-literal-secret`,
        lineOf(path),
        `Server ${quote(input.name)}, ${path.join('.')}: the value (${redact(
          literal.replace(/^\s*(Bearer|Basic|Token)\s+/i, ''),
        )}) ${secret}; secrets belong in environment variables`,
      );
    }
  }
  const raw = input.raw as McpServerEntry;
  const server: AgentToolMcpServer = {
    name: input.name,
    file: input.file,
    transport: input.transport,
    args: input.args ?? [],
    env: input.env ?? {},
    headers: input.headers ?? {},
    variables: [...names].sort(),
    line: input.line,
    raw,
  };
  if (input.command !== undefined) {
    server.command = input.command;
  }
  if (input.url !== undefined) {
    server.url = input.url;
  }
  if (input.disabled) {
    server.disabled = true;
  }
  return server;
}

/** Options of {@link parseJsonServerMap}. */
export type JsonServerMapOptions<T> = {
  file: string;
  /** Rule prefix, e.g. `cursor`. */
  tool: string;
  /** The key holding the server map: `mcpServers`, or `servers` for VS Code. */
  rootKey: string;
  /** Schema of one entry (loose: unknown keys are the tool's business). */
  schema: z.ZodType<T>;
  /**
   * The normalized server of a valid entry, or a message saying why the tool
   * cannot start it (reported as `<tool>-mcp-invalid-server`).
   */
  read(
    entry: T,
    name: string,
  ): Omit<ToolServerInput, 'name' | 'file' | 'line' | 'raw'> | string;
  /** The JSON document after comments were blanked out, if the tool allows them. */
  prepare?(text: string): string;
  /** Checks on the whole document (e.g. VS Code `inputs`); runs after the servers. */
  after?(doc: JsonDocument, servers: AgentToolMcpServer[], add: AddIssue): void;
};

/**
 * Parses a JSON file holding a map of MCP servers, the shape Cursor, VS Code
 * and Gemini CLI share with `.mcp.json`. Rules (prefixed with the tool):
 * `json-syntax`, `json-duplicate-key` (warning), `<tool>-mcp-not-object`,
 * `<tool>-mcp-missing-servers`, `<tool>-mcp-invalid-field`,
 * `<tool>-mcp-invalid-server`, `<tool>-mcp-literal-secret`.
 */
export function parseJsonServerMap<T>(
  text: string,
  options: JsonServerMapOptions<T>,
): { servers: AgentToolMcpServer[]; issues: ParseIssue[]; doc: JsonDocument } {
  const { file, tool, rootKey } = options;
  const source = options.prepare ? options.prepare(text) : text;
  const { doc, issues, addZodError } = checkJsonFile(source, file);
  const add = issueAdder(file, issues);
  const servers: AgentToolMcpServer[] = [];
  if (doc.error) {
    return { servers, issues, doc };
  }
  if (!isRecord(doc.value)) {
    add(`${tool}-mcp-not-object`, 1, `${file} must be a JSON object`);
    return { servers, issues, doc };
  }
  const map = doc.value[rootKey];
  if (map === undefined) {
    options.after?.(doc, servers, add);
    return { servers, issues, doc };
  }
  if (!isRecord(map)) {
    add(
      `${tool}-mcp-invalid-field`,
      doc.lineOf([rootKey]),
      `"${rootKey}" must be an object of servers by name`,
    );
    return { servers, issues, doc };
  }
  for (const [name, rawEntry] of Object.entries(map)) {
    const base = [rootKey, name];
    const line = doc.lineOf(base);
    if (!isRecord(rawEntry)) {
      add(
        `${tool}-mcp-invalid-field`,
        line,
        `Server ${quote(name)} must be a JSON object`,
      );
      continue;
    }
    const parsed = options.schema.safeParse(rawEntry);
    if (!parsed.success) {
      addZodError(parsed.error, `${tool}-mcp-invalid-field`, base);
      continue;
    }
    const read = options.read(parsed.data, name);
    if (typeof read === 'string') {
      add(`${tool}-mcp-invalid-server`, line, `Server ${quote(name)}: ${read}`);
      continue;
    }
    servers.push(
      finishToolServer(
        {
          ...read,
          name,
          file,
          line,
          raw: rawEntry,
          lineOf: path => doc.lineOf([...base, ...path]),
        },
        tool,
        add,
      ),
    );
  }
  options.after?.(doc, servers, add);
  return { servers, issues, doc };
}
