import stripJsonComments from 'strip-json-comments';
import { z } from 'zod';
import type { ParseIssue } from '../../errors';
import { isRecord } from '../../model/common';
import { parseJsonServerMap } from './toolMcpServers';
import type { AgentToolConfig, AgentToolParser } from './types';

const CONTEXT_FILE = 'GEMINI.md';
const SETTINGS_FILE = '.gemini/settings.json';

const stringList = z.array(z.string());
const entrySchema = z.looseObject({
  command: z.string().optional(),
  args: stringList.optional(),
  env: z.record(z.string(), z.string()).optional(),
  cwd: z.string().optional(),
  url: z.string().optional(),
  httpUrl: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  timeout: z.number().optional(),
  trust: z.boolean().optional(),
  includeTools: stringList.optional(),
  excludeTools: stringList.optional(),
});

/** Where each permission setting lives: settings v2 (nested) first, then v1 (flat). */
const NATIVE_LISTS: ReadonlyArray<[string, string[][]]> = [
  ['allowed', [['tools', 'allowed'], ['allowedTools']]],
  ['core', [['tools', 'core'], ['coreTools']]],
  ['exclude', [['tools', 'exclude'], ['excludeTools']]],
];

function at(root: Record<string, unknown>, path: string[]): unknown {
  let value: unknown = root;
  for (const key of path) {
    value = isRecord(value) ? value[key] : undefined;
  }
  return value;
}

/**
 * Gemini CLI: instructions in `GEMINI.md` (with `@file` imports, as
 * `CLAUDE.md`), and `.gemini/settings.json` (JSON with comments) with
 * `mcpServers` (`command` for stdio, `httpUrl` for streamable HTTP, `url` for
 * SSE), the tool lists `tools.allowed` / `tools.core` / `tools.exclude`
 * (v1: `allowedTools`, `coreTools`, `excludeTools`) kept as its permissions,
 * and the model (`model.name`, v1 `model`). A server with `trust: true` runs
 * every tool without confirmation; `"yolo"` as the default approval mode is
 * Claude Code's `bypassPermissions`.
 *
 * Rules: those of `parseJsonServerMap` with prefix `gemini`,
 * `gemini-settings-invalid-field`, `gemini-mcp-trusted` (warning).
 *
 * @public
 */
export const geminiParser: AgentToolParser = {
  id: 'gemini',
  title: 'Gemini CLI',
  files: [CONTEXT_FILE, SETTINGS_FILE],
  folders: [],
  isContextFile: path => path === CONTEXT_FILE,
  parse(files) {
    const text = files.get(SETTINGS_FILE);
    if (text === undefined) {
      return { mcpServers: [], issues: [] };
    }
    const issues: ParseIssue[] = [];
    const parsed = parseJsonServerMap(text, {
      file: SETTINGS_FILE,
      tool: 'gemini',
      rootKey: 'mcpServers',
      schema: entrySchema,
      prepare: source => stripJsonComments(source, { whitespace: true }),
      read: entry => {
        if (entry.command) {
          return {
            transport: 'stdio',
            command: entry.command,
            args: entry.args,
            env: entry.env,
          };
        }
        if (entry.httpUrl) {
          return {
            transport: 'http',
            url: entry.httpUrl,
            headers: entry.headers,
          };
        }
        if (entry.url) {
          return { transport: 'sse', url: entry.url, headers: entry.headers };
        }
        return 'has none of "command", "httpUrl" (streamable HTTP) or "url" (SSE), so Gemini CLI cannot start it';
      },
      after: (_doc, servers, add) => {
        for (const server of servers) {
          if (server.raw.trust === true) {
            add(
              'gemini-mcp-trusted',
              server.line,
              `Server "${server.name}" has "trust": true, so Gemini CLI runs every one of its tools without asking`,
              'warning',
            );
          }
        }
      },
    });
    issues.push(...parsed.issues);
    const result: AgentToolConfig = { mcpServers: parsed.servers, issues };
    const root = parsed.doc.value;
    if (parsed.doc.error || !isRecord(root)) {
      return result;
    }
    const native: Record<string, string | string[]> = {};
    for (const [name, paths] of NATIVE_LISTS) {
      for (const path of paths) {
        const value = at(root, path);
        if (value === undefined) {
          continue;
        }
        if (stringList.safeParse(value).success) {
          native[name] = value as string[];
        } else {
          issues.push({
            file: SETTINGS_FILE,
            line: parsed.doc.lineOf(path),
            rule: 'gemini-settings-invalid-field',
            severity: 'error',
            message: `${path.join(
              '.',
            )} must be a list of tool names, e.g. ["run_shell_command(git status)"]`,
          });
        }
        break;
      }
    }
    const mode =
      at(root, ['general', 'defaultApprovalMode']) ??
      at(root, ['tools', 'approvalMode']);
    if (typeof mode === 'string') {
      native.approvalMode = mode;
      if (mode === 'yolo') {
        result.permissions = { defaultMode: 'bypassPermissions' };
      }
    }
    if (Object.keys(native).length > 0) {
      result.nativePermissions = native;
    }
    const model = at(root, ['model', 'name']) ?? at(root, ['model']);
    if (typeof model === 'string' && model.trim() !== '') {
      result.model = model;
    }
    return result;
  },
};
