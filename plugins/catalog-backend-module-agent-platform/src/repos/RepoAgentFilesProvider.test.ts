import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { RepoAgentFilesProvider } from './RepoAgentFilesProvider';

const repo = 'https://github.com/acme/cart/blob/main/';

const component = (name: string, location?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: location
      ? { 'backstage.io/managed-by-location': location }
      : {},
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/checkout',
  },
});

const base: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name: 'org-base', namespace: 'default' },
  spec: {
    type: 'agent-config',
    lifecycle: 'production',
    owner: 'group:default/platform',
    level: 'base',
    releases: [{ version: '2.3.0', config: {} }],
  },
};

const github: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name: 'github', namespace: 'default' },
  spec: {
    type: 'mcp-server',
    lifecycle: 'production',
    owner: 'group:default/platform',
    remotes: [
      { type: 'streamable-http', url: 'https://api.githubcopilot.com/mcp/' },
    ],
  },
};

/** A repository served through the UrlReader: path -> text. */
function urlReaderFor(files: Record<string, string>) {
  const readUrl = jest.fn(async (url: string) => {
    if (!url.startsWith(repo) || !(url.slice(repo.length) in files)) {
      throw new NotFoundError(`${url} not found`);
    }
    const text = files[url.slice(repo.length)];
    return { buffer: async () => Buffer.from(text) };
  });
  // `<folder>/*<suffix>`, as the repo reader asks for rule folders.
  const search = jest.fn(async (pattern: string) => {
    const [folder, suffix] = pattern.slice(repo.length).split('/*');
    return {
      etag: '',
      files: Object.keys(files)
        .filter(p => p.startsWith(`${folder}/`) && p.endsWith(suffix))
        .map(p => ({
          url: `${repo}${p}`,
          content: async () => Buffer.from(files[p]),
        })),
    };
  });
  return mockServices.urlReader.mock({
    readUrl: readUrl as any,
    search: search as any,
  });
}

function setup(entities: Entity[], urlReader = urlReaderFor({})) {
  const catalog = catalogServiceMock({ entities });
  const logger = mockServices.logger.mock();
  logger.child.mockReturnValue(logger);
  const provider = new RepoAgentFilesProvider({
    catalog,
    auth: mockServices.auth(),
    urlReader,
    logger,
  });
  const connection = {
    applyMutation: jest.fn(),
    refresh: jest.fn(),
  } as jest.Mocked<EntityProviderConnection>;
  return { provider, connection, logger, catalog };
}

const applied = (connection: jest.Mocked<EntityProviderConnection>, call = 0) =>
  (connection.applyMutation.mock.calls[call][0] as any).entities as Array<{
    entity: Entity;
    locationKey: string;
  }>;

