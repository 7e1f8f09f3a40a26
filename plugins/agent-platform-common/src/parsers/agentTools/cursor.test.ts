import { cursorParser } from './cursor';

const parse = (files: Record<string, string>) =>
  cursorParser.parse(new Map(Object.entries(files)));

describe('cursorParser', () => {
  it('reads .cursor/mcp.json servers, remote without a type included', () => {
    const result = parse({
      '.cursor/mcp.json': JSON.stringify(
        {
          mcpServers: {
            github: {
              url: 'https://api.githubcopilot.com/mcp/',
              headers: { Authorization: 'Bearer ${env:GITHUB_TOKEN}' },
            },
            db: { command: 'npx', args: ['-y', '@acme/db-mcp@1.0.0'] },
            events: { type: 'sse', url: 'https://events.example.com/sse' },
          },
        },
        null,
        2,
      ),
    });
    expect(result.issues).toEqual([]);
    expect(
      result.mcpServers.map(s => [
        s.name,
        s.transport,
        s.url ?? s.command,
        s.line,
        s.file,
      ]),
    ).toEqual([
      [
        'github',
        'http',
        'https://api.githubcopilot.com/mcp/',
        3,
        '.cursor/mcp.json',
      ],
      ['db', 'stdio', 'npx', 9, '.cursor/mcp.json'],
      [
        'events',
        'sse',
        'https://events.example.com/sse',
        16,
        '.cursor/mcp.json',
      ],
    ]);
    expect(result.mcpServers[0].variables).toEqual(['env:GITHUB_TOKEN']);
  });

  it('reports malformed mcp.json with file, line and rule', () => {
    const broken = parse({
      '.cursor/mcp.json': '{\n  "mcpServers": {\n    "x": {,\n  }\n}',
    });
    expect(broken.issues).toEqual([
      expect.objectContaining({
        file: '.cursor/mcp.json',
        line: 3,
        rule: 'json-syntax',
        severity: 'error',
      }),
    ]);
    const wrong = parse({
      '.cursor/mcp.json':
        '{\n  "mcpServers": {\n    "a": { "command": "x", "args": "--flag" },\n    "b": { "env": {} },\n    "c": { "url": "https://x.example", "headers": { "Authorization": "Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789" } }\n  }\n}',
    });
    expect(wrong.issues.map(i => [i.rule, i.line])).toEqual([
      ['cursor-mcp-invalid-field', 3],
      ['cursor-mcp-invalid-server', 4],
      ['cursor-mcp-literal-secret', 5],
    ]);
    expect(wrong.issues[0].message).toMatch(/args/);
    expect(wrong.mcpServers.map(s => s.name)).toEqual(['c']);
  });

  it('checks the frontmatter of .mdc rules', () => {
    const result = parse({
      '.cursor/rules/ok.mdc':
        '---\ndescription: Style\nglobs: "src/**/*.ts"\nalwaysApply: false\n---\nUse tabs.\n',
      '.cursor/rules/bad.mdc':
        '---\ndescription: x\nalwaysApply: "yes"\nautoAttach: true\n---\nBody\n',
      '.cursor/rules/yaml.mdc': '---\ndescription: [unclosed\n---\nBody\n',
      '.cursor/rules/manual.mdc': '---\nalwaysApply: false\n---\nBody\n',
      '.cursor/rules/nested/skip.txt': 'not a rule',
    });
    expect(
      result.issues.map(i => [i.file, i.line, i.rule, i.severity]),
    ).toEqual([
      ['.cursor/rules/bad.mdc', 3, 'cursor-rule-invalid-field', 'error'],
      ['.cursor/rules/bad.mdc', 4, 'cursor-rule-unknown-field', 'warning'],
      ['.cursor/rules/manual.mdc', 1, 'cursor-rule-never-applied', 'warning'],
      ['.cursor/rules/yaml.mdc', 2, 'frontmatter-yaml-syntax', 'error'],
    ]);
    expect(result.issues[0].message).toContain(
      '"alwaysApply" must be true or false',
    );
  });

  it('knows its files', () => {
    expect(cursorParser.isContextFile('.cursor/rules/a.mdc')).toBe(true);
    expect(cursorParser.isContextFile('.cursorrules')).toBe(true);
    expect(cursorParser.isContextFile('.cursor/mcp.json')).toBe(false);
  });
});
