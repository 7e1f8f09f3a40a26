import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AlphaEntity } from '@backstage/catalog-model/alpha';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
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

/** Skills and MCP servers come from their folders, through our provider. */
const discoveredRefs = [
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

    const base = declared.find(
      e => e.spec?.type === 'agent-config' && e.spec?.level === 'base',
    );
    const releases = (base?.spec?.releases ?? []) as Array<{
      version: string;
      security?: boolean;
      deprecated?: boolean;
    }>;
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
                    schedule: {
                      frequency: { minutes: 10 },
                      timeout: { minutes: 1 },
                      initialDelay: { seconds: 0 },
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
        for (let attempt = 0; attempt < 120; attempt++) {
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

        // One skill is broken on purpose: its folder was renamed without its
        // name. That is the only processing error, and it names the file, the
        // line, the rule and the field; every other entity is unaffected.
        let errors: string[] = [];
        for (let attempt = 0; attempt < 60; attempt++) {
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

        // Governance read from agent-platform.yaml beside server.json.
        expect(byRef.get('api:default/shell-admin')?.spec?.allowlist).toEqual(
          expect.objectContaining({ status: 'denied' }),
        );
      } finally {
        await backend.stop();
      }
    },
    120_000,
  );
});
