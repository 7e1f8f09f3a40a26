import type { ParseIssue } from '../../errors';
import { isLooserPermissionMode } from '../../inheritance/permissionModes';
import type { AgentConfigPermissions } from '../../model/AgentConfigEntity';
import { AGENT_TOOL_PARSERS } from './registry';
import type {
  AgentToolMcpServer,
  AgentToolParser,
  AgentToolSubagent,
} from './types';

/**
 * One agent tool found in a repository.
 *
 * @public
 */
export type FoundAgentTool = {
  /** The parser's id, e.g. `cursor`. */
  id: string;
  /** e.g. `Cursor`. */
  title: string;
  /** Repo-relative paths of the tool's files that exist: its fixed files in its order, then its folders' files by name. */
  files: string[];
  /** The tool's own permission settings, when it has any. */
  nativePermissions?: Record<string, string | string[]>;
  /** The model its settings choose. */
  model?: string;
};

/**
 * What all the agent tools of a repository configure together.
 *
 * @public
 */
export type AgentToolsConfig = {
  /** Tools with at least one file, in registry order. */
  tools: FoundAgentTool[];
  /** Instruction files that exist, in registry order: where the pin is searched. */
  contextEntries: string[];
  /** Every tool's MCP servers, tool by tool in registry order. */
  mcpServers: AgentToolMcpServer[];
  /**
   * Rules of every tool, merged as lists; `defaultMode` is the loosest any
   * tool sets, since an agent of that tool runs with it.
   */
  permissions?: AgentConfigPermissions;
  /** The first model a tool's settings choose, in registry order. */
  model?: string;
  /** Every tool's subagents. */
  subagents: AgentToolSubagent[];
  /** Every tool's problems. */
  issues: ParseIssue[];
};

/**
 * Whether a repo-relative path is one an agent tool reads: one of its fixed
 * files, or a file directly inside one of its folders with the folder's suffix.
 *
 * @public
 */
export function isAgentToolFile(
  parser: AgentToolParser,
  path: string,
): boolean {
  return (
    parser.files.includes(path) ||
    parser.folders.some(
      folder =>
        path.startsWith(`${folder.path}/`) &&
        path.endsWith(folder.suffix) &&
        !path.slice(folder.path.length + 1).includes('/'),
    )
  );
}

/**
 * Runs every agent tool parser over a repository's files (text by
 * repo-relative path) and merges what they find into one observed config.
 *
 * @public
 */
export function parseAgentTools(
  files: ReadonlyMap<string, string>,
  parsers: readonly AgentToolParser[] = AGENT_TOOL_PARSERS,
): AgentToolsConfig {
  const result: AgentToolsConfig = {
    tools: [],
    contextEntries: [],
    mcpServers: [],
    subagents: [],
    issues: [],
  };
  const lists = {
    allow: [] as string[],
    ask: [] as string[],
    deny: [] as string[],
  };
  let defaultMode: string | undefined;
  let anyPermissions = false;
  for (const parser of parsers) {
    // The parser's fixed files in its order, then its folders' files by name.
    const own = [
      ...parser.files.filter(path => files.has(path)),
      ...[...files.keys()]
        .filter(
          path => !parser.files.includes(path) && isAgentToolFile(parser, path),
        )
        .sort(),
    ];
    if (own.length === 0) {
      continue;
    }
    const ownFiles = new Map(own.map(path => [path, files.get(path)!]));
    const config = parser.parse(ownFiles);
    const tool: FoundAgentTool = {
      id: parser.id,
      title: parser.title,
      files: own,
    };
    if (config.nativePermissions) {
      tool.nativePermissions = config.nativePermissions;
    }
    if (config.model) {
      tool.model = config.model;
      result.model ??= config.model;
    }
    result.tools.push(tool);
    for (const path of tool.files) {
      if (parser.isContextFile(path) && !result.contextEntries.includes(path)) {
        result.contextEntries.push(path);
      }
    }
    result.mcpServers.push(...config.mcpServers);
    result.subagents.push(...(config.subagents ?? []));
    result.issues.push(...config.issues);
    if (config.permissions) {
      anyPermissions = true;
      for (const list of ['allow', 'ask', 'deny'] as const) {
        for (const rule of config.permissions[list] ?? []) {
          if (!lists[list].includes(rule)) {
            lists[list].push(rule);
          }
        }
      }
      const mode = config.permissions.defaultMode;
      if (mode && (!defaultMode || isLooserPermissionMode(mode, defaultMode))) {
        defaultMode = mode;
      }
    }
  }
  if (anyPermissions) {
    result.permissions = {
      ...(defaultMode ? { defaultMode } : {}),
      ...lists,
    } as AgentConfigPermissions;
  }
  return result;
}
