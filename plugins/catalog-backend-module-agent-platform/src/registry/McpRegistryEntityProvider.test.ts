import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import {
  McpRegistryEntityProvider,
  readRegistryConfig,
} from './McpRegistryEntityProvider';
import { OFFICIAL_META } from './registryClient';
import {
  registryServer,
  startRegistryServer,
} from './__testUtils__/registryServer';

const day = (n: number) => new Date(Date.UTC(2026, 10, 1 + n)).toISOString();

describe('McpRegistryEntityProvider against a local registry', () => {
  let registry: Awaited<ReturnType<typeof startRegistryServer>>;
  beforeEach(async () => {
    registry = await startRegistryServer(
      Array.from({ length: 25 }, (_, i) => registryServer(i, day(i % 5))),
    );
  });
  afterEach(() => registry.close());

  function setup(
    overrides: { maxPages?: number; allowedHosts?: string[] } = {},
  ) {
    const logger = mockServices.logger.mock();
    logger.child.mockReturnValue(logger);
    const connection = {
      applyMutation: jest.fn(async () => {}),
      refresh: jest.fn(),
    } as unknown as jest.Mocked<EntityProviderConnection>;
    const provider = new McpRegistryEntityProvider({
      id: 'local',
      baseUrl: registry.baseUrl,
      allowedHosts: overrides.allowedHosts ?? [registry.host],
      pageSize: 10,
      maxPages: overrides.maxPages ?? 20,
      timeoutMs: 5000,
      defaultOwner: 'group:default/platform',
      logger,
    });
    return { provider, connection, logger };
  }
  const mutation = (c: jest.Mocked<EntityProviderConnection>, i: number) =>
    c.applyMutation.mock.calls[i][0] as any;

  it('reads every page on the first sync, then only what changed', async () => {
    const { provider, connection } = setup();
    await provider.connect(connection);
    expect(await provider.refresh()).toEqual({
      mode: 'full',
      changed: 25,
      removed: 0,
      total: 25,
    });
    expect(registry.state.requests).toEqual([
      '/v0.1/servers?limit=10&version=latest',
      '/v0.1/servers?limit=10&version=latest&cursor=10',
      '/v0.1/servers?limit=10&version=latest&cursor=20',
    ]);
    const first = mutation(connection, 0);
    expect(first.type).toBe('full');
    const entity = first.entities[3].entity;
    expect(entity).toMatchObject({
      kind: 'API',
      metadata: {
        name: 'io-github-owner3-server-3',
        annotations: {
          'agent-platform.io/mcp-registry': 'local',
          'agent-platform.io/registry-name': 'io.github.owner3/server-3',
          'backstage.io/managed-by-location': `url:${registry.baseUrl}v0.1/servers/io.github.owner3%2Fserver-3`,
        },
      },
      // Nobody reviewed a registry server: not production, and its packages are kept.
      spec: {
        type: 'mcp-server',
        lifecycle: 'experimental',
        packages: [{ identifier: '@owner3/server-3' }],
      },
    });

    // Two servers change, one is deleted: only those are asked for and applied.
    registry.state.requests = [];
    registry.state.entries[7] = registryServer(7, day(10));
    registry.state.entries[8] = registryServer(8, day(11), 'deprecated');
    registry.state.entries[9] = registryServer(9, day(12), 'deleted');
    expect(await provider.refresh()).toEqual({
      mode: 'incremental',
      changed: 2,
      removed: 1,
      total: 24,
    });
    expect(registry.state.requests).toEqual([
      `/v0.1/servers?limit=10&version=latest&updated_since=${encodeURIComponent(
        day(4),
      )}`,
    ]);
    const delta = mutation(connection, 1);
    expect(delta.type).toBe('delta');
    expect(
      delta.added.map((d: any) => [
        d.entity.metadata.name,
        d.entity.spec.lifecycle,
      ]),
    ).toEqual([
      ['io-github-owner7-server-7', 'experimental'],
      ['io-github-owner8-server-8', 'deprecated'],
    ]);
    expect(delta.removed.map((d: any) => d.entity.metadata.name)).toEqual([
      'io-github-owner9-server-9',
    ]);

    // Nothing changed: nothing applied.
    expect(await provider.refresh()).toMatchObject({
      changed: 0,
      removed: 0,
      total: 24,
    });
    expect(connection.applyMutation).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['malformed', /Page 1 .* is not JSON/],
    ['truncated', /the page was cut off: terminated/],
    ['wrong-shape', /is not a v0.1 servers page: servers/],
    ['error-500', /answered 500/],
    ['forever', /more than 20 pages of 10/],
    [
      'repeat-cursor',
      /repeats the cursor same: the registry paginates forever/,
    ],
    [
      'redirect-off-list',
      /host registry.attacker.example is not on the allow-list/,
    ],
  ] as const)(
    'keeps the last good set when the registry is %s',
    async (mode, message) => {
      const { provider, connection, logger } = setup();
      await provider.connect(connection);
      await provider.refresh();
      expect(connection.applyMutation).toHaveBeenCalledTimes(1);

      registry.state.entries[0] = registryServer(0, day(20));
      registry.state.mode = mode;
      expect(await provider.refresh()).toBeUndefined();
      expect(connection.applyMutation).toHaveBeenCalledTimes(1);
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringMatching(/keeping the last good set of 25 servers/),
      );
      expect(logger.error.mock.calls.at(-1)![0]).toMatch(message);

      // Once the registry is well again, the sync resumes from the last good point.
      registry.state.mode = 'ok';
      expect(await provider.refresh()).toMatchObject({
        mode: 'incremental',
        changed: 1,
        total: 25,
      });
    },
  );

  it('fails the first sync without applying anything', async () => {
    const { provider, connection } = setup();
    await provider.connect(connection);
    registry.state.mode = 'forever';
    expect(await provider.refresh()).toBeUndefined();
    expect(connection.applyMutation).not.toHaveBeenCalled();
    registry.state.mode = 'ok';
    expect(await provider.refresh()).toMatchObject({ mode: 'full', total: 25 });
  });

  it('follows a redirect to an allowed host only', async () => {
    const other = await startRegistryServer([registryServer(1, day(1))]);
    try {
      const { provider, connection } = setup({
        allowedHosts: [registry.host, other.host],
      });
      await provider.connect(connection);
      registry.state.mode = 'redirect-off-list';
      // The stand-in redirects to a host that is not allowed, whatever the list.
      expect(await provider.refresh()).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('reads its config, refusing a base URL whose host is not allowed', () => {
    expect(
      readRegistryConfig(
        mockServices.rootConfig({
          data: { baseUrl: 'https://registry.modelcontextprotocol.io' },
        }),
      ),
    ).toEqual({
      id: 'registry.modelcontextprotocol.io',
      baseUrl: 'https://registry.modelcontextprotocol.io',
      allowedHosts: ['registry.modelcontextprotocol.io'],
      pageSize: 100,
      maxPages: 1000,
      timeoutMs: 30000,
    });
    expect(() =>
      readRegistryConfig(
        mockServices.rootConfig({
          data: { baseUrl: 'https://r.example', allowedHosts: ['x.example'] },
        }),
      ),
    ).toThrow(
      /allowedHosts \(x.example\) must include the baseUrl's host r.example/,
    );
    expect(() =>
      readRegistryConfig(
        mockServices.rootConfig({ data: { baseUrl: 'ftp://r.example' } }),
      ),
    ).toThrow(/is not an http\(s\) URL/);
  });

  it('reads the official metadata', () => {
    expect(registryServer(1, day(1))._meta![OFFICIAL_META]).toMatchObject({
      status: 'active',
    });
  });
});
