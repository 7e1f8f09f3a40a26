// The spend benchmark's ingestion part: OTLP requests through the plugin's HTTP router
// against a raw bulk insert of the same rows (bench-spend.ts).
import {
  buildSpendAttributionIndex,
  SpendCatalogEntity,
} from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import { Knex } from 'knex';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import protobuf from 'protobufjs';
import { createSpendRouter } from '../../../../plugins/agent-platform-backend/src/spend/createSpendRouter';
import { OTLP_METRICS_PROTO_SOURCES } from '../../../../plugins/agent-platform-backend/src/spend/otlp/otlpProto';
import { SpendCatalogIndex } from '../../../../plugins/agent-platform-backend/src/spend/SpendCatalogIndex';
import { SpendIngestor } from '../../../../plugins/agent-platform-backend/src/spend/SpendIngestor';
import {
  applySpendMigrations,
  DatabaseSpendStore,
} from '../../../../plugins/agent-platform-backend/src/spend/SpendStore';

import {
  percentile,
  BATCH,
  CONCURRENCY,
  DAY,
  fmt,
  INGEST_POINTS,
  openDatabase,
  PROFILE,
} from './shared';

// ---------------------------------------------------------------- ingestion

const root = new protobuf.Root();
for (const source of OTLP_METRICS_PROTO_SOURCES) protobuf.parse(source, root);
const RequestType = root.lookupType(
  'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
);

// The example organisation's Groups and Users, read from examples/org/org.yaml
// with a few patterns (its documents are flat and regular).
export const orgEntities: SpendCatalogEntity[] = readFileSync(
  resolve(__dirname, '../../../../examples/org/org.yaml'),
  'utf8',
)
  .split(/^---$/m)
  .map(doc => {
    const kind = /^kind: (\w+)/m.exec(doc)?.[1];
    const name = /^ {2}name: (\S+)/m.exec(doc)?.[1];
    if (!kind || !name) return undefined;
    const type = /^ {2}type: (\S+)/m.exec(doc)?.[1];
    const email = /^ {4}email: (\S+)/m.exec(doc)?.[1];
    const memberOf = /^ {2}memberOf: \[(.*)\]/m.exec(doc)?.[1];
    return {
      kind,
      metadata: { name },
      spec: {
        type,
        profile: { email },
        memberOf: memberOf?.split(',').map(m => m.trim()),
      },
    };
  })
  .filter((e): e is NonNullable<typeof e> => Boolean(e));
export const users = orgEntities
  .filter(e => e.kind === 'User')
  .map(e => (e.spec as any).profile.email as string);
export const MODELS = [
  'claude-sonnet-4-6',
  'claude-opus-4-5',
  'claude-haiku-4-5',
];
export const SKILLS = [
  'code-review',
  'test-writer',
  'pr-description',
  'write-adr',
];
export const MCP = ['github', 'jira', 'sentry'];
export const TOKEN_TYPES = ['input', 'output', 'cacheRead', 'cacheCreation'];

/**
 * One OTLP request of `batch` cost and token data points (a fifth of them
 * cost) for one user; each `seq` gives new points.
 */
export function otlpRequest(
  seq: number,
  now: number,
  batch = BATCH,
): Uint8Array {
  const email = users[seq % users.length];
  const s = (key: string, value: string) => ({
    key,
    value: { stringValue: value },
  });
  const cost: object[] = [];
  const tokens: object[] = [];
  for (let i = 0; i < batch / 5; i++) {
    const end = now - ((seq * batch + i) % (7 * DAY));
    const attributes = [
      s('model', MODELS[i % 3]),
      s('session.id', `s-${seq}-${i}`),
      ...(i % 2 ? [s('skill.name', SKILLS[i % 4])] : []),
      ...(i % 3 === 0 ? [s('mcp_server.name', MCP[i % 3])] : []),
    ];
    const times = {
      startTimeUnixNano: `${end - 60_000}000000`,
      timeUnixNano: `${end}000000`,
    };
    cost.push({ ...times, asDouble: 0.001 * (1 + (i % 50)), attributes });
    for (const type of TOKEN_TYPES) {
      tokens.push({
        ...times,
        asInt: String(100 + i),
        attributes: [...attributes, s('type', type)],
      });
    }
  }
  const message = {
    resourceMetrics: [
      {
        resource: {
          attributes: [s('user.email', email), s('repo', 'payments-api')],
        },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'claude_code.cost.usage',
                sum: { aggregationTemporality: 1, dataPoints: cost },
              },
              {
                name: 'claude_code.token.usage',
                sum: { aggregationTemporality: 1, dataPoints: tokens },
              },
            ],
          },
        ],
      },
    ],
  };
  return RequestType.encode(RequestType.fromObject(message)).finish();
}

