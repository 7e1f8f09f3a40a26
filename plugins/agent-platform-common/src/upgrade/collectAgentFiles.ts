import type { ContextFileReader } from '../parsers/contextTree';
import { resolveContextTree } from '../parsers/contextTree';
import {
  AGENT_CONTEXT_ENTRY_FILES,
  MCP_JSON_FILE,
  SETTINGS_JSON_FILE,
} from '../workspace/checkAgentWorkspace';

/**
 * Reads the agent files {@link upgradeAgentFiles} works on through `read`:
 * the context files (`CLAUDE.md`, `.claude/CLAUDE.md`, `AGENTS.md`) with the
 * files they import, `.mcp.json` and `.claude/settings.json`. Missing files
 * are left out.
 *
 * @public
 */
export async function collectAgentFiles(
  read: ContextFileReader,
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const entries: string[] = [];
  for (const entry of AGENT_CONTEXT_ENTRY_FILES) {
    const text = await read(entry);
    if (text !== undefined) {
      entries.push(entry);
      files[entry] = text;
    }
  }
  if (entries.length > 0) {
    const tree = await resolveContextTree(entries, read);
    for (const file of tree.files) {
      if (files[file.path] !== undefined) continue;
      const text = await read(file.path);
      if (text !== undefined) files[file.path] = text;
    }
  }
  for (const path of [MCP_JSON_FILE, SETTINGS_JSON_FILE]) {
    const text = await read(path);
    if (text !== undefined) files[path] = text;
  }
  return files;
}
