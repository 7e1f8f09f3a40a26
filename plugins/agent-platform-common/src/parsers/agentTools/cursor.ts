import { z } from 'zod';
import type { ParseIssue } from '../../errors';
import { checkRuleFrontmatter, filesIn } from './ruleFiles';
import { parseJsonServerMap } from './toolMcpServers';
import type { AgentToolMcpServer, AgentToolParser } from './types';

const MCP_FILE = '.cursor/mcp.json';
const RULES_FOLDER = '.cursor/rules';
const LEGACY_RULES = '.cursorrules';

const entrySchema = z.looseObject({
  type: z.enum(['stdio', 'sse', 'http', 'streamable-http']).optional(),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  envFile: z.string().optional(),
  url: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

const globs = z.union([z.string(), z.array(z.string())]);

/**
 * Cursor: project rules in `.cursor/rules/*.mdc` (frontmatter `description`,
 * `globs`, `alwaysApply`), the legacy `.cursorrules`, and MCP servers in
 * `.cursor/mcp.json` (`mcpServers`, as `.mcp.json`; a `url` without `type` is
 * a remote server, Cursor picks streamable HTTP or SSE itself). Cursor has no
 * permission rules in the repository.
 *
 * Rules: those of `parseJsonServerMap` with prefix `cursor`, `frontmatter-*`,
 * `cursor-rule-invalid-field`, `cursor-rule-unknown-field` (warning),
 * `cursor-rule-never-applied` (warning).
 *
 * @public
 */
export const cursorParser: AgentToolParser = {
  id: 'cursor',
  title: 'Cursor',
  files: [MCP_FILE, LEGACY_RULES],
  folders: [{ path: RULES_FOLDER, suffix: '.mdc' }],
  isContextFile: path =>
    path === LEGACY_RULES ||
    (path.startsWith(`${RULES_FOLDER}/`) && path.endsWith('.mdc')),
  parse(files) {
    const issues: ParseIssue[] = [];
    let mcpServers: AgentToolMcpServer[] = [];
    const mcp = files.get(MCP_FILE);
    if (mcp !== undefined) {
      const parsed = parseJsonServerMap(mcp, {
        file: MCP_FILE,
        tool: 'cursor',
        rootKey: 'mcpServers',
        schema: entrySchema,
        read: entry => {
          if (entry.command !== undefined && entry.command.trim() !== '') {
            return {
              transport: 'stdio',
              command: entry.command,
              args: entry.args,
              env: entry.env,
            };
          }
          if (entry.url !== undefined && entry.url.trim() !== '') {
            return {
              transport: entry.type === 'sse' ? 'sse' : 'http',
              url: entry.url,
              headers: entry.headers,
            };
          }
          return 'has neither a "command" (a local server) nor a "url" (a remote one), so Cursor cannot start it';
        },
      });
      issues.push(...parsed.issues);
      mcpServers = parsed.servers;
    }
    for (const file of filesIn(files, RULES_FOLDER, '.mdc')) {
      const checked = checkRuleFrontmatter(files.get(file)!, {
        file,
        tool: 'cursor',
        title: 'Cursor',
        fields: {
          description: { schema: z.string(), expected: 'a string' },
          globs: {
            schema: globs,
            expected: 'a comma-separated string or a list of globs',
          },
          alwaysApply: { schema: z.boolean(), expected: 'true or false' },
        },
      });
      issues.push(...checked.issues);
      const { data } = checked;
      if (
        checked.issues.every(i => i.severity !== 'error') &&
        data.alwaysApply !== true &&
        !data.globs &&
        !data.description
      ) {
        issues.push({
          file,
          line: 1,
          rule: 'cursor-rule-never-applied',
          severity: 'warning',
          message: `${file} has no "alwaysApply: true", no "globs" and no "description", so Cursor only uses it when someone @-mentions it`,
        });
      }
    }
    return { mcpServers, issues };
  },
};
