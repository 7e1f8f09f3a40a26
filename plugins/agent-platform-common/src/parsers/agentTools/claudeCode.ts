import type { ParseIssue } from '../../errors';
import { parseMcpJson } from '../mcpJson';
import { parseSettingsJson } from '../settingsJson';
import { parseSubagentMd } from '../subagentMd';
import type { AgentToolConfig, AgentToolParser } from './types';

const MCP_FILE = '.mcp.json';
const SETTINGS_FILE = '.claude/settings.json';
const CONTEXT_FILES: readonly string[] = ['CLAUDE.md', '.claude/CLAUDE.md'];
const AGENTS_FOLDER = '.claude/agents';
const RULES_FOLDER = '.claude/rules';

/**
 * Claude Code: `CLAUDE.md` or `.claude/CLAUDE.md` (with `@` imports; the usual
 * bridge to `AGENTS.md` is an `@AGENTS.md` line), project MCP servers in
 * `.mcp.json`, and `.claude/settings.json` with the permission rules, the
 * default mode, the model and `disabledMcpjsonServers`, and subagents in
 * `.claude/agents/*.md`; rules in `.claude/rules/*.md` are collected (the
 * catalog module makes them rule entities) but change nothing here.
 *
 * Rules: those of `parseMcpJson` and `parseSettingsJson`.
 *
 * @public
 */
export const claudeCodeParser: AgentToolParser = {
  id: 'claude-code',
  title: 'Claude Code',
  files: [...CONTEXT_FILES, MCP_FILE, SETTINGS_FILE],
  // Rules are read for the catalog's rule entities; they do not change the config.
  folders: [
    { path: AGENTS_FOLDER, suffix: '.md' },
    { path: RULES_FOLDER, suffix: '.md' },
  ],
  isContextFile: path => CONTEXT_FILES.includes(path),
  parse(files) {
    const issues: ParseIssue[] = [];
    const result: AgentToolConfig = { mcpServers: [], issues };
    let disabled: string[] = [];
    const settingsText = files.get(SETTINGS_FILE);
    if (settingsText !== undefined) {
      const parsed = parseSettingsJson(settingsText, { file: SETTINGS_FILE });
      issues.push(...parsed.issues);
      const settings = parsed.settings;
      if (settings) {
        // Only well-formed rules: a malformed one is reported, not copied.
        const rules = (list: 'allow' | 'ask' | 'deny') =>
          settings.permissions[list].map(rule => rule.raw);
        result.permissions = {
          ...(settings.permissions.defaultMode
            ? { defaultMode: settings.permissions.defaultMode }
            : {}),
          allow: rules('allow'),
          ask: rules('ask'),
          deny: rules('deny'),
        };
        const model = settings.model?.trim();
        if (model) {
          result.model = model;
        }
        disabled = settings.disabledMcpjsonServers;
      }
    }
    for (const [file, text] of files) {
      if (!file.startsWith(`${AGENTS_FOLDER}/`)) {
        continue;
      }
      const parsed = parseSubagentMd(text, { file });
      issues.push(...parsed.issues);
      const agent = parsed.subagent;
      if (agent) {
        (result.subagents ??= []).push({
          name: agent.name,
          file,
          description: agent.description,
          ...(agent.tools ? { tools: agent.tools } : {}),
          ...(agent.model ? { model: agent.model } : {}),
        });
      }
    }
    const mcpText = files.get(MCP_FILE);
    if (mcpText !== undefined) {
      const parsed = parseMcpJson(mcpText, { file: MCP_FILE });
      issues.push(...parsed.issues);
      for (const server of parsed.servers) {
        result.mcpServers.push({
          ...server,
          file: MCP_FILE,
          ...(disabled.includes(server.name) ? { disabled: true } : {}),
        });
      }
    }
    return result;
  },
};
