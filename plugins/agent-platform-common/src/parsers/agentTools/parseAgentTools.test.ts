import { AGENT_TOOL_PARSERS } from './registry';
import { isAgentToolFile, parseAgentTools } from './parseAgentTools';

describe('parseAgentTools', () => {
  it('merges every tool found into one observed config', () => {
    const result = parseAgentTools(
      new Map([
        ['CLAUDE.md', '@AGENTS.md\n'],
        ['AGENTS.md', '<!-- agent-platform: extends: org-base@2.4.0 -->\n'],
        [
          '.claude/settings.json',
          JSON.stringify({
            permissions: { defaultMode: 'acceptEdits', deny: ['Read(./.env)'] },
          }),
        ],
        [
          '.codex/config.toml',
          'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n',
        ],
        ['.cursor/rules/a.mdc', '---\nalwaysApply: true\n---\nx\n'],
        ['.cursor/mcp.json', '{"mcpServers":{"db":{"command":"npx"}}}'],
        ['README.md', 'not an agent file'],
      ]),
    );
    expect(result.tools.map(t => [t.id, t.files])).toEqual([
      ['claude-code', ['CLAUDE.md', '.claude/settings.json']],
      ['cursor', ['.cursor/mcp.json', '.cursor/rules/a.mdc']],
      ['codex', ['AGENTS.md', '.codex/config.toml']],
    ]);
    expect(result.contextEntries).toEqual([
      'CLAUDE.md',
      '.cursor/rules/a.mdc',
      'AGENTS.md',
    ]);
    expect(result.permissions).toEqual({
      defaultMode: 'bypassPermissions',
      allow: [],
      ask: [],
      deny: ['Read(./.env)'],
    });
    expect(result.mcpServers.map(s => `${s.file}#${s.name}`)).toEqual([
      '.cursor/mcp.json#db',
    ]);
  });

  it('has one parser per tool id, and claims no file twice except shared instructions', () => {
    const ids = AGENT_TOOL_PARSERS.map(p => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      'claude-code',
      'cursor',
      'codex',
      'copilot',
      'gemini',
    ]);
    for (const path of ['.cursor/rules/x/y.mdc', '.github/instructions/a.md']) {
      expect(AGENT_TOOL_PARSERS.some(p => isAgentToolFile(p, path))).toBe(
        false,
      );
    }
  });
});