/** A CPU profile of the server's thread (`--profile <path prefix>`). */
async function startProfile() {
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<any>((ok, fail) =>
      session.post(method, (error, result) =>
        error ? fail(error) : ok(result),
      ),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    async stop(path: string) {
      const { profile } = await post('Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
      console.log(`CPU profile of the ingestion: ${path}`);
    },
  };
}

/** The load generator's code: CONCURRENCY clients posting the bodies in turn. */
const CLIENT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, bodies, concurrency, batch } = workerData;
let next = 0;
let accepted = 0;
Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-protobuf' },
        body,
      });
      if (res.status !== 200) {
        throw new Error('HTTP ' + res.status + ': ' + (await res.text()));
      }
      await res.arrayBuffer();
      accepted += batch;
    }
  }),
).then(
  () => parentPort.postMessage({ accepted }),
  error => parentPort.postMessage({ error: String(error) }),
);
`;

/** Posts the bodies from a worker thread; resolves with the points accepted. */
function sendFromWorker(url: string, bodies: Uint8Array[]): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(CLIENT_WORKER, {
      eval: true,
      workerData: { url, bodies, concurrency: CONCURRENCY, batch: BATCH },
    });
    worker.once('message', (message: { accepted?: number; error?: string }) => {
      worker.terminate();
      if (message.error) reject(new Error(message.error));
      else resolvePromise(message.accepted!);
    });
    worker.once('error', reject);
  });
}

/**
 * The plugin's OTLP router on a local HTTP server over a fresh spend store on
 * `knex` (stub auth and permissions; attribution against the example
 * organisation). `/noop` reads the body and answers 200: the HTTP floor.
 */
export async function startIngestServer(knex: Knex) {
  await applySpendMigrations(knex);
  const store = await DatabaseSpendStore.create({
    database: { getClient: async () => knex, migrations: { skip: true } },
  });
  const index = buildSpendAttributionIndex(orgEntities);
  const catalogIndex = {
    get: async () => index,
  } as unknown as SpendCatalogIndex;
  const ingestor = new SpendIngestor({ store, index: catalogIndex });
  const app = express();
  app.post('/noop', express.raw({ type: '*/*', limit: '16mb' }), (_req, res) => {
    res.status(200).end();
  });
  app.use(
    createSpendRouter({
      httpAuth: { credentials: async () => ({}) } as any,
      permissions: {
        authorize: async (requests: unknown[]) =>
          requests.map(() => ({ result: 'ALLOW' })),
      } as any,
      ingestor,
      query: {} as any,
      limits: {
        maxBodyBytes: 16 * 1024 * 1024,
        maxDataPoints: 100_000,
        maxAgeDays: 400,
        maxFutureMinutes: 60,
      },
      clock: { now: () => new Date() },
      logger: { debug() {} } as any,
    }),
  );
  const server = app.listen(0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/otlp/v1/metrics`,
    noopUrl: `http://127.0.0.1:${port}/noop`,
    close: () => new Promise<void>(done => server.close(() => done())),
  };
}

