import { ParseIssuesError } from '../errors';
import { parseMcpJson, serializeMcpJson } from './mcpJson';

const rulesAndLines = (issues: Array<{ rule: string; line?: number }>) =>
  issues.map(i => [i.rule, i.line]);

const file = '.mcp.json';

describe('parseMcpJson', () => {
  it('reads the documented example', () => {
    const text = `{ "mcpServers": {
  "db":  { "type": "stdio", "command": "\${HOME}/bin/db", "args": ["--cfg","x.json"], "env": { "DB_URL": "\${DB_URL}" } },
  "api": { "type": "http", "url": "\${API_BASE_URL:-https://api.example.com}/mcp",
           "headers": { "Authorization": "Bearer \${API_KEY}" } } } }
`;
    const result = parseMcpJson(text, { file });
    expect(result.issues).toEqual([]);
    expect(result.servers).toEqual([
      expect.objectContaining({
        name: 'db',
        transport: 'stdio',
        command: '${HOME}/bin/db',
        args: ['--cfg', 'x.json'],
        env: { DB_URL: '${DB_URL}' },
        variables: ['DB_URL', 'HOME'],
        line: 2,
      }),
      expect.objectContaining({
        name: 'api',
        transport: 'http',
        declaredType: 'http',
        variables: ['API_BASE_URL', 'API_KEY'],
        line: 3,
      }),
    ]);
    expect(result.variables).toContainEqual({
      name: 'API_BASE_URL',
      default: 'https://api.example.com',
      server: 'api',
      field: 'url',
      line: 3,
    });
    expect(result.variables).toContainEqual({
      name: 'API_KEY',
      server: 'api',
      field: 'headers.Authorization',
      line: 4,
    });
  });

  it('defaults to stdio and reads streamable-http as http', () => {
    const result = parseMcpJson(
      JSON.stringify({
        mcpServers: {
          fs: {
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-filesystem', '.'],
          },
          gh: {
            type: 'streamable-http',
            url: 'https://api.githubcopilot.com/mcp/',
          },
        },
      }),
      { file },
    );
    expect(result.issues).toEqual([]);
    expect(result.servers.map(s => s.transport)).toEqual(['stdio', 'http']);
  });

  it('reports url without type on the url line', () => {
    const text = [
      '{',
      '  "mcpServers": {',
      '    "sentry": {',
      '      "url": "https://mcp.sentry.dev/mcp"',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const result = parseMcpJson(text, { file });
    expect(rulesAndLines(result.issues)).toEqual([['mcp-url-without-type', 4]]);
  });

  it('reports a literal secret in a header without echoing it', () => {
    const text = [
      '{',
      '  "mcpServers": {',
      '    "api": {',
      '      "type": "http",',
      '      "url": "https://api.example.com/mcp",',
      '      "headers": {',
      '        "Authorization": "Bearer sk-live-4f9a8b7c6d5e4f3a2b1c"',
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const result = parseMcpJson(text, { file });
    expect(rulesAndLines(result.issues)).toEqual([['mcp-literal-secret', 7]]);
    expect(result.issues[0].message).not.toContain('4f9a8b7c6d5e');
    expect(result.issues[0].message).toContain('headers.Authorization');
  });

  it('reports a literal token in env', () => {
    const text =
      '{"mcpServers": {"github": {\n"command": "docker",\n"env": {\n"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"\n}}}}';
    const result = parseMcpJson(text, { file });
    expect(rulesAndLines(result.issues)).toEqual([['mcp-literal-secret', 4]]);
  });

  it('reports stdio without command and remote without url', () => {
    const text = [
      '{"mcpServers": {',
      '  "a": {"type": "stdio", "args": ["x"]},',
      '  "b": {"type": "http"}',
      '}}',
    ].join('\n');
    const result = parseMcpJson(text, { file });
    expect(rulesAndLines(result.issues)).toEqual([
      ['mcp-stdio-missing-command', 2],
      ['mcp-remote-missing-url', 3],
    ]);
  });

  it('reports an unknown type and warns about sse', () => {
    const text = [
      '{"mcpServers": {',
      '  "a": {"type": "grpc", "url": "https://x"},',
      '  "b": {',
      '    "type": "sse",',
      '    "url": "https://mcp.asana.com/sse"',
      '  }',
      '}}',
    ].join('\n');
    const result = parseMcpJson(text, { file });
    expect(rulesAndLines(result.issues)).toEqual([
      ['mcp-unknown-type', 2],
      ['mcp-sse-deprecated', 4],
    ]);
    expect(result.issues[1].severity).toBe('warning');
    expect(result.servers.map(s => s.name)).toEqual(['b']);
  });

  it('reports wrong field types on their line', () => {
    const text =
      '{"mcpServers": {\n"a": {\n"command": "x",\n"args": "--flag"\n}}}';
    const result = parseMcpJson(text, { file });
    expect(rulesAndLines(result.issues)).toEqual([['mcp-invalid-field', 4]]);
    expect(result.issues[0].message).toMatch(/^mcpServers\.a\.args: /);
  });

  it('reports invalid JSON, a non-object and a missing mcpServers', () => {
    expect(
      rulesAndLines(parseMcpJson('{\n  "mcpServers": {},\n}', { file }).issues),
    ).toEqual([['json-syntax', 2]]);
    expect(rulesAndLines(parseMcpJson('[]', { file }).issues)).toEqual([
      ['mcp-not-object', 1],
    ]);
    expect(
      rulesAndLines(parseMcpJson('{\n"servers": {}\n}', { file }).issues),
    ).toEqual([['mcp-missing-servers', 1]]);
  });

  it('warns about malformed and bare variables, and bad urls', () => {
    const text = [
      '{"mcpServers": {',
      '  "a": {"command": "$HOME/bin/a", "env": {"X": "${OPEN"}},',
      '  "b": {"type": "ws", "url": "https://not-ws"}',
      '}}',
    ].join('\n');
    const result = parseMcpJson(text, { file });
    expect(rulesAndLines(result.issues)).toEqual([
      ['mcp-bare-variable', 2],
      ['mcp-invalid-variable', 2],
      ['mcp-invalid-url', 3],
    ]);
  });

  it('warns about duplicate keys and ignored fields', () => {
    const text = [
      '{"mcpServers": {',
      '  "a": {"type": "http", "url": "https://x", "command": "y"},',
      '  "a": {"command": "z"},',
      '  "b": {"type": "stdio", "command": "c",',
      '        "url": "https://x"}',
      '}}',
    ].join('\n');
    const result = parseMcpJson(text, { file });
    expect(rulesAndLines(result.issues)).toEqual([
      ['json-duplicate-key', 3],
      ['mcp-field-ignored', 5],
    ]);
    expect(result.servers.map(s => [s.name, s.command])).toEqual([
      ['a', 'z'],
      ['b', 'c'],
    ]);
  });
});

describe('serializeMcpJson', () => {
  it('writes 2-space JSON with a newline that parses back cleanly', () => {
    const text = serializeMcpJson({
      mcpServers: {
        api: {
          headers: { Authorization: 'Bearer ${API_KEY}' },
          url: 'https://api.example.com/mcp',
        },
        db: { command: 'db', args: ['--cfg', 'x.json'] },
      },
    });
    expect(text).toBe(`{
  "mcpServers": {
    "api": {
      "type": "http",
      "url": "https://api.example.com/mcp",
      "headers": {
        "Authorization": "Bearer \${API_KEY}"
      }
    },
    "db": {
      "type": "stdio",
      "command": "db",
      "args": [
        "--cfg",
        "x.json"
      ]
    }
  }
}
`);
    expect(parseMcpJson(text, { file }).issues).toEqual([]);
  });

  it('refuses to write a literal secret', () => {
    expect(() =>
      serializeMcpJson({
        mcpServers: {
          api: {
            type: 'http',
            url: 'https://x',
            headers: { 'X-Api-Key': 'sk-abcdefghijklmnopqrstuvwx' },
          },
        },
      }),
    ).toThrow(ParseIssuesError);
  });
});
