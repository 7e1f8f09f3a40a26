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
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';

const count = Number(process.argv[2] ?? 10000);
const engine = process.argv[3] ?? 'sqlite';

function entities(n: number): Entity[] {
  const out: Entity[] = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: { name: 'org-base' },
      spec: {
        type: 'agent-config',
        level: 'base',
        lifecycle: 'production',
        owner: 'group:default/platform',
        releases: [
          {
            version: '2.4.0',
            date: '2026-10-28',
            notes: 'Latest.',
            config: {
              skills: ['airesource:default/skill-0'],
              mcpServers: ['api:default/server-0'],
              permissions: { deny: ['Read(./.env)'] },
              budget: { monthlyUsdCap: 5000 },
            },
          },
        ],
      },
    },
  ];
  for (let i = 1; i < n; i++) {
    const kind = i % 5;
    if (kind < 2) {
      out.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'AiResource',
        metadata: { name: `skill-${i}`, description: `Skill ${i}` },
        spec: {
          type: 'skill',
          lifecycle: 'production',
          owner: `group:default/team-${i % 500}`,
          allowedTools: 'Read Grep',
          version: '1.0.0',
          scope: 'team',
          evalStatus: 'passing',
        },
      });
    } else if (kind === 2) {
      out.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: { name: `server-${i}` },
        spec: {
          type: 'mcp-server',
          lifecycle: 'production',
          owner: 'group:default/platform',
          remotes: [
            { type: 'streamable-http', url: `https://mcp.example.com/${i}` },
          ],
          auth: 'oauth',
          risk: 'low',
          allowlist: { status: 'approved' },
          tools: [
            { name: 'search', access: 'read', data: ['docs'] },
            { name: 'update', access: 'write', data: ['docs'] },
          ],
        },
      });
    } else {
      out.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'AiResource',
        metadata: { name: `team-${i}-agent-config` },
        spec: {
          type: 'agent-config',
          level: 'team',
          lifecycle: 'production',
          owner: `group:default/team-${i % 500}`,
          extends: 'org-base@2.4.0',
          skills: [`airesource:default/skill-${Math.max(1, i - 3)}`],
          mcpServers: [`api:default/server-${Math.max(2, i - (i % 5) + 2)}`],
          permissions: { ask: ['Bash(git push *)'], deny: ['Bash(rm -rf *)'] },
          budget: { monthlyUsd: 1000 },
        },
      });
    }
  }
  return out;
}

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
