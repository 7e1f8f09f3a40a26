import { codexParser, parseCodexConfig, tomlKeyLines } from './codex';

const FILE = '.codex/config.toml';

describe('codexParser', () => {
  it('reads [mcp_servers.*] tables, approvals and the model', () => {
    const text = [
      'model = "gpt-5-codex"',
      'approval_policy = "on-request"',
      'sandbox_mode = "workspace-write"',
      '',
      '[mcp_servers.github]',
      'url = "https://api.githubcopilot.com/mcp/"',
      'bearer_token_env_var = "GITHUB_PAT"',
      '',
      '[mcp_servers."postgres-prod"]',
      'command = "npx"',
      'args = ["-y", "@acme/mcp-proxy@0.8.1"]',
      'enabled = false',
      '[mcp_servers."postgres-prod".env]',
      'PGHOST = "db.internal"',
    ].join('\n');
    const result = codexParser.parse(
      new Map([
        [FILE, text],
        ['AGENTS.md', '# x'],
      ]),
    );
    expect(result.issues).toEqual([]);
    expect(result.model).toBe('gpt-5-codex');
    expect(result.nativePermissions).toEqual({
      approval_policy: 'on-request',
      sandbox_mode: 'workspace-write',
    });
    expect(result.permissions).toBeUndefined();
    expect(result.mcpServers).toEqual([
      expect.objectContaining({
        name: 'github',
        transport: 'http',
        url: 'https://api.githubcopilot.com/mcp/',
        headers: { Authorization: 'Bearer ${GITHUB_PAT}' },
        variables: ['GITHUB_PAT'],
        line: 5,
        file: FILE,
      }),
      expect.objectContaining({
        name: 'postgres-prod',
        transport: 'stdio',
        command: 'npx',
        args: ['-y', '@acme/mcp-proxy@0.8.1'],
        env: { PGHOST: 'db.internal' },
        disabled: true,
        line: 9,
      }),
    ]);
  });

  it('maps no approvals and no sandbox to bypassPermissions', () => {
    const result = parseCodexConfig(
      'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n',
      FILE,
    );
    expect(result.permissions).toEqual({ defaultMode: 'bypassPermissions' });
  });

  it('reports malformed TOML and fields with file, line and rule', () => {
    const syntax = parseCodexConfig(
      'model = "x"\n[mcp_servers.a\ncommand = "y"\n',
      FILE,
    );
    expect(syntax.issues).toEqual([
      expect.objectContaining({
        file: FILE,
        line: 2,
        rule: 'toml-syntax',
        severity: 'error',
      }),
    ]);
    const fields = parseCodexConfig(
      [
        'approval_policy = "sometimes"',
        '[mcp_servers.a]',
        'command = "x"',
        'args = "--flag"',
        '[mcp_servers.b]',
        'enabled = true',
        '[mcp_servers.c]',
        'url = "https://c.example/mcp"',
        'bearer_token = "sk-ant-abcdefghijklmnopqrstuvwxyz"',
      ].join('\n'),
      FILE,
    );
    expect(fields.issues.map(i => [i.rule, i.line])).toEqual([
      ['codex-config-invalid-field', 1],
      ['codex-mcp-invalid-field', 4],
      ['codex-mcp-invalid-server', 5],
      ['codex-mcp-literal-secret', 9],
    ]);
  });

  it('finds the lines of tables and keys', () => {
    const lines = tomlKeyLines('a = 1\n[x."y.z"]\nb = 2 # c\n[[arr]]\n');
    expect([...lines]).toEqual([
      ['a', 1],
      ['x.y.z', 2],
      ['x.y.z.b', 3],
      ['arr', 4],
    ]);
  });
});
