import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { AlphaEntity } from '@backstage/catalog-model/alpha';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import request from 'supertest';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';

const examplesRoot = resolve(__dirname, '../../../examples');
const locationFile = resolve(examplesRoot, 'all.yaml');

/** Every entity the example files declare, read straight from the files. */
function declaredEntities(): Entity[] {
  const location = parseAllDocuments(
    readFileSync(locationFile, 'utf8'),
  )[0].toJS() as Entity;
  const targets = (location.spec?.targets as string[]) ?? [];
  return targets.flatMap(target => {
    const file = resolve(dirname(locationFile), target);
    return parseAllDocuments(readFileSync(file, 'utf8'))
      .map(doc => doc.toJS() as Entity)
      .filter(Boolean);
  });
}

/** Skills, MCP servers and the org base come from their folders, through our provider. */
const discoveredRefs = [
  'airesource:default/org-base',
  ...readdirSync(resolve(examplesRoot, 'skills')).map(
    name => `airesource:default/${name}`,
  ),
  ...readdirSync(resolve(examplesRoot, 'mcp-servers')).map(
    name => `api:default/${name}`,
  ),
];

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe('the example organisation in the real catalog', () => {
  const declared = declaredEntities();
  const refs = [
    ...declared.map(e => stringifyEntityRef(e).toLocaleLowerCase()),
    ...discoveredRefs,
  ];

  it('declares what the README promises', () => {
    const count = (kind: string, type?: string) =>
      declared.filter(e => e.kind === kind && (!type || e.spec?.type === type))
        .length;
    expect(count('Group', 'team')).toBeGreaterThanOrEqual(6);
    expect(count('User')).toBeGreaterThanOrEqual(6);
    expect(
      discoveredRefs.filter(r => r.startsWith('airesource:')).length,
    ).toBeGreaterThanOrEqual(10);
    expect(
      discoveredRefs.filter(r => r.startsWith('api:')).length,
    ).toBeGreaterThanOrEqual(6);
    expect(count('Component')).toBeGreaterThanOrEqual(8);

    // The org base is not declared in YAML: it is a folder of real files,
    // one releases/<version>/ folder per release.
    expect(
      declared.filter(
        e => e.spec?.type === 'agent-config' && e.spec?.level === 'base',
      ),
    ).toEqual([]);
    const releasesDir = resolve(examplesRoot, 'org-base', 'releases');
    const releases = readdirSync(releasesDir).map(version => ({
      version,
      // RELEASE.md's frontmatter: the YAML between the first two "---" lines.
      ...(parse(
        readFileSync(resolve(releasesDir, version, 'RELEASE.md'), 'utf8').split(
          /^---$/m,
        )[1],
      ) as { security?: boolean; deprecated?: boolean }),
    }));
    expect(releases.length).toBeGreaterThanOrEqual(4);
    expect(releases.some(r => r.security)).toBe(true);
    expect(releases.some(r => r.deprecated)).toBe(true);

    const statuses = new Set(
      readdirSync(resolve(examplesRoot, 'mcp-servers')).map(
        name =>
          readFileSync(
            resolve(examplesRoot, 'mcp-servers', name, 'agent-platform.yaml'),
            'utf8',
          ).match(/^ {2}status: (\w+)/m)?.[1],
      ),
    );
    expect([...statuses].sort()).toEqual(['approved', 'denied', 'restricted']);
  });

  it.each(databases.eachSupportedId())(
    'loads every example entity, with only the broken skill in error, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleAiModel,
          catalogModuleAgentPlatform,
          // The real scheduler, which runs the provider's first scan as it would in the portal.
          schedulerServiceFactory,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                processingInterval: { seconds: 1 },
                rules: [
                  {
                    allow: [
                      'Component',
                      'System',
                      'Domain',
                      'API',
                      'Resource',
                      'Location',
                      'AiResource',
                      'User',
                      'Group',
                    ],
                  },
                ],
                locations: [{ type: 'file', target: locationFile }],
                providers: {
                  agentPlatform: {
                    skills: [resolve(examplesRoot, 'skills')],
                    mcpServers: [resolve(examplesRoot, 'mcp-servers')],
                    bases: [resolve(examplesRoot, 'org-base')],
                    subagents: [resolve(examplesRoot, 'subagents')],
                    rules: [resolve(examplesRoot, 'rules')],
                    schedule: {
                      frequency: { minutes: 10 },
                      timeout: { minutes: 1 },
                      initialDelay: { seconds: 0 },
                    },
                    // Often, so that a run soon sees the Components, bases and
                    // MCP servers the catalog has loaded meanwhile.
                    repos: {
                      schedule: {
                        frequency: { seconds: 2 },
                        timeout: { minutes: 1 },
                        initialDelay: { seconds: 1 },
                      },
                    },
                  },
                },
              },
            },
          }),
        ],
      });

      try {
        let entities: AlphaEntity[] = [];
        for (let attempt = 0; attempt < 360; attempt++) {
          const res = await request(backend.server)
            .get('/api/catalog/entities')
            .set('Authorization', mockCredentials.user.header());
          entities = res.body;
          const loaded = new Set(
            entities.map(e => stringifyEntityRef(e).toLocaleLowerCase()),
          );
          const ownedComponents = entities.filter(
            e =>
              e.kind === 'Component' &&
              e.relations?.some(r => r.type === 'ownedBy'),
          );
          if (
            refs.every(ref => loaded.has(ref)) &&
            ownedComponents.length ===
              declared.filter(e => e.kind === 'Component').length
          ) {
            break;
          }
          await new Promise(r => setTimeout(r, 500));
        }

        const loaded = new Set(
          entities.map(e => stringifyEntityRef(e).toLocaleLowerCase()),
        );
        expect(refs.filter(ref => !loaded.has(ref))).toEqual([]);

        // One repo config per Component, read from its repository. Early runs
        // may have seen a partly loaded catalog; wait for one that saw it all.
        const components = declared.filter(e => e.kind === 'Component');
        const repoConfigOf = (name: string) =>
          entities.find(e => e.metadata.name === `${name}-repo-config`);
        const settled = (name: string) => {
          const config = repoConfigOf(name);
          const observed = config?.spec?.observed as
            | { mcpServers: Array<{ name: string; entityRef: string | null }> }
            | undefined;
          return (
            config?.spec?.extends !== undefined &&
            observed?.mcpServers.every(
              // notification-worker's `notes` server is one the catalog does
              // not know, on purpose (examples/repos/notification-worker).
              s => s.entityRef !== null || s.name === 'notes',
            ) &&
            // Every example team has a team config: the repo config sits
            // under it (base -> team config -> repo config).
            config.spec?.teamConfig !== undefined &&
            config.relations?.some(r => r.type === 'extends')
          );
        };
        for (let attempt = 0; attempt < 360; attempt++) {
          if (components.every(c => settled(c.metadata.name))) {
            break;
          }
          await new Promise(r => setTimeout(r, 500));
          const res = await request(backend.server)
            .get('/api/catalog/entities')
            .set('Authorization', mockCredentials.user.header());
          entities = res.body;
        }
        expect(
          components
            .filter(c => !settled(c.metadata.name))
            .map(c => c.metadata.name),
        ).toEqual([]);

        // One skill is broken on purpose: its folder was renamed without its
        // name. That is the only processing error, and it names the file, the
        // line, the rule and the field; every other entity is unaffected.
        let errors: string[] = [];
        for (let attempt = 0; attempt < 360; attempt++) {
          const res = await request(backend.server)
            .get('/api/catalog/entities')
            .set('Authorization', mockCredentials.user.header());
          errors = (res.body as AlphaEntity[]).flatMap(e =>
            (e.status?.items ?? [])
              .filter(item => item.level === 'error')
              .map(item => `${stringifyEntityRef(e)}: ${item.error?.message}`),
          );
          if (errors.length > 0) {
            break;
          }
          await new Promise(r => setTimeout(r, 500));
        }
        expect(errors).toEqual([
          expect.stringMatching(
            /^airesource:default\/k8s-debug: k8s-debug\/SKILL\.md:2: error \[[a-z-]+\] .*name.*kubernetes-debugging.*k8s-debug/,
          ),
        ]);

        // The graph's backbone: every team config is owned by its team.
        const teamConfigs = entities.filter(
          e => e.spec?.type === 'agent-config' && e.spec?.level === 'team',
        );
        expect(teamConfigs.length).toBeGreaterThanOrEqual(6);
        for (const config of teamConfigs) {
          expect(config.relations).toEqual(
            expect.arrayContaining([
              expect.objectContaining({
                type: 'ownedBy',
                targetRef: config.spec?.owner,
              }),
            ]),
          );
        }

        // The relations the graph follows: base -> team configs -> skills and
        // MCP servers, in both directions.
        const byRef = new Map(
          entities.map(e => [stringifyEntityRef(e).toLocaleLowerCase(), e]),
        );
        const relationsOf = (ref: string, type: string) =>
          (byRef.get(ref)?.relations ?? [])
            .filter(r => r.type === type)
            .map(r => r.targetRef)
            .sort();
        // A repository's config extends its team's config, which extends
        // the base: the org base's graph reads base -> team -> repo.
        expect(
          relationsOf('airesource:default/cart-service-repo-config', 'extends'),
        ).toEqual(['airesource:default/checkout-agent-config']);
        expect(
          relationsOf('airesource:default/checkout-agent-config', 'extendedBy'),
        ).toContain('airesource:default/cart-service-repo-config');
        expect(
          relationsOf('airesource:default/org-base', 'extendedBy').filter(r =>
            r.endsWith('-repo-config'),
          ),
        ).toEqual([]);
        const payments = 'airesource:default/payments-agent-config';
        expect(relationsOf(payments, 'extends')).toEqual([
          'airesource:default/org-base',
        ]);
        expect(
          relationsOf('airesource:default/org-base', 'extendedBy'),
        ).toContain(payments);
        expect(relationsOf(payments, 'usesSkill')).toContain(
          'airesource:default/pci-checklist',
        );
        expect(
          relationsOf('airesource:default/pci-checklist', 'skillUsedBy'),
        ).toContain(payments);
        expect(relationsOf(payments, 'usesMcpServer')).toContain(
          'api:default/postgres-prod',
        );
        expect(
          relationsOf('api:default/postgres-prod', 'mcpServerUsedBy'),
        ).toContain(payments);
        expect(
          relationsOf('airesource:default/org-base', 'usesSkill'),
        ).toContain('airesource:default/code-review');
        expect(
          relationsOf('airesource:default/changelog-writer', 'replacedBy'),
        ).toEqual(['airesource:default/release-notes']);
        expect(
          relationsOf('airesource:default/release-notes', 'replaces'),
        ).toEqual(['airesource:default/changelog-writer']);

        // The org base came from examples/org-base, one release per folder,
        // newest first, with the flags of each RELEASE.md.
        const base = byRef.get('airesource:default/org-base');
        expect(
          base?.metadata.annotations?.['backstage.io/managed-by-location'],
        ).toBe(`file:${resolve(examplesRoot, 'org-base', 'agent-base.yaml')}`);
        const baseReleases = (base?.spec?.releases ?? []) as Array<{
          version: string;
          security: boolean;
          deprecated: boolean;
        }>;
        expect(baseReleases.map(r => r.version)).toEqual([
          '2.4.0',
          '2.3.0',
          '2.2.0',
          '2.1.0',
          '2.0.0',
          '1.8.0',
        ]);
        expect(
          baseReleases.filter(r => r.security).map(r => r.version),
        ).toEqual(['2.2.0']);
        expect(
          baseReleases.filter(r => r.deprecated).map(r => r.version),
        ).toEqual(['1.8.0']);
        for (const team of teamConfigs) {
          const ref = stringifyEntityRef(team).toLocaleLowerCase();
          expect(relationsOf(ref, 'extends')).toEqual([
            'airesource:default/org-base',
          ]);
        }

        // What the repos really pin (examples/README.md, "Pins and drift"),
        // and where: cart-service through the @AGENTS.md bridge, a release
        // behind its team's 2.3.0; events-pipeline in CLAUDE.md, whose
        // two-hop import chain is read too.
        const pins = Object.fromEntries(
          components.map(c => {
            const config = repoConfigOf(c.metadata.name)!;
            const pin = (config.spec?.observed as any)?.pin;
            return [
              c.metadata.name,
              `${config.spec?.extends} (${pin?.file}:${pin?.line})`,
            ];
          }),
        );
        expect(pins).toEqual({
          'agent-platform-tools': 'org-base@2.4.0 (CLAUDE.md:1)',
          'payments-api': 'org-base@2.4.0 (CLAUDE.md:1)',
          'ledger-service': 'org-base@2.4.0 (AGENTS.md:1)',
          'auth-gateway': 'org-base@2.4.0 (CLAUDE.md:1)',
          'checkout-web': 'org-base@2.3.0 (CLAUDE.md:1)',
          'cart-service': 'org-base@2.2.0 (AGENTS.md:1)',
          'search-indexer': 'org-base@2.2.0 (CLAUDE.md:1)',
          'events-pipeline': 'org-base@2.0.0 (CLAUDE.md:1)',
          'mobile-app': 'org-base@1.8.0 (AGENTS.md:1)',
          // One repository per other agent tool, its pin in that tool's file.
          'notification-worker': 'org-base@2.4.0 (GEMINI.md:1)',
          'partner-portal': 'org-base@2.4.0 (.github/copilot-instructions.md:1)',
          'risk-scoring': 'org-base@2.1.0 (AGENTS.md:1)',
          'storefront-search-ui': 'org-base@2.3.0 (.cursor/rules/general.mdc:5)',
        });
        expect(
          byRef.get('airesource:default/checkout-agent-config')?.spec?.extends,
        ).toBe('org-base@2.3.0');
        expect(
          (repoConfigOf('events-pipeline')?.spec?.observed as any).files,
        ).toEqual([
          'CLAUDE.md',
          'docs/agent/conventions.md',
          'docs/agent/dbt-style.md',
          'AGENTS.md',
          '.mcp.json',
          '.claude/settings.json',
        ]);
        // search-indexer wires the denied shell-admin server, which no config declares.
        const searchIndexer = 'airesource:default/search-indexer-repo-config';
        expect(
          [
            ...((byRef.get(searchIndexer)?.spec?.mcpServers as string[]) ?? []),
          ].sort(),
        ).toEqual([
          'api:default/docs-search',
          'api:default/github',
          'api:default/jira',
          'api:default/sentry',
          'api:default/shell-admin',
        ]);
        expect(
          (byRef.get(searchIndexer)?.spec?.observed as any).mcpServers.find(
            (s: { name: string }) => s.name === 'shell-admin',
          ),
        ).toEqual({
          name: 'shell-admin',
          type: 'stdio',
          command: 'npx',
          entityRef: 'api:default/shell-admin',
        });
        expect(relationsOf(searchIndexer, 'usesMcpServer')).toContain(
          'api:default/shell-admin',
        );
        expect(
          relationsOf('api:default/shell-admin', 'mcpServerUsedBy'),
        ).toEqual([searchIndexer]);
        // Each repo config belongs to its Component and extends its owner's
        // team config (which extends org-base).
        const cartConfig = 'airesource:default/cart-service-repo-config';
        expect(relationsOf(cartConfig, 'agentConfigOf')).toEqual([
          'component:default/cart-service',
        ]);
        expect(
          relationsOf('component:default/cart-service', 'hasAgentConfig'),
        ).toEqual([cartConfig]);
        for (const c of components) {
          const owner = parseEntityRef(c.spec?.owner as string).name;
          expect(
            relationsOf(
              `airesource:default/${c.metadata.name}-repo-config`,
              'extends',
            ),
          ).toEqual([`airesource:default/${owner}-agent-config`]);
        }
        // The hand-written repo configs are gone; the read ones replace them.
        expect(byRef.has('airesource:default/payments-api-agent-config')).toBe(
          false,
        );

        // Governance read from agent-platform.yaml beside server.json.
        expect(byRef.get('api:default/shell-admin')?.spec?.allowlist).toEqual(
          expect.objectContaining({ status: 'denied' }),
        );
      } finally {
        await backend.stop();
      }
    },
    600_000,
  );
});
