import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { AgentPlatformEntitiesProcessor } from './AgentPlatformEntitiesProcessor';

const location = { type: 'file', target: '/examples/all.yaml' };

/** A processor cache that keeps what it is given, like the catalog's. */
function memoryCache(initial: Record<string, unknown> = {}) {
  const state = { ...initial };
  return {
    state,
    get: async <T>(key: string) => state[key] as T | undefined,
    set: async (key: string, value: unknown) => {
      state[key] = value;
    },
  };
}

async function process(entity: Entity, cache = memoryCache()) {
  const emitted: CatalogProcessorResult[] = [];
  await new AgentPlatformEntitiesProcessor().postProcessEntity(
    entity,
    location,
    r => emitted.push(r),
    cache as any,
  );
  return emitted;
}

// Entity refs compare case-insensitively in the catalog, kinds included.
const relations = (results: CatalogProcessorResult[]) =>
  results.flatMap(r =>
    r.type === 'relation'
      ? [
          `${r.relation.source.kind.toLowerCase()}:${r.relation.source.name} ${
            r.relation.type
          } ${r.relation.target.kind.toLowerCase()}:${r.relation.target.name}`,
        ]
      : [],
  );

const errors = (results: CatalogProcessorResult[]) =>
  results.flatMap(r => (r.type === 'error' ? [r.error.message] : []));

describe('AgentPlatformEntitiesProcessor', () => {
  it('links a team config to the base it extends, both ways', async () => {
    const results = await process({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: { name: 'payments-agent-config' },
      spec: {
        type: 'agent-config',
        level: 'team',
        owner: 'group:default/payments',
        lifecycle: 'production',
        extends: 'org-base@2.4.0',
      },
    });
    expect(relations(results)).toEqual([
      'airesource:payments-agent-config extends airesource:org-base',
      'airesource:org-base extendedBy airesource:payments-agent-config',
    ]);
  });

  it("links the base to its latest release's skills and servers", async () => {
    const release = (version: string, skills: string[], withdrawn = false) => ({
      version,
      date: '2026-10-01',
      withdrawn,
      config: { skills, mcpServers: ['api:default/github'] },
    });
    const results = await process({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: { name: 'org-base' },
      spec: {
        type: 'agent-config',
        level: 'base',
        owner: 'group:default/platform',
        lifecycle: 'production',
        releases: [
          release('2.3.0', ['airesource:default/old-skill']),
          release('2.4.0', ['airesource:default/code-review']),
          release('2.5.0', ['airesource:default/pulled'], true),
        ],
      },
    });
    expect(relations(results)).toEqual([
      'airesource:org-base usesSkill airesource:code-review',
      'airesource:code-review skillUsedBy airesource:org-base',
      'airesource:org-base usesMcpServer api:github',
      'api:github mcpServerUsedBy airesource:org-base',
    ]);
  });

  it("links a repository's Component to the MCP servers its agent files configure, both ways", async () => {
    const results = await process({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: { name: 'cart-service-repo-config' },
      spec: {
        type: 'agent-config',
        level: 'repo',
        owner: 'group:default/checkout',
        lifecycle: 'production',
        component: 'component:default/cart-service',
        extends: 'org-base@2.2.0',
        mcpServers: ['api:default/github', 'sentry', 'not a ref:'],
      },
    });
    expect(relations(results)).toEqual([
      'airesource:cart-service-repo-config extends airesource:org-base',
      'airesource:org-base extendedBy airesource:cart-service-repo-config',
      'component:cart-service consumesApi api:github',
      'api:github apiConsumedBy component:cart-service',
      'component:cart-service consumesApi api:sentry',
      'api:sentry apiConsumedBy component:cart-service',
    ]);
    // A team config lists the servers it allows, not ones it consumes.
    const team = await process({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: { name: 'payments-agent-config' },
      spec: {
        type: 'agent-config',
        level: 'team',
        owner: 'group:default/payments',
        lifecycle: 'production',
        component: 'component:default/cart-service',
        mcpServers: ['api:default/postgres-prod'],
      },
    });
    expect(relations(team).filter(r => r.includes('consumesApi'))).toEqual([]);
  });

  it("links a repository's config to its team's config, not straight to the base", async () => {
    const results = await process({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: { name: 'cart-service-repo-config' },
      spec: {
        type: 'agent-config',
        level: 'repo',
        owner: 'group:default/checkout',
        lifecycle: 'production',
        component: 'component:default/cart-service',
        teamConfig: 'airesource:default/checkout-agent-config',
        mcpServers: [],
      },
    });
    expect(relations(results)).toEqual([
      'airesource:cart-service-repo-config extends airesource:checkout-agent-config',
      'airesource:checkout-agent-config extendedBy airesource:cart-service-repo-config',
    ]);
  });

  it('emits nothing for a pin it cannot read', async () => {
    const results = await process({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: { name: 'x' },
      spec: { type: 'agent-config', level: 'team', extends: 'org-base@^2' },
    });
    expect(results).toEqual([]);
  });

  it('links a component to the config its annotation names', async () => {
    const results = await process({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'ledger-service',
        annotations: {
          'agent-platform.io/agent-config': 'payments-agent-config',
        },
      },
      spec: {},
    });
    expect(relations(results)).toEqual([
      'component:ledger-service hasAgentConfig airesource:payments-agent-config',
      'airesource:payments-agent-config agentConfigOf component:ledger-service',
    ]);
  });

  it.each(['kind:', 'component:default/payments-api', ''])(
    'reports an annotation that names no agent config: %p',
    async ref => {
      const results = await process({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'c',
          annotations: { 'agent-platform.io/agent-config': ref },
        },
        spec: {},
      });
      expect(relations(results)).toEqual([]);
      expect(errors(results)).toEqual([
        expect.stringContaining(
          'agent-platform.io/agent-config of component c must name an AiResource',
        ),
      ]);
    },
  );

  describe('problems found in source files', () => {
    const broken: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: {
        name: 'Code_Review',
        annotations: {
          'agent-platform.io/source-issues': JSON.stringify([
            {
              file: 'Code_Review/SKILL.md',
              line: 2,
              rule: 'skill-name-invalid',
              message: 'name must be lowercase',
              severity: 'error',
            },
            {
              file: 'Code_Review/SKILL.md',
              rule: 'skill-owner-missing',
              message: 'no owner',
              severity: 'warning',
            },
          ]),
        },
      },
      spec: { type: 'skill' },
    };

    it('lets the entity be stored on its first pass', async () => {
      const cache = memoryCache();
      expect(await process(broken, cache)).toEqual([]);
      expect(cache.state).toEqual({ stored: true });
    });

    it('reports the errors, not the warnings, from then on', async () => {
      const results = await process(broken, memoryCache({ stored: true }));
      expect(errors(results)).toEqual([
        'Code_Review/SKILL.md:2: error [skill-name-invalid] name must be lowercase',
      ]);
    });

    it('ignores an annotation that is not JSON', async () => {
      const results = await process(
        {
          ...broken,
          metadata: {
            name: 'x',
            annotations: { 'agent-platform.io/source-issues': '{oops' },
          },
        },
        memoryCache({ stored: true }),
      );
      expect(results).toEqual([]);
    });
  });
});
