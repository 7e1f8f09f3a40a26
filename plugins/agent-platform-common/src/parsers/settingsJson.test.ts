import { parseSettingsJson } from './settingsJson';

const rulesAndLines = (issues: Array<{ rule: string; line?: number }>) =>
  issues.map(i => [i.rule, i.line]);

const file = '.claude/settings.json';

describe('parseSettingsJson', () => {
  it('reads a realistic project settings file', () => {
    const text = `{
  "$schema": "https://json.schemastore.org/claude-code-settings.json",
  "permissions": {
    "allow": ["Bash(npm run lint)", "Bash(npm run test:*)", "Read(~/.zshrc)"],
    "ask": ["Bash(git push:*)"],
    "deny": ["Read(./.env)", "Read(./.env.*)", "Read(./secrets/**)", "WebFetch"],
    "additionalDirectories": ["../docs/"],
    "defaultMode": "acceptEdits",
    "disableBypassPermissionsMode": "disable"
  },
  "enableAllProjectMcpServers": false,
  "enabledMcpjsonServers": ["github"],
  "disabledMcpjsonServers": ["filesystem"],
  "allowedMcpServers": [{ "serverName": "github" }, { "serverCommand": ["npx", "-y", "x"] }],
  "deniedMcpServers": [{ "serverUrl": "https://*.evil.example/*" }],
  "model": "claude-sonnet-4-6",
  "env": { "CLAUDE_CODE_ENABLE_TELEMETRY": "1", "OTEL_METRICS_EXPORTER": "otlp" },
  "hooks": {
    "PostToolUse": [
      { "matcher": "Edit|Write", "hooks": [{ "type": "command", "command": "npx prettier --write", "timeout": 30 }] }
    ]
  },
  "statusLine": { "type": "command", "command": "~/.claude/statusline.sh" }
}`;
    const { settings, issues } = parseSettingsJson(text, { file });
    expect(issues).toEqual([]);
    expect(settings?.permissions.allow.map(r => r.normalized)).toEqual([
      'Bash(npm run lint)',
      'Bash(npm run test *)',
      'Read(~/.zshrc)',
    ]);
    expect(settings?.permissions.deny.map(r => r.line)).toEqual([6, 6, 6, 6]);
    expect(settings?.permissions.defaultMode).toBe('acceptEdits');
    expect(settings?.permissions.disableBypassPermissionsMode).toBe('disable');
    expect(settings?.enabledMcpjsonServers).toEqual(['github']);
    expect(settings?.allowedMcpServers).toHaveLength(2);
    expect(settings?.model).toBe('claude-sonnet-4-6');
    expect(settings?.hooks.PostToolUse[0].hooks[0].command).toBe(
      'npx prettier --write',
    );
    expect(settings?.raw.statusLine).toBeDefined();
  });

  it('reports a bad permission mode on its line', () => {
    const text = '{\n  "permissions": {\n    "defaultMode": "yolo"\n  }\n}';
    const { issues } = parseSettingsJson(text, { file });
    expect(rulesAndLines(issues)).toEqual([
      ['settings-invalid-default-mode', 3],
    ]);
    expect(issues[0].message).toContain('bypassPermissions');
  });

  it('reports malformed rules with the line of the array element', () => {
    const text = [
      '{',
      '  "permissions": {',
      '    "allow": [',
      '      "Bash(npm run test *)",',
      '      "Bash(npm run build"',
      '    ],',
      '    "deny": ["()"]',
      '  }',
      '}',
    ].join('\n');
    const { settings, issues } = parseSettingsJson(text, { file });
    expect(rulesAndLines(issues)).toEqual([
      ['permission-rule-unbalanced-parens', 5],
      ['permission-rule-empty-tool', 7],
    ]);
    expect(issues[0].message).toMatch(/^permissions\.allow\[1\]: /);
    expect(settings?.permissions.allow).toHaveLength(1);
  });

  it('reports disableBypassPermissionsMode other than "disable"', () => {
    const text = '{"permissions": {\n"disableBypassPermissionsMode": true}}';
    const { issues } = parseSettingsJson(text, { file });
    expect(rulesAndLines(issues)).toEqual([['settings-invalid-field', 2]]);
    const text2 = '{"permissions": {\n"disableBypassPermissionsMode": "yes"}}';
    expect(rulesAndLines(parseSettingsJson(text2, { file }).issues)).toEqual([
      ['settings-invalid-disable-bypass', 2],
    ]);
  });

  it('reports a bad MCP server matcher and wrong field types', () => {
    const text = [
      '{',
      '  "allowedMcpServers": [',
      '    { "serverName": "github" },',
      '    { "serverName": "a", "serverUrl": "https://b" }',
      '  ],',
      '  "enableAllProjectMcpServers": "yes",',
      '  "permissions": { "allow": "Bash" }',
      '}',
    ].join('\n');
    const { issues } = parseSettingsJson(text, { file });
    expect(rulesAndLines(issues)).toEqual([
      ['settings-invalid-field', 6],
      ['settings-invalid-mcp-server-matcher', 4],
      ['settings-invalid-field', 7],
    ]);
  });

  it('reports hook problems and literal secrets in env', () => {
    const text = [
      '{',
      '  "env": {',
      '    "ANTHROPIC_API_KEY": "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv"',
      '  },',
      '  "hooks": {',
      '    "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command" }] }],',
      '    "BeforeTool": [{ "hooks": [{ "type": "shell", "command": "x" }] }]',
      '  }',
      '}',
    ].join('\n');
    const { issues } = parseSettingsJson(text, { file });
    expect(rulesAndLines(issues)).toEqual([
      ['settings-literal-secret', 3],
      ['settings-hook-missing-command', 6],
      ['settings-unknown-hook-event', 7],
      ['settings-unknown-hook-type', 7],
    ]);
  });

  it('warns when a rule sits in two lists', () => {
    const text =
      '{"permissions": {\n"allow": ["Bash(git push:*)"],\n"deny": ["Bash(git push *)"]}}';
    const { issues } = parseSettingsJson(text, { file });
    expect(rulesAndLines(issues)).toEqual([['settings-rule-conflict', 3]]);
  });

  it('reports invalid JSON and a non-object root', () => {
    expect(
      rulesAndLines(
        parseSettingsJson('{\n"model": "x"\n"env": {}}', { file }).issues,
      ),
    ).toEqual([['json-syntax', 3]]);
    expect(rulesAndLines(parseSettingsJson('"x"', { file }).issues)).toEqual([
      ['settings-not-object', 1],
    ]);
  });
});

describe('parseSettingsJson: rules Claude Code never matches', () => {
  it('flags Write(path) on its line, an error in deny', () => {
    const text = JSON.stringify(
      {
        permissions: {
          allow: ['Write(./docs/**)', 'Write'],
          deny: [
            'Edit(./db/migrations/applied/**)',
            'Write(./db/migrations/applied/**)',
          ],
        },
      },
      null,
      2,
    );
    const { issues, settings } = parseSettingsJson(text, {
      file: '.claude/settings.json',
    });
    expect(issues.map(i => [i.line, i.rule, i.severity])).toEqual([
      [4, 'permission-rule-ineffective', 'warning'],
      [9, 'permission-rule-ineffective', 'error'],
    ]);
    expect(issues[1].message).toBe(
      'permissions.deny[1]: "Write(./db/migrations/applied/**)" is never matched: Claude Code checks file writes against Edit(path) rules only (they cover every tool that edits files); write Edit(db/migrations/applied/**)',
    );
    // Kept, so that the effective config shows what the file says.
    expect(settings?.permissions.deny.map(r => r.raw)).toHaveLength(2);
  });
});