describe('RepoAgentFilesProvider', () => {
  it('emits one repo config per Component with a repository, read through the UrlReader', async () => {
    const urlReader = urlReaderFor({
      'CLAUDE.md': '@AGENTS.md\n',
      'AGENTS.md': '<!-- agent-platform: extends: org-base@2.3.0 -->\n# cart\n',
      '.mcp.json': JSON.stringify({
        mcpServers: {
          gh: { type: 'http', url: 'https://api.githubcopilot.com/mcp' },
        },
      }),
    });
    const { provider, connection } = setup(
      [
        component('cart', `url:${repo}catalog-info.yaml`),
        component('no-repo'),
        base,
        github,
      ],
      urlReader,
    );
    await provider.connect(connection);
    await provider.refresh();

    expect(provider.getProviderName()).toBe('agent-platform-repos');
    expect(connection.applyMutation).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'full' }),
    );
    const entities = applied(connection);
    expect(entities.map(e => [e.locationKey, e.entity.metadata.name])).toEqual([
      ['agent-platform-repos:component:default/cart', 'cart-repo-config'],
    ]);
    const { entity } = entities[0];
    expect(entity.spec).toEqual(
      expect.objectContaining({
        component: 'component:default/cart',
        extends: 'org-base@2.3.0',
        mcpServers: ['api:default/github'],
      }),
    );
    expect(
      entity.metadata.annotations?.['backstage.io/managed-by-location'],
    ).toBe(`url:${repo}`);
    expect(urlReader.readUrl).toHaveBeenCalledWith(
      `${repo}.claude/settings.json`,
    );
  });

  it('keeps the last good repo config when the repository cannot be read', async () => {
    const files: Record<string, string> = {
      'CLAUDE.md': '<!-- agent-platform: extends: org-base@2.3.0 -->\n',
    };
    const urlReader = urlReaderFor(files);
    const { provider, connection, logger } = setup(
      [
        component('cart', `url:${repo}catalog-info.yaml`),
        component(
          'other',
          'url:https://github.com/acme/other/blob/main/catalog-info.yaml',
        ),
        base,
      ],
      urlReader,
    );
    await provider.connect(connection);
    await provider.refresh();
    const first = applied(connection, 0).map(e => e.entity);
    expect(first.map(e => e.metadata.name).sort()).toEqual([
      'cart-repo-config',
      'other-repo-config',
    ]);

    // The integration is down for cart's repository, and the pin changed meanwhile.
    files['CLAUDE.md'] = '<!-- agent-platform: extends: org-base@9.9.9 -->\n';
    urlReader.readUrl.mockImplementation(async (url: string) => {
      throw new Error(`GitHub is down: ${url}`);
    });
    await provider.refresh();
    const byName = (list: Entity[]) =>
      [...list].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const second = applied(connection, 1).map(e => e.entity);
    expect(byName(second)).toEqual(byName(first));
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining(
        `Could not read the agent files of component:default/cart at ${repo}; keeping its last good repo config: Error: GitHub is down`,
      ),
    );
  });

  it("names the team config of the Component's owner, so the repo config sits under it", async () => {
    const teamConfig = (name: string, owner: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: { name, namespace: 'default' },
      spec: {
        type: 'agent-config',
        level: 'team',
        lifecycle: 'production',
        owner,
        extends: 'org-base@2.3.0',
      },
    });
    const { provider, connection } = setup(
      [
        component('cart', `url:${repo}catalog-info.yaml`),
        base,
        teamConfig('payments-agent-config', 'group:default/payments'),
        teamConfig('checkout-agent-config', 'checkout'),
      ],
      urlReaderFor({ 'CLAUDE.md': '# cart\n' }),
    );
    await provider.connect(connection);
    await provider.refresh();
    const [{ entity }] = applied(connection);
    expect(entity.spec?.teamConfig).toBe(
      'airesource:default/checkout-agent-config',
    );
  });

  it('drops the repo config of a Component that left the catalog', async () => {
    const { provider, connection, catalog } = setup(
      [component('cart', `url:${repo}catalog-info.yaml`), base],
      urlReaderFor({ 'CLAUDE.md': '# cart\n' }),
    );
    await provider.connect(connection);
    await provider.refresh();
    expect(applied(connection, 0)).toHaveLength(1);
    jest
      .spyOn(catalog, 'getEntities')
      .mockImplementation(async request =>
        (request?.filter as any)?.kind === 'Component'
          ? { items: [] }
          : { items: [base] },
      );
    await provider.refresh();
    expect(applied(connection, 1)).toEqual([]);
  });

  it('is configured under catalog.providers.agentPlatform.repos', () => {
    const deps = {
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      urlReader: mockServices.urlReader.mock(),
      logger: mockServices.logger.mock(),
    };
    const scheduler = mockServices.scheduler.mock();
    const from = (data: object) =>
      RepoAgentFilesProvider.fromConfig(mockServices.rootConfig({ data }), {
        ...deps,
        scheduler,
      });
    expect(from({})).toBeUndefined();
    expect(
      from({
        catalog: {
          providers: { agentPlatform: { repos: { enabled: false } } },
        },
      }),
    ).toBeUndefined();
    expect(
      from({ catalog: { providers: { agentPlatform: {} } } }),
    ).toBeInstanceOf(RepoAgentFilesProvider);
    expect(scheduler.createScheduledTaskRunner).toHaveBeenLastCalledWith({
      frequency: { minutes: 30 },
      timeout: { minutes: 10 },
      initialDelay: { seconds: 10 },
    });
    from({
      catalog: {
        providers: {
          agentPlatform: {
            repos: {
              schedule: { frequency: { minutes: 5 }, timeout: { minutes: 1 } },
            },
          },
        },
      },
    });
    expect(scheduler.createScheduledTaskRunner).toHaveBeenLastCalledWith({
      frequency: { minutes: 5 },
      timeout: { minutes: 1 },
    });
  });
});