export async function benchIngestion(kind: string) {
  const knex = await openDatabase(kind, 'bench_spend_ingest');
  const server = await startIngestServer(knex);
  const url = server.url;

  const requests = Math.ceil(INGEST_POINTS / BATCH);
  const now = Date.now();
  const bodies = Array.from({ length: requests }, (_, i) =>
    otlpRequest(i, now),
  );
  // The clients run on a worker thread (as a separate machine would), so the
  // server's event loop does nothing but serve requests.
  const profile = PROFILE ? await startProfile() : undefined;
  const started = performance.now();
  const accepted = await sendFromWorker(url, bodies);
  const httpSeconds = (performance.now() - started) / 1000;
  if (profile) await profile.stop(`${PROFILE}.${kind}.cpuprofile`);
  await server.close();
  const stored = Number((await knex('spend_points').count({ n: '*' }))[0].n);
  if (stored !== accepted) {
    throw new Error(`stored ${stored} of ${accepted} points`);
  }

  // The same rows, bulk inserted into an identical table.
  const rows = await knex('spend_points').select(
    'key_hash',
    'source',
    'measure',
    'value',
    'ts',
    'team',
    'model',
    'skill',
    'mcp_server',
    'user_ref',
    'repo',
    'team_id',
    'user_email',
    'session_id',
    'received_at',
  );
  const createBaseline = (name: string) =>
    knex.schema.createTable(name, table => {
      table.bigIncrements('id').primary();
      table.string('key_hash', 80).notNullable().unique();
      table.string('source', 16).notNullable();
      table.string('measure', 32).notNullable();
      table.double('value').notNullable();
      table.bigInteger('ts').notNullable();
      for (const c of [
        'team',
        'model',
        'skill',
        'mcp_server',
        'user_ref',
        'repo',
        'team_id',
        'user_email',
        'session_id',
      ]) {
        table.string(c, 255).notNullable().defaultTo('');
      }
      table.bigInteger('received_at').notNullable();
      table.index(['ts']);
      table.index(['team', 'ts']);
    });
  // Baseline 1: knex multi-row inserts of 500 rows, in one transaction.
  await createBaseline('spend_points_baseline');
  const rawStarted = performance.now();
  await knex.transaction(async trx => {
    for (let i = 0; i < rows.length; i += BATCH) {
      await trx('spend_points_baseline').insert(rows.slice(i, i + BATCH));
    }
  });
  const rawSeconds = (performance.now() - rawStarted) / 1000;
  // Baseline 2 (SQLite): one prepared single-row INSERT run for every row,
  // in one transaction: the fastest way better-sqlite3 offers.
  let preparedSeconds: number | undefined;
  if (kind === 'sqlite') {
    await createBaseline('spend_points_baseline2');
    const columns = Object.keys(rows[0]);
    const started2 = performance.now();
    await knex.transaction(async trx => {
      const connection: any = await trx.client.acquireConnection();
      const insert = connection.prepare(
        `INSERT INTO spend_points_baseline2 (${columns.join(
          ', ',
        )}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      for (const row of rows) insert.run(...columns.map(c => row[c]));
    });
    preparedSeconds = (performance.now() - started2) / 1000;
  }
  await knex.destroy();
  return {
    points: accepted,
    httpRate: accepted / httpSeconds,
    rawRate: rows.length / rawSeconds,
    preparedRate: preparedSeconds ? rows.length / preparedSeconds : undefined,
    httpSeconds,
    rawSeconds,
  };
}

/** The median of each measure over several ingestion runs, each on a fresh database. */
export async function benchIngestionRuns(kind: string, runs: number) {
  const results = [];
  for (let run = 0; run < runs; run++) {
    const result = await benchIngestion(kind);
    console.log(
      `${kind}: run ${run + 1}/${runs}: through HTTP ${fmt(
        result.httpRate,
      )} points/s; knex bulk insert ${fmt(result.rawRate)} rows/s${
        result.preparedRate
          ? `; prepared insert ${fmt(result.preparedRate)} rows/s`
          : ''
      }`,
    );
    results.push(result);
  }
  const median = (values: number[]) => percentile(values, 50);
  return {
    points: results[0].points,
    httpRate: median(results.map(r => r.httpRate)),
    rawRate: median(results.map(r => r.rawRate)),
    preparedRate:
      kind === 'sqlite' ? median(results.map(r => r.preparedRate!)) : undefined,
  };
}
