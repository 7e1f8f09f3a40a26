import type { ParseIssue } from '../errors';
import { isAgentToolFile } from '../parsers/agentTools/parseAgentTools';
import { AGENT_TOOL_PARSERS } from '../parsers/agentTools/registry';
import { resolveContextTree } from '../parsers/contextTree';
import {
  CatalogMcpServerLike,
  matchMcpServer,
} from '../parsers/mcpServerIdentity';

/**
 * What one agent tool reads back from a set of repository files, through its
 * own parser in the core.
 *
 * @public
 */
export interface AgentToolReadBack {
  /** The parser's id, e.g. `cursor`. */
  tool: string;
  /** The tool's files among the given ones. */
  files: string[];
  /** Its instruction files among them (where the pin is searched). */
  contextFiles: string[];
  /** `base@version` found in its instruction files (and their imports). */
  pin?: string;
  /** Names of the catalog servers its MCP file starts (matched by what they run), in file order. */
  mcpServers: string[];
  /** Servers of its MCP file that match no catalog server. */
  unmatched: string[];
  /** The parser's and the context tree's problems. */
  issues: ParseIssue[];
}

/**
 * Reads a repository's files (text by repo-relative path) back the way each
 * given tool would, with the core's parser of that tool: its instruction
 * files' pin (following `@` imports into the other files), the catalog MCP
 * servers its MCP file starts and every problem. The scaffolder runs it on
 * what it rendered, and refuses to write files a tool would misread.
 *
 * @public
 */
export async function readBackAgentTools(options: {
  files: Readonly<Record<string, string>>;
  tools: readonly string[];
  mcpServers: readonly CatalogMcpServerLike[];
  /** Reads a file the given ones lack (e.g. one the workspace already has). */
  readFile?: (path: string) => Promise<string | undefined>;
}): Promise<AgentToolReadBack[]> {
  const { files } = options;
  const out: AgentToolReadBack[] = [];
  for (const tool of options.tools) {
    const parser = AGENT_TOOL_PARSERS.find(p => p.id === tool);
    if (!parser) {
      throw new Error(`The core has no parser for the agent tool ${tool}`);
    }
    const own = Object.keys(files).filter(path =>
      isAgentToolFile(parser, path),
    );
    const parsed = parser.parse(new Map(own.map(path => [path, files[path]])));
    const entries = own.filter(path => parser.isContextFile(path));
    const tree = await resolveContextTree(entries, async path =>
      path in files ? files[path] : options.readFile?.(path),
    );
    const matched: string[] = [];
    const unmatched: string[] = [];
    for (const server of parsed.mcpServers) {
      if (server.disabled) continue;
      const match = matchMcpServer(server, options.mcpServers).match;
      if (match) matched.push(match.metadata.name);
      else unmatched.push(server.name);
    }
    out.push({
      tool,
      files: own,
      contextFiles: entries,
      ...(tree.pin ? { pin: `${tree.pin.base}@${tree.pin.version}` } : {}),
      mcpServers: matched,
      unmatched,
      issues: [...parsed.issues, ...tree.issues],
    });
  }
  return out;
}

/**
 * The problems of {@link readBackAgentTools}'s answer against what was
 * meant: a tool that finds another pin (or none), other servers, or an
 * error. One line each, naming the tool and the file.
 *
 * @public
 */
export function agentToolReadBackProblems(
  readBack: readonly AgentToolReadBack[],
  expected: { pin: string; mcpServers: readonly string[] },
): string[] {
  const problems: string[] = [];
  const want = [...expected.mcpServers].sort().join(', ');
  for (const r of readBack) {
    if (r.pin !== expected.pin) {
      problems.push(
        `${r.tool}: its instruction files (${r.contextFiles.join(', ')}) pin ${
          r.pin ?? 'nothing'
        }, not ${expected.pin}`,
      );
    }
    const got = [...r.mcpServers].sort().join(', ');
    if (got !== want || r.unmatched.length > 0) {
      problems.push(
        `${r.tool}: starts the MCP servers [${got}]${
          r.unmatched.length > 0
            ? ` and [${r.unmatched.join(', ')}] the catalog does not know`
            : ''
        }, not [${want}]`,
      );
    }
    for (const issue of r.issues) {
      if (issue.severity === 'error') {
        problems.push(
          `${r.tool}: ${issue.file}${issue.line ? `:${issue.line}` : ''} [${
            issue.rule
          }] ${issue.message}`,
        );
      }
    }
  }
  return problems;
}
