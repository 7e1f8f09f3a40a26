import { parse } from 'yaml';
import { renderMcpServerDefinition } from './mcpServerDefinition';

describe('renderMcpServerDefinition', () => {
  it('writes the tools with their access and data scopes, and inputs without values', () => {
    const text = renderMcpServerDefinition(
      {
        remotes: [
          {
            type: 'streamable-http',
            url: 'https://api.githubcopilot.com/mcp/',
            headers: [
              {
                name: 'Authorization',
                isSecret: true,
                value: 'Bearer {token}',
              },
            ],
          },
        ],
        packages: [
          {
            registryType: 'oci',
            identifier: 'ghcr.io/github/github-mcp-server',
            version: '0.20.1',
            transport: { type: 'stdio' },
            environmentVariables: [
              { name: 'GITHUB_PERSONAL_ACCESS_TOKEN', isSecret: true },
              { name: 'GITHUB_HOST' },
            ],
          },
        ],
        risk: 'medium',
        allowlist: { status: 'approved', reviewer: 'user:default/marcus.webb' },
        tools: [
          { name: 'search_code', access: 'read', data: ['source-code'] },
          { name: 'delete_file', access: 'destructive' },
        ],
      },
      { registryName: 'io.github.github/github-mcp-server', version: '0.20.1' },
    );
    expect(
      text.startsWith('# The MCP server as the agent platform catalogs it'),
    ).toBe(true);
    expect(parse(text)).toEqual({
      server: 'io.github.github/github-mcp-server',
      version: '0.20.1',
      remotes: [
        {
          type: 'streamable-http',
          url: 'https://api.githubcopilot.com/mcp/',
          headers: ['Authorization (secret)'],
        },
      ],
      packages: [
        {
          registryType: 'oci',
          identifier: 'ghcr.io/github/github-mcp-server',
          version: '0.20.1',
          transport: 'stdio',
          environmentVariables: [
            'GITHUB_PERSONAL_ACCESS_TOKEN (secret)',
            'GITHUB_HOST',
          ],
        },
      ],
      risk: 'medium',
      allowlist: { status: 'approved', reviewer: 'user:default/marcus.webb' },
      tools: [
        { name: 'search_code', access: 'read', data: ['source-code'] },
        { name: 'delete_file', access: 'destructive' },
      ],
    });
  });

  it('says so when no tools are declared', () => {
    const text = renderMcpServerDefinition({
      remotes: [{ type: 'sse', url: 'https://mcp.example.com/sse' }],
    });
    expect(text).toContain('# No tools declared');
    expect(parse(text)).toEqual({
      remotes: [{ type: 'sse', url: 'https://mcp.example.com/sse' }],
      tools: [],
    });
  });
});
