/*
 * Benchmark: N agent entities through the real catalog, with upstream's AI model
 * module alone (baseline) and with this module added, interleaved over several
 * rounds so that the two sides share the machine's load and neither always runs
 * first. Each run is a fresh child process (nothing compiled by the JIT, nothing
 * left on the heap by the run before) with a fresh database; the clock runs from
 * the provider's mutation until the catalog reports every entity processed and
 * stitched. Reports the median and the spread (min-max) of each side and of the
 * ratio module / baseline within each round, for wall time and for the child's
 * CPU time (user + system, all threads).
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs \
 *     packages/tools/src/bench-processing-interleaved.ts \
 *     [N=10000] [sqlite|pg] [rounds=7]
 *
 * Rounds alternate the order: odd rounds run the baseline first, even rounds the
 * module first. BENCH_PG names the PostgreSQL server (default
 * postgresql://postgres@127.0.0.1:5432); each run creates and drops its database.
 * The same entities as bench-processing.ts (40 % skills, 20 % MCP servers with
 * tools, 40 % team configs that extend the base and use a skill and a server).
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import { entities } from './processingEntities';

type Side = 'baseline' | 'module';

/** What one run measured, printed by the child as a `RESULT {...}` line. */
interface RunResult {
  side: Side;
  wallSeconds: number;
  cpuSeconds: number;
  entities: number;
  extendedBy?: number;
  loadBefore: number;
}

const PG = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';


