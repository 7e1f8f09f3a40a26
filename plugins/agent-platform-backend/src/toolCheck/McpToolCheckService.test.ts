import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { McpToolCheckService } from './McpToolCheckService';
import { startMcpTestServer, TestTool } from './__testUtils__/mcpTestServer';

const api = (
  name: string,
  url: string,
  tools: Array<{ name: string; access: string }>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'mcp-server',
    lifecycle: 'production',
    owner: 'group:default/platform',
    remotes: [{ type: 'streamable-http', url }],
    allowlist: { status: 'approved' },
    tools,
  },
});

function setup(entities: Entity[], toolCheck: object = {}) {
  const logger = mockServices.logger.mock();
  const service = McpToolCheckService.create({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger,
    config: mockServices.rootConfig({ data: { agentPlatform: { toolCheck } } }),
    clock: { now: () => new Date('2026-12-06T08:00:00Z') },
  });
  return { service, logger };
}

describe('McpToolCheckService against real MCP servers built with the SDK', () => {
  const real: TestTool[] = [
    { name: 'search_code', readOnlyHint: true },
    { name: 'create_issue', readOnlyHint: false, destructiveHint: false },
    // Declared read, but the server says it destroys.
    { name: 'sync_repo', readOnlyHint: false, destructiveHint: true },
    // Not in the governance file at all.
    { name: 'delete_repo', destructiveHint: true },
    // Declared destructive, but the server says it only reads.
    { name: 'list_branches', readOnlyHint: true },
  ];
  const declared = [
    { name: 'search_code', access: 'read' },
    { name: 'create_issue', access: 'write' },
    { name: 'sync_repo', access: 'read' },
    { name: 'list_branches', access: 'destructive' },
    { name: 'merge_pull_request', access: 'write' },
  ];

  it('flags undeclared and vanished tools and hints that contradict the declared access', async () => {
    const server = await startMcpTestServer(real);
    try {
      const { service } = setup([api('github', server.url, declared)]);
      await service.checkAll();
      const result = service.get('api:default/github')!;
      expect(result).toMatchObject({
        server: 'api:default/github',
        url: server.url,
        checkedAt: '2026-12-06T08:00:00.000Z',
        toolCount: 5,
        truncated: false,
      });
      expect(result.error).toBeUndefined();
      expect(result.findings.map(f => [f.rule, f.severity, f.tool])).toEqual([
        ['mcp-tool-access-understated', 'error', 'sync_repo'],
        ['mcp-tool-undeclared', 'error', 'delete_repo'],
        ['mcp-tool-access-overstated', 'warning', 'list_branches'],
        ['mcp-tool-missing', 'warning', 'merge_pull_request'],
      ]);
    } finally {
      await server.close();
    }
  });

  it('gives up on a server that hangs, keeping its last good result next to the error', async () => {
    const server = await startMcpTestServer(real);
    try {
      const { service, logger } = setup([api('github', server.url, declared)], {
        timeoutMs: 3000,
      });
      await service.checkAll();
      expect(service.get('api:default/github')!.toolCount).toBe(5);

      server.state.mode = 'hang';
      const started = Date.now();
      await service.checkAll();
      // The deadline, not the hang, ends the check.
      expect(Date.now() - started).toBeLessThan(10_000);
      const result = service.get('api:default/github')!;
      expect(result.error?.message).toMatch(/timed out|abort/i);
      expect(result.toolCount).toBe(5);
      expect(result.findings).toHaveLength(4);
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining(
          `Could not list the tools of api:default/github at ${server.url}`,
        ),
      );
    } finally {
      await server.close();
    }
  });

  it('caps a server with 10,000 tools', async () => {
    const tools = Array.from({ length: 10_000 }, (_, i) => ({
      name: `tool_${i}`,
      readOnlyHint: true,
    }));
    const server = await startMcpTestServer(tools, { lowLevel: true });
    try {
      const { service } = setup(
        [
          api('big', server.url, [
            { name: 'tool_1', access: 'read' },
            { name: 'gone', access: 'read' },
          ]),
        ],
        { maxTools: 1000, timeoutMs: 20_000 },
      );
      await service.checkAll();
      const result = service.get('api:default/big')!;
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({ toolCount: 1000, truncated: true });
      const rules = result.findings.map(f => f.rule);
      expect(rules.filter(r => r === 'mcp-tool-undeclared')).toHaveLength(999);
      expect(rules).toContain('mcp-tools-capped');
      // A capped listing cannot prove a tool is gone.
      expect(rules).not.toContain('mcp-tool-missing');
    } finally {
      await server.close();
    }
  });

  it('skips servers without a streamable HTTP remote and reports unreachable ones', async () => {
    const local: Entity = api('local', 'npm:@acme/x@1.0.0', []);
    (local.spec as any).remotes = [{ type: 'stdio', url: 'npm:@acme/x@1.0.0' }];
    const { service } = setup([
      local,
      api('down', 'http://127.0.0.1:9/mcp', []),
    ]);
    await service.checkAll();
    expect(service.get('api:default/local')).toBeUndefined();
    expect(service.get('api:default/down')!.error?.message).toBeDefined();
  });
});
