import { copilotParser } from './copilot';

const parse = (files: Record<string, string>) =>
  copilotParser.parse(new Map(Object.entries(files)));

describe('copilotParser', () => {
  it('reads .vscode/mcp.json "servers" with comments and inputs', () => {
    const result = parse({
      '.vscode/mcp.json': [
        '{',
        '  // prompted once, stored by VS Code',
        '  "inputs": [{ "type": "promptString", "id": "gh-token", "password": true }],',
        '  "servers": {',
        '    "github": {',
        '      "type": "http",',
        '      "url": "https://api.githubcopilot.com/mcp/",',
        '      "headers": { "Authorization": "Bearer ${input:gh-token}" }',
        '    },',
        '    /* local */ "fs": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem"] }',
        '  }',
        '}',
      ].join('\n'),
    });
    expect(result.issues).toEqual([]);
    expect(result.mcpServers.map(s => [s.name, s.transport, s.line])).toEqual([
      ['github', 'http', 5],
      ['fs', 'stdio', 10],
    ]);
  });

  it('reports the wrong root key, undeclared inputs and bad entries', () => {
    const wrongRoot = parse({
      '.vscode/mcp.json': '{\n  "mcpServers": { "a": { "command": "x" } }\n}',
    });
    expect(wrongRoot.issues.map(i => [i.rule, i.line])).toEqual([
      ['copilot-mcp-wrong-root', 2],
    ]);
    expect(wrongRoot.mcpServers).toEqual([]);
    const bad = parse({
      '.vscode/mcp.json':
        '{\n  "servers": {\n    "a": { "type": "http", "url": "https://a.example", "headers": { "X-Key": "${input:key}" } },\n    "b": { "type": "websocket", "url": "wss://b" },\n    "c": { "type": "stdio" }\n  }\n}',
    });
    expect(bad.issues.map(i => [i.rule, i.line])).toEqual([
      ['copilot-mcp-invalid-field', 4],
      ['copilot-mcp-invalid-server', 5],
      ['copilot-mcp-undeclared-input', 3],
    ]);
    const syntax = parse({ '.vscode/mcp.json': '{\n  "servers": {\n' });
    expect(syntax.issues[0]).toMatchObject({
      rule: 'json-syntax',
      file: '.vscode/mcp.json',
      line: 3,
    });
  });

  it('checks path-scoped instructions', () => {
    const result = parse({
      '.github/copilot-instructions.md': '# Repo\n',
      '.github/instructions/ts.instructions.md':
        '---\napplyTo: "**/*.ts"\n---\nUse strict.\n',
      '.github/instructions/none.instructions.md':
        '---\ndescription: x\n---\nBody\n',
      '.github/instructions/bad.instructions.md':
        '---\napplyTo: 42\n---\nBody\n',
    });
    expect(result.issues.map(i => [i.file, i.line, i.rule])).toEqual([
      [
        '.github/instructions/bad.instructions.md',
        2,
        'copilot-rule-invalid-field',
      ],
      [
        '.github/instructions/none.instructions.md',
        1,
        'copilot-instructions-no-apply-to',
      ],
    ]);
  });
});
