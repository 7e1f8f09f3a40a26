import { geminiParser } from './gemini';

const FILE = '.gemini/settings.json';
const parse = (text: string) => geminiParser.parse(new Map([[FILE, text]]));

describe('geminiParser', () => {
  it('reads servers, tool lists, approval mode and model', () => {
    const result = parse(
      [
        '{',
        '  // v2 settings',
        '  "model": { "name": "gemini-2.5-pro" },',
        '  "tools": { "exclude": ["run_shell_command(rm -rf)"] },',
        '  "general": { "defaultApprovalMode": "yolo" },',
        '  "mcpServers": {',
        '    "github": { "httpUrl": "https://api.githubcopilot.com/mcp/", "headers": { "Authorization": "Bearer $GITHUB_PAT" } },',
        '    "events": { "url": "https://events.example.com/sse", "trust": true },',
        '    "db": { "command": "uvx", "args": ["mcp-server-postgres"] }',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(result.model).toBe('gemini-2.5-pro');
    expect(result.nativePermissions).toEqual({
      exclude: ['run_shell_command(rm -rf)'],
      approvalMode: 'yolo',
    });
    expect(result.permissions).toEqual({ defaultMode: 'bypassPermissions' });
    expect(result.mcpServers.map(s => [s.name, s.transport, s.line])).toEqual([
      ['github', 'http', 7],
      ['events', 'sse', 8],
      ['db', 'stdio', 9],
    ]);
    expect(result.issues.map(i => [i.rule, i.line, i.severity])).toEqual([
      ['gemini-mcp-trusted', 8, 'warning'],
    ]);
  });

  it('reports malformed settings with file, line and rule', () => {
    expect(parse('{\n  "mcpServers": [\n').issues[0]).toMatchObject({
      file: FILE,
      rule: 'json-syntax',
      line: 3,
    });
    const bad = parse(
      '{\n  "excludeTools": "rm",\n  "mcpServers": {\n    "a": { "timeout": "10s", "command": "x" },\n    "b": {}\n  }\n}',
    );
    expect(bad.issues.map(i => [i.rule, i.line])).toEqual([
      ['gemini-mcp-invalid-field', 4],
      ['gemini-mcp-invalid-server', 5],
      ['gemini-settings-invalid-field', 2],
    ]);
  });
});
