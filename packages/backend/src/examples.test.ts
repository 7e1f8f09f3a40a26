import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import request from 'supertest';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';

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

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe('the example organisation in the real catalog', () => {
  const declared = declaredEntities();
  const refs = declared.map(e => stringifyEntityRef(e).toLocaleLowerCase());

  it('declares what the README promises', () => {
    const count = (kind: string, type?: string) =>
      declared.filter(e => e.kind === kind && (!type || e.spec?.type === type))
        .length;
    expect(count('Group', 'team')).toBeGreaterThanOrEqual(6);
    expect(count('User')).toBeGreaterThanOrEqual(6);
    expect(count('AiResource', 'skill')).toBeGreaterThanOrEqual(10);
    expect(count('API', 'mcp-server')).toBeGreaterThanOrEqual(6);
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
      declared
        .filter(e => e.spec?.type === 'mcp-server')
        .map(e => (e.spec?.allowlist as { status: string })?.status),
    );
    expect([...statuses].sort()).toEqual(['approved', 'denied', 'restricted']);
  });

  it.each(databases.eachSupportedId())(
    'loads every example entity without processing errors on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleAiModel,
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
              },
            },
          }),
        ],
      });

      try {
        let entities: Entity[] = [];
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

        const loaded = entities.map(e =>
          stringifyEntityRef(e).toLocaleLowerCase(),
        );
        expect(loaded).toEqual(expect.arrayContaining(refs));

        const errors = entities.flatMap(e =>
          (e.status?.items ?? [])
            .filter(item => item.level === 'error')
            .map(item => `${stringifyEntityRef(e)}: ${item.error?.message}`),
        );
        expect(errors).toEqual([]);

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
      } finally {
        await backend.stop();
      }
    },
    120_000,
  );
});