/** One run, in this process: a fresh database and backend, then the clock. */
async function runOnce(
  side: Side,
  count: number,
  engine: string,
): Promise<RunResult> {
  let admin: Knex | undefined;
  let dbName: string | undefined;
  let db: Knex;
  if (engine === 'pg') {
    admin = knexFactory({ client: 'pg', connection: `${PG}/postgres` });
    dbName = `bench_interleaved_${process.pid}_${Date.now()}`;
    await admin.raw(`CREATE DATABASE ${dbName}`);
    db = knexFactory({ client: 'pg', connection: `${PG}/${dbName}` });
  } else {
    db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
  }

  const data = entities(count);
  let mutatedAt = 0n;
  let cpuAtMutation: NodeJS.CpuUsage | undefined;
  const benchProvider = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'bench-provider',
    register(reg) {
      reg.registerInit({
        deps: { processing: catalogProcessingExtensionPoint },
        async init({ processing }) {
          processing.addEntityProvider({
            getProviderName: () => 'bench',
            connect: async connection => {
              mutatedAt = process.hrtime.bigint();
              cpuAtMutation = process.cpuUsage();
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

  const loadBefore = loadavg()[0];
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleAiModel,
      ...(side === 'module' ? [catalogModuleAgentPlatform] : []),
      benchProvider,
      schedulerServiceFactory,
      mockServices.database.factory({ knex: db }),
      mockServices.rootConfig.factory({
        data: { catalog: { rules: [{ allow: ['AiResource', 'API'] }] } },
      }),
    ],
  });
  try {
    let total = 0;
    for (;;) {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-query?limit=1')
        .set('Authorization', mockCredentials.user.header());
      total = res.body.totalItems ?? 0;
      if (total >= count) {
        break;
      }
      await new Promise(r => setTimeout(r, 200));
    }
    const wallSeconds = Number(process.hrtime.bigint() - mutatedAt) / 1e9;
    const cpu = process.cpuUsage(cpuAtMutation);
    const result: RunResult = {
      side,
      wallSeconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      entities: total,
      loadBefore,
    };
    // Proof each side did what it says: only the module makes the relations.
    const base = await request(backend.server)
      .get('/api/catalog/entities/by-name/airesource/default/org-base')
      .set('Authorization', mockCredentials.user.header());
    result.extendedBy = (base.body.relations ?? []).filter(
      (r: { type: string }) => r.type === 'extendedBy',
    ).length;
    return result;
  } finally {
    await backend.stop();
    await db.destroy();
    if (admin && dbName) {
      await admin.raw(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.destroy();
    }
  }
}

/** Runs one side in a fresh child process of this script. */
function runChild(
  side: Side,
  count: number,
  engine: string,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, __filename, '--child', side, String(count), engine],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', code => {
      const line = out.split('\n').find(l => l.startsWith('RESULT '));
      if (code !== 0 || !line) {
        reject(
          new Error(`${side} run exited with ${code}: ${out.slice(-2000)}`),
        );
        return;
      }
      resolve(JSON.parse(line.slice('RESULT '.length)));
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const spread = (values: number[], digits: number) =>
  `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(
    digits,
  )}`;

async function main() {
  const count = Number(process.argv[2] ?? 10000);
  const engine = process.argv[3] ?? 'sqlite';
  const rounds = Number(process.argv[4] ?? 7);
  console.log(
    `entities: ${count}, database: ${engine}, rounds: ${rounds}, node ${
      process.version
    }, load average at start ${loadavg()
      .map(l => l.toFixed(1))
      .join(' / ')}, ${new Date().toISOString()}`,
  );
  const results: Array<Record<Side, RunResult>> = [];
  for (let round = 1; round <= rounds; round++) {
    const order: Side[] =
      round % 2 === 1 ? ['baseline', 'module'] : ['module', 'baseline'];
    const pair = {} as Record<Side, RunResult>;
    for (const side of order) {
      pair[side] = await runChild(side, count, engine);
      if (pair[side].entities < count) {
        throw new Error(`${side}: only ${pair[side].entities} entities`);
      }
    }
    // The module adds an extendedBy relation per team config; the baseline none.
    if (pair.baseline.extendedBy !== 0 || !pair.module.extendedBy) {
      throw new Error(
        `unexpected relations: baseline ${pair.baseline.extendedBy}, module ${pair.module.extendedBy}`,
      );
    }
    results.push(pair);
    console.log(
      `  round ${round} (${order.join(
        ' then ',
      )}): baseline ${pair.baseline.wallSeconds.toFixed(
        1,
      )} s wall / ${pair.baseline.cpuSeconds.toFixed(
        1,
      )} s CPU (load ${pair.baseline.loadBefore.toFixed(
        1,
      )}), module ${pair.module.wallSeconds.toFixed(
        1,
      )} s wall / ${pair.module.cpuSeconds.toFixed(
        1,
      )} s CPU (load ${pair.module.loadBefore.toFixed(1)}), extendedBy ${
        pair.module.extendedBy
      }`,
    );
  }

  const side = (s: Side, key: 'wallSeconds' | 'cpuSeconds') =>
    results.map(r => r[s][key]);
  const ratio = (key: 'wallSeconds' | 'cpuSeconds') =>
    results.map(r => r.module[key] / r.baseline[key]);
  const row = (label: string, wall: number[], cpu: number[], digits = 1) =>
    `| ${label} | ${median(wall).toFixed(digits)} | ${spread(
      wall,
      digits,
    )} | ${median(cpu).toFixed(digits)} | ${spread(cpu, digits)} |`;
  console.log('');
  console.log(
    `| ${count} entities, ${engine}, ${rounds} rounds | wall median | wall min-max | CPU median | CPU min-max |`,
  );
  console.log('| --- | --- | --- | --- | --- |');
  console.log(
    row(
      'upstream AI model only (baseline), s',
      side('baseline', 'wallSeconds'),
      side('baseline', 'cpuSeconds'),
    ),
  );
  console.log(
    row(
      'with the agent-platform module, s',
      side('module', 'wallSeconds'),
      side('module', 'cpuSeconds'),
    ),
  );
  console.log(
    row(
      'ratio module / baseline, per round',
      ratio('wallSeconds'),
      ratio('cpuSeconds'),
      3,
    ),
  );
  console.log(
    `\nper entity (wall median): baseline ${(
      (median(side('baseline', 'wallSeconds')) * 1000) /
      count
    ).toFixed(2)} ms, module ${(
      (median(side('module', 'wallSeconds')) * 1000) /
      count
    ).toFixed(2)} ms; load average at end ${loadavg()
      .map(l => l.toFixed(1))
      .join(' / ')}`,
  );
}

if (process.argv[2] === '--child') {
  runOnce(process.argv[3] as Side, Number(process.argv[4]), process.argv[5])
    .then(result => {
      console.log(`RESULT ${JSON.stringify(result)}`);
      process.exit(0);
    })
    .catch(error => {
      console.error(error);
      process.exit(1);
    });
} else {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
