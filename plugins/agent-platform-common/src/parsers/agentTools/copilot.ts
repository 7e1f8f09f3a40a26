import stripJsonComments from 'strip-json-comments';
import { z } from 'zod';
import type { ParseIssue } from '../../errors';
import { isRecord } from '../../model/common';
import { checkRuleFrontmatter, filesIn } from './ruleFiles';
import { parseJsonServerMap } from './toolMcpServers';
import type { AgentToolMcpServer, AgentToolParser } from './types';

const INSTRUCTIONS_FILE = '.github/copilot-instructions.md';
const INSTRUCTIONS_FOLDER = '.github/instructions';
const INSTRUCTIONS_SUFFIX = '.instructions.md';
const MCP_FILE = '.vscode/mcp.json';

const entrySchema = z.looseObject({
  type: z.enum(['stdio', 'http', 'sse']).optional(),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.union([z.string(), z.null()])).optional(),
  envFile: z.string().optional(),
  url: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

const INPUT_REFERENCE = /\$\{input:([^}]+)\}/g;

/**
 * GitHub Copilot (in VS Code and on github.com): repository instructions in
 * `.github/copilot-instructions.md`, path-scoped ones in
 * `.github/instructions/*.instructions.md` (frontmatter `applyTo` globs), and
 * MCP servers in VS Code's `.vscode/mcp.json`, whose map is `servers` (not
 * `mcpServers`) and whose prompted secrets are `inputs` referenced as
 * `${input:<id>}`. The file is JSON with comments. Copilot has no permission
 * rules in the repository.
 *
 * Rules: those of `parseJsonServerMap` with prefix `copilot`,
 * `copilot-mcp-wrong-root`, `copilot-mcp-undeclared-input`, `frontmatter-*`,
 * `copilot-rule-invalid-field`, `copilot-rule-unknown-field` (warning),
 * `copilot-instructions-no-apply-to` (warning).
 *
 * @public
 */
export const copilotParser: AgentToolParser = {
  id: 'copilot',
  title: 'GitHub Copilot',
  files: [INSTRUCTIONS_FILE, MCP_FILE],
  folders: [{ path: INSTRUCTIONS_FOLDER, suffix: INSTRUCTIONS_SUFFIX }],
  isContextFile: path =>
    path === INSTRUCTIONS_FILE ||
    (path.startsWith(`${INSTRUCTIONS_FOLDER}/`) &&
      path.endsWith(INSTRUCTIONS_SUFFIX)),
  parse(files) {
    const issues: ParseIssue[] = [];
    let mcpServers: AgentToolMcpServer[] = [];
    const mcp = files.get(MCP_FILE);
    if (mcp !== undefined) {
      const parsed = parseJsonServerMap(mcp, {
        file: MCP_FILE,
        tool: 'copilot',
        rootKey: 'servers',
        schema: entrySchema,
        prepare: text => stripJsonComments(text, { whitespace: true }),
        read: entry => {
          const env: Record<string, string> = {};
          for (const [key, value] of Object.entries(entry.env ?? {})) {
            if (value !== null) {
              env[key] = value;
            }
          }
          const type =
            entry.type ??
            (entry.command && 'stdio') ??
            (entry.url && 'http') ??
            undefined;
          if (type === 'stdio') {
            return entry.command
              ? {
                  transport: 'stdio',
                  command: entry.command,
                  args: entry.args,
                  env,
                }
              : 'is a stdio server but has no "command"';
          }
          if (type === 'http' || type === 'sse') {
            return entry.url
              ? { transport: type, url: entry.url, headers: entry.headers }
              : `is a ${type} server but has no "url"`;
          }
          return 'has neither a "command" nor a "url", so VS Code cannot start it';
        },
        after: (doc, servers, add) => {
          const root = doc.value as Record<string, unknown>;
          if (root.servers === undefined && isRecord(root.mcpServers)) {
            add(
              'copilot-mcp-wrong-root',
              doc.lineOf(['mcpServers']),
              `VS Code reads MCP servers from "servers", not "mcpServers" (the Claude Code and Cursor key); none of these ${
                Object.keys(root.mcpServers).length
              } servers is started`,
            );
          }
          const declared = new Set(
            (Array.isArray(root.inputs) ? root.inputs : [])
              .map(input => (isRecord(input) ? input.id : undefined))
              .filter((id): id is string => typeof id === 'string'),
          );
          for (const server of servers) {
            const text = JSON.stringify(server.raw);
            for (const match of text.matchAll(INPUT_REFERENCE)) {
              if (!declared.has(match[1])) {
                add(
                  'copilot-mcp-undeclared-input',
                  server.line,
                  `Server "${server.name}" uses \${input:${match[1]}}, but "inputs" declares no input with id "${match[1]}", so VS Code cannot prompt for it`,
                );
              }
            }
          }
        },
      });
      issues.push(...parsed.issues);
      mcpServers = parsed.servers;
    }
    for (const file of filesIn(
      files,
      INSTRUCTIONS_FOLDER,
      INSTRUCTIONS_SUFFIX,
    )) {
      const checked = checkRuleFrontmatter(files.get(file)!, {
        file,
        tool: 'copilot',
        title: 'Copilot',
        fields: {
          applyTo: {
            schema: z.string().min(1),
            expected: 'a glob string, e.g. "**/*.ts"',
          },
          description: { schema: z.string(), expected: 'a string' },
          excludeAgent: {
            schema: z.enum(['code-review', 'coding-agent']),
            expected: '"code-review" or "coding-agent"',
          },
          name: { schema: z.string(), expected: 'a string' },
        },
      });
      issues.push(...checked.issues);
      if (
        checked.issues.every(i => i.severity !== 'error') &&
        checked.data.applyTo === undefined
      ) {
        issues.push({
          file,
          line: 1,
          rule: 'copilot-instructions-no-apply-to',
          severity: 'warning',
          message: `${file} has no "applyTo" glob, so Copilot never applies it automatically`,
        });
      }
    }
    return { mcpServers, issues };
  },
};
