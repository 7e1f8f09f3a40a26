/*
 * Benchmark: N agent entities (skills, MCP servers, team configs that extend the
 * base) through the real catalog, from provider mutation until every entity is
 * processed and stitched, with upstream's AI model alone (baseline) and with
 * this module added (its model layer, processor and relations), in one run.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs \
 *     packages/tools/src/bench-processing.ts [N] [sqlite|pg]
 */
import {
  createBackendModule,
  coreServices,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import { entities } from './processingEntities';

const count = Number(process.argv[2] ?? 10000);
const engine = process.argv[3] ?? 'sqlite';


async function run(withModule: boolean): Promise<number> {
  const knex: Knex =
    engine === 'pg'
      ? knexFactory({
          client: 'pg',
          connection: `${
            process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432'
          }/postgres`,
        })
      : knexFactory({
          client: 'better-sqlite3',
          connection: { filename: ':memory:' },
          useNullAsDefault: true,
        });
  let db = knex;
  if (engine === 'pg') {
    const name = `bench_${Date.now()}`;
    await knex.raw(`CREATE DATABASE ${name}`);
    db = knexFactory({
      client: 'pg',
      connection: `${
        process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432'
      }/${name}`,
    });
  }

  const data = entities(count);
  let mutatedAt = 0n;
  const benchProvider = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'bench-provider',
    register(reg) {
      reg.registerInit({
        deps: {
          processing: catalogProcessingExtensionPoint,
          lifecycle: coreServices.lifecycle,
        },
        async init({ processing }) {
          processing.addEntityProvider({
            getProviderName: () => 'bench',
            connect: async connection => {
              mutatedAt = process.hrtime.bigint();
              await connection.applyMutation({
                type: 'full',
                entities: data.map(entity => ({
                  entity: {
                    ...entity,
                    metadata: {
                      ...entity.metadata,
                      annotations: {
                        'backstage.io/managed-by-location':
                          'url:https://bench/',
                        'backstage.io/managed-by-origin-location':
                          'url:https://bench/',
                      },
                    },
                  },
                  locationKey: 'bench',
                })),
              });
            },
          });
        },
      });
    },
  });

  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleAiModel,
      ...(withModule ? [catalogModuleAgentPlatform] : []),
      benchProvider,
      schedulerServiceFactory,
      mockServices.database.factory({ knex: db }),
      mockServices.rootConfig.factory({
        data: { catalog: { rules: [{ allow: ['AiResource', 'API'] }] } },
      }),
    ],
  });
  try {
    for (;;) {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-query?limit=1')
        .set('Authorization', mockCredentials.user.header());
      if (res.body.totalItems >= count) {
        break;
      }
      await new Promise(r => setTimeout(r, 200));
    }
    const seconds = Number(process.hrtime.bigint() - mutatedAt) / 1e9;
    if (withModule) {
      // Proof the module did its work: the relations exist.
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-name/airesource/default/org-base')
        .set('Authorization', mockCredentials.user.header());
      const extendedBy = res.body.relations.filter(
        (r: any) => r.type === 'extendedBy',
      );
      console.log(`  org-base extendedBy relations: ${extendedBy.length}`);
    }
    return seconds;
  } finally {
    await backend.stop();
    await db.destroy();
    if (db !== knex) {
      await knex.destroy();
    }
  }
}

async function main() {
  console.log(
    `entities: ${count}, database: ${engine}, node ${process.version}`,
  );
  const baseline = await run(false);
  console.log(`  baseline done: ${baseline.toFixed(1)} s`);
  const ours = await run(true);
  console.log(`| catalog | total s | per entity ms |`);
  console.log(`| --- | --- | --- |`);
  console.log(
    `| upstream AI model only (baseline) | ${baseline.toFixed(1)} | ${(
      (baseline * 1000) /
      count
    ).toFixed(2)} |`,
  );
  console.log(
    `| with the agent-platform module | ${ours.toFixed(1)} | ${(
      (ours * 1000) /
      count
    ).toFixed(2)} |`,
  );
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
