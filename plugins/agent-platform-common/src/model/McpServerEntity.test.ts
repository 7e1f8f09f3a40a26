import { isMcpServerEntity, validateMcpServerEntity } from './McpServerEntity';

const github = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name: 'github', title: 'GitHub MCP server' },
  spec: {
    type: 'mcp-server',
    lifecycle: 'production',
    owner: 'group:default/platform',
    remotes: [
      { type: 'streamable-http', url: 'https://api.githubcopilot.com/mcp/' },
    ],
    auth: 'oauth',
    risk: 'medium',
    allowlist: {
      status: 'approved',
      reason: 'Read and PR write access, scoped per repo.',
      reviewer: 'user:default/dana.platform',
      reviewedAt: '2026-09-14',
    },
    tools: [
      { name: 'search_code', access: 'read', data: ['source-code'] },
      { name: 'create_pull_request', access: 'write', data: ['source-code'] },
    ],
  },
};

describe('McpServerEntity', () => {
  it('accepts the documented server', () => {
    expect(validateMcpServerEntity(github)).toEqual({
      success: true,
      entity: github,
    });
  });

  it('requires remotes', () => {
    const { remotes, ...spec } = github.spec;
    const result = validateMcpServerEntity({ ...github, spec });
    expect(!result.success && result.issues[0].path).toBe('spec.remotes');
  });

  it('rejects unknown enum values', () => {
    const result = validateMcpServerEntity({
      ...github,
      spec: {
        ...github.spec,
        risk: 'extreme',
        allowlist: { status: 'maybe' },
        tools: [
          { name: 'a', access: 'read' },
          { name: 'a', access: 'admin' },
        ],
      },
    });
    expect(!result.success && result.issues.map(i => i.path).sort()).toEqual([
      'spec.allowlist.status',
      'spec.risk',
      'spec.tools.1.access',
    ]);
  });

  it('reports duplicate tool names', () => {
    const result = validateMcpServerEntity({
      ...github,
      spec: {
        ...github.spec,
        tools: [
          { name: 'a', access: 'read' },
          { name: 'a', access: 'write' },
        ],
      },
    });
    expect(!result.success && result.issues).toEqual([
      { path: 'spec.tools.1.name', message: 'duplicate tool name a' },
    ]);
  });

  it('guards on kind and spec.type', () => {
    expect(isMcpServerEntity(github)).toBe(true);
    expect(
      isMcpServerEntity({
        ...github,
        spec: { ...github.spec, type: 'openapi' },
      }),
    ).toBe(false);
  });
});
