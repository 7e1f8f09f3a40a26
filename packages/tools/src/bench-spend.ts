/*
 * Benchmark: spend ingestion and spend queries, on SQLite and PostgreSQL.
 *
 *   cd packages/tools
 *   node -r @backstage/cli/config/nodeTransform.cjs src/bench-spend.ts \
 *     [--ingest-points 100000] [--ingest-runs 3] [--store-points 10000000] \
 *     [--raw-runs 5] [--db sqlite,pg] [--pg postgresql://postgres@127.0.0.1:5432] \
 *     [--profile <path prefix>]
 *
 * 1. Sustained ingestion through HTTP: the plugin's OTLP router (protobuf
 *    decode, validation, attribution against an index of the example
 *    organisation, raw insert with the idempotency key, hourly and daily
 *    rollups in the same transaction) on a local HTTP server, fed by 4
 *    concurrent clients with 500-point OTLP/protobuf requests from a worker
 *    thread (the server's thread only serves). Next to it, in the same run:
 *    the very same rows (read back from the store) bulk inserted into an
 *    identical table with knex, 500 rows per statement, in one transaction;
 *    on SQLite also with one prepared single-row INSERT per row, in one
 *    transaction. Repeated --ingest-runs times on fresh databases: medians.
 *    --profile writes a CPU profile of the server's thread per database.
 * 2. Queries on a store of --store-points data points over 90 days (raw rows
 *    generated in the database, rollups built from them): a team's 90-day
 *    report (days, five breakdowns; the queries GET /spend/entities/group/...
 *    runs) and the platform table (GET /spend/teams: three per-team totals,
 *    and every team by model and by skill), p50 and p95, next to the same
 *    answers computed from the raw rows.
 *
 * Authentication and authorization (stubs), the catalog read and the budget resolution are left out
 * (they are the same for both sides and cached by the plugin).
 */
import {
  buildEntitySpendReport,
  buildPlatformSpendTable,
  buildSpendAttributionIndex,
  SPEND_DIMENSIONS,
  SpendBreakdownRow,
  SpendCatalogEntity,
  SpendDimension,
  utcDay,
  addDays,
} from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import protobuf from 'protobufjs';
import { createSpendRouter } from '../../../plugins/agent-platform-backend/src/spend/createSpendRouter';
import { OTLP_METRICS_PROTO_SOURCES } from '../../../plugins/agent-platform-backend/src/spend/otlp/otlpProto';
import { SpendCatalogIndex } from '../../../plugins/agent-platform-backend/src/spend/SpendCatalogIndex';
import { SpendIngestor } from '../../../plugins/agent-platform-backend/src/spend/SpendIngestor';
import {
  applySpendMigrations,
  DatabaseSpendStore,
} from '../../../plugins/agent-platform-backend/src/spend/SpendStore';
import { DIMENSION_OF } from '../../../plugins/agent-platform-backend/src/spend/database/spendColumns';
import { fillSpendSpans } from './spendSpans';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const INGEST_POINTS = Number(arg('ingest-points', '100000'));
const STORE_POINTS = Number(arg('store-points', '10000000'));
const DBS = arg('db', 'sqlite,pg').split(',');
const PG = arg('pg', 'postgresql://postgres@127.0.0.1:5432');
const PROFILE = arg('profile', '');
const INGEST_RUNS = Number(arg('ingest-runs', '3'));
const BATCH = 500;
const CONCURRENCY = 4;
const DAY = 86_400_000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => n.toFixed(1);

// ---------------------------------------------------------------- databases

async function openDatabase(kind: string, name: string): Promise<Knex> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-spend-'));
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, `${name}.sqlite`) },
      useNullAsDefault: true,
    });
    await knex.raw('PRAGMA journal_mode = WAL');
    await knex.raw('PRAGMA synchronous = NORMAL');
    return knex;
  }
  const admin = knexFactory({ client: 'pg', connection: `${PG}/postgres` });
  await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  return knexFactory({
    client: 'pg',
    connection: `${PG}/${name}`,
    pool: { min: 1, max: 8 },
  });
}

// ---------------------------------------------------------------- ingestion

const root = new protobuf.Root();
for (const source of OTLP_METRICS_PROTO_SOURCES) protobuf.parse(source, root);
const RequestType = root.lookupType(
  'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
);

// The example organisation's Groups and Users, read from examples/org/org.yaml
// with a few patterns (its documents are flat and regular).
const orgEntities: SpendCatalogEntity[] = readFileSync(
  resolve(__dirname, '../../../examples/org/org.yaml'),
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
const users = orgEntities
  .filter(e => e.kind === 'User')
  .map(e => (e.spec as any).profile.email as string);
const MODELS = ['claude-sonnet-4-6', 'claude-opus-4-5', 'claude-haiku-4-5'];
const SKILLS = ['code-review', 'test-writer', 'pr-description', 'write-adr'];
const MCP = ['github', 'jira', 'sentry'];
const TOKEN_TYPES = ['input', 'output', 'cacheRead', 'cacheCreation'];

/** One OTLP request of BATCH cost and token data points for one user. */
function otlpRequest(seq: number, now: number): Uint8Array {
  const email = users[seq % users.length];
  const s = (key: string, value: string) => ({
    key,
    value: { stringValue: value },
  });
  const cost: object[] = [];
  const tokens: object[] = [];
  for (let i = 0; i < BATCH / 5; i++) {
    const end = now - ((seq * BATCH + i) % (7 * DAY));
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

async function benchIngestion(kind: string) {
  const knex = await openDatabase(kind, 'bench_spend_ingest');
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
  const url = `http://127.0.0.1:${port}/otlp/v1/metrics`;

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
  server.close();
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
async function benchIngestionRuns(kind: string, runs: number) {
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

// ------------------------------------------------------------------ queries

const TEAMS = 7;
const USERS = 24;
const MEASURE_NAMES = [
  'cost',
  'tokens.input',
  'tokens.output',
  'tokens.cacheRead',
  'tokens.cacheCreation',
  'sessions',
  'commits',
  'pullRequests',
  'linesAdded',
  'linesRemoved',
  'activeSeconds',
];
const MEASURE_COLUMNS = [
  'cost',
  'tokens_input',
  'tokens_output',
  'tokens_cache_read',
  'tokens_cache_creation',
  'sessions',
  'commits',
  'pull_requests',
  'lines_added',
  'lines_removed',
  'active_seconds',
];

/** Generates the raw rows in the database, then the rollups from them. */
async function buildStore(
  kind: string,
  knex: Knex,
  points: number,
  end: number,
) {
  const start = end - 90 * DAY;
  const pg = kind === 'pg';
  const measureCase = `CASE (i % 11) ${MEASURE_NAMES.map(
    (m, k) => `WHEN ${k} THEN '${m}'`,
  ).join(' ')} END`;
  // Dimensions from the sequence number: 24 users in 7 teams, 2 repos per
  // team, 3 models, 4 skills and none, 3 MCP servers and none.
  const u = `((i * 7919) % ${USERS})`;
  const select = `
    SELECT
      ${pg ? 'md5(i::text)' : "printf('%016x', i)"} AS key_hash,
      'otlp' AS source,
      ${measureCase} AS measure,
      CASE WHEN i % 11 = 0 THEN ((i % 997) + 1) / 10000.0 ELSE (i % 5000) + 1 END AS value,
      ${start} + (i % 90) * ${DAY} + ((i * 104729) % ${DAY}) AS ts,
      'group:default/team-' || (${u} % ${TEAMS}) AS team,
      'model-' || ((i / 7) % 3) AS model,
      CASE WHEN (i / 13) % 5 = 0 THEN '' ELSE 'skill-' || ((i / 13) % 5) END AS skill,
      CASE WHEN (i / 17) % 4 = 0 THEN '' ELSE 'mcp-' || ((i / 17) % 4) END AS mcp_server,
      'user:default/user-' || ${u} AS user_ref,
      'repo-' || (${u} % ${TEAMS}) || '-' || ((i / 19) % 2) AS repo,
      '' AS team_id, '' AS user_email, '' AS session_id,
      ${end} AS received_at`;
  const columns =
    '(key_hash, source, measure, value, ts, team, model, skill, mcp_server, user_ref, repo, team_id, user_email, session_id, received_at)';
  const chunk = 1_000_000;
  for (let from = 0; from < points; from += chunk) {
    const to = Math.min(points, from + chunk) - 1;
    if (pg) {
      await knex.raw(
        `INSERT INTO spend_points ${columns} ${select} FROM generate_series(${from}::bigint, ${to}::bigint) AS s(i)`,
      );
    } else {
      await knex.raw(
        `WITH RECURSIVE seq(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM seq WHERE i < ${to})
         INSERT INTO spend_points ${columns} ${select} FROM seq`,
      );
    }
    process.stdout.write(`  ${kind}: ${fmt(to + 1)} raw points\r`);
  }
  const bucket = pg
    ? `to_char(to_timestamp(ts / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
    : `strftime('%Y-%m-%d', ts / 1000, 'unixepoch')`;
  const sums = MEASURE_NAMES.map(
    (m, k) =>
      `SUM(CASE WHEN measure = '${m}' THEN value ELSE 0 END) AS ${MEASURE_COLUMNS[k]}`,
  ).join(', ');
  // One pass over the raw rows into a daily cube, then the daily rollup (per
  // team, user and repo: totals and each breakdown) from the cube.
  await knex.raw(`
    CREATE TABLE bench_cube AS
    SELECT ${bucket} AS bucket, team, model, skill, mcp_server, user_ref, repo, ${sums}
    FROM spend_points
    GROUP BY 1, team, model, skill, mcp_server, user_ref, repo`);
  const totals = MEASURE_COLUMNS.map(c => `SUM(${c})`).join(', ');
  for (const [scope, column] of [
    ['team', 'team'],
    ['user', 'user_ref'],
    ['repo', 'repo'],
  ]) {
    for (const dimension of [
      '',
      'model',
      'skill',
      'mcp_server',
      'user_ref',
      'repo',
    ]) {
      const key = dimension || "''";
      await knex.raw(`
        INSERT INTO spend_rollup_day (scope, scope_key, dimension, bucket, "key", ${MEASURE_COLUMNS.join(
          ', ',
        )})
        SELECT '${scope}', ${column}, '${dimension}', bucket, ${key}, ${totals}
        FROM bench_cube
        ${scope === 'team' ? '' : `WHERE ${column} <> ''`}
        GROUP BY ${column}, bucket${dimension ? `, ${dimension}` : ''}`);
    }
  }
  await knex.raw('DROP TABLE bench_cube');
  await fillSpendSpans(knex);
  await knex.raw('ANALYZE');
  return Number((await knex('spend_rollup_day').count({ n: '*' }))[0].n);
}

/** The team report from the raw rows: the same answer as the rollup path. */
async function rawTeamReport(
  knex: Knex,
  kind: string,
  team: string,
  from: string,
  to: string,
) {
  const startMs = Date.parse(`${from}T00:00:00Z`);
  const endMs = Date.parse(`${to}T00:00:00Z`) + DAY;
  const prevStart = startMs - (endMs - startMs);
  const day =
    kind === 'pg'
      ? `to_char(to_timestamp(ts / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
      : `strftime('%Y-%m-%d', ts / 1000, 'unixepoch')`;
  const sum = (m: string, c: string) =>
    knex.raw(`SUM(CASE WHEN measure = '${m}' THEN value ELSE 0 END) AS ${c}`);
  const base = (a: number, b: number) =>
    knex('spend_points')
      .where('team', team)
      .where('ts', '>=', a)
      .where('ts', '<', b);
  const [days, ...breakdowns] = await Promise.all([
    base(prevStart, endMs)
      .select(
        knex.raw(`${day} AS bucket`),
        ...MEASURE_NAMES.map((m, k) => sum(m, MEASURE_COLUMNS[k])),
      )
      .groupBy(knex.raw('1')),
    ...SPEND_DIMENSIONS.map(d =>
      base(startMs, endMs)
        .select({
          key: DIMENSION_OF[d],
        })
        .select(
          ...MEASURE_NAMES.slice(0, 5).map((m, k) =>
            sum(m, MEASURE_COLUMNS[k]),
          ),
        )
        .groupBy('key'),
    ),
  ]);
  const totalsOf = (r: any) => ({
    cost: Number(r.cost),
    tokens: {
      input: Number(r.tokens_input),
      output: Number(r.tokens_output),
      cacheRead: Number(r.tokens_cache_read),
      cacheCreation: Number(r.tokens_cache_creation),
    },
    sessions: Number(r.sessions ?? 0),
    commits: Number(r.commits ?? 0),
    pullRequests: Number(r.pull_requests ?? 0),
    linesAdded: Number(r.lines_added ?? 0),
    linesRemoved: Number(r.lines_removed ?? 0),
    activeSeconds: Number(r.active_seconds ?? 0),
  });
  return buildEntitySpendReport({
    entityRef: team,
    range: { from, to },
    days: days.map((r: any) => ({ date: r.bucket, totals: totalsOf(r) })),
    breakdowns: Object.fromEntries(
      SPEND_DIMENSIONS.map((d, i) => [
        d,
        breakdowns[i].map((r: any) => ({
          key: r.key === '' ? null : r.key,
          cost: Number(r.cost),
          tokens: totalsOf(r).tokens,
        })),
      ]),
    ) as Record<SpendDimension, SpendBreakdownRow[]>,
    budget: null,
  });
}

async function rawPlatformTable(knex: Knex, from: string, to: string) {
  const startMs = Date.parse(`${from}T00:00:00Z`);
  const endMs = Date.parse(`${to}T00:00:00Z`) + DAY;
  const byTeam = (a: number, b: number) =>
    knex('spend_points')
      .where('ts', '>=', a)
      .where('ts', '<', b)
      .select('team')
      .select(
        knex.raw(
          `SUM(CASE WHEN measure = 'cost' THEN value ELSE 0 END) AS cost`,
        ),
      )
      .groupBy('team');
  const monthStartMs = Date.parse(`${to.slice(0, 7)}-01T00:00:00Z`);
  const byTeamAnd = (column: string) =>
    knex('spend_points')
      .where('ts', '>=', startMs)
      .where('ts', '<', endMs)
      .select('team', column)
      .select(
        knex.raw(
          `SUM(CASE WHEN measure = 'cost' THEN value ELSE 0 END) AS cost`,
        ),
      )
      .groupBy('team', column);
  const [current, previous, month, byModel, bySkill] = await Promise.all([
    byTeam(startMs, endMs),
    byTeam(startMs - (endMs - startMs), startMs),
    byTeam(monthStartMs, endMs),
    byTeamAnd('model'),
    byTeamAnd('skill'),
  ]);
  return { current, previous, month, byModel, bySkill };
}

function percentile(samples: number[], p: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

const RAW_RUNS = Number(arg('raw-runs', '5'));

async function time(runs: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < Math.min(3, runs); i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function benchQueries(kind: string) {
  const knex = await openDatabase(kind, 'bench_spend_query');
  await applySpendMigrations(knex);
  const end = Date.parse(`${utcDay(Date.now())}T00:00:00Z`) + DAY;
  const buildStarted = performance.now();
  const rollupRows = await buildStore(kind, knex, STORE_POINTS, end);
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  const store = await DatabaseSpendStore.create({
    database: { getClient: async () => knex, migrations: { skip: true } },
  });
  const to = utcDay(end - DAY);
  const from = addDays(to, -89);
  const teamOf = (i: number) => `group:default/team-${i % TEAMS}`;

  const teamReport = async (i: number) => {
    const filter = { team: teamOf(i) };
    const prevFrom = addDays(from, -90);
    const [days, breakdowns] = await Promise.all([
      store.days(filter, prevFrom, to),
      store.breakdowns(filter, SPEND_DIMENSIONS, from, to),
    ]);
    return buildEntitySpendReport({
      entityRef: filter.team,
      range: { from, to },
      days,
      breakdowns,
      budget: null,
    });
  };
  const platformTable = async () => {
    const [current, previous, month, byModel, bySkill] = await Promise.all([
      store.byTeam(from, to),
      store.byTeam(addDays(from, -90), addDays(from, -1)),
      store.byTeam(`${to.slice(0, 7)}-01`, to),
      store.breakdownByTeam('model', from, to),
      store.breakdownByTeam('skill', from, to),
    ]);
    return (
      buildPlatformSpendTable({
        range: { from, to },
        teams: Array.from({ length: TEAMS }, (_, k) => ({
          ref: teamOf(k),
          title: `team-${k}`,
          budget: null,
        })),
        current,
        previous: previous.map(p => ({ team: p.team, cost: p.totals.cost })),
        breakdowns: [
          ...byModel.map(b => ({ ...b, dimension: 'model' as const })),
          ...bySkill.map(b => ({ ...b, dimension: 'skill' as const })),
        ],
      }).rows.length + month.length
    );
  };

  // Both paths give the same answer.
  const viaRollups = await teamReport(0);
  const viaRaw = await rawTeamReport(knex, kind, teamOf(0), from, to);
  if (
    viaRollups.totals.cost !== viaRaw.totals.cost ||
    viaRollups.byModel.length !== viaRaw.byModel.length
  ) {
    throw new Error(
      `rollups ${viaRollups.totals.cost} vs raw ${viaRaw.totals.cost}`,
    );
  }
  const result = {
    points: STORE_POINTS,
    rollupRows,
    buildSeconds,
    teamCost: viaRollups.totals.cost,
    team: await time(40, teamReport),
    platform: await time(40, platformTable),
    rawTeam: await time(RAW_RUNS, i =>
      rawTeamReport(knex, kind, teamOf(i), from, to),
    ),
    rawPlatform: await time(RAW_RUNS, () => rawPlatformTable(knex, from, to)),
  };
  await knex.destroy();
  return result;
}

async function main() {
  console.log(
    `bench-spend: ingest ${fmt(INGEST_POINTS)} points, store ${fmt(
      STORE_POINTS,
    )} points; ${cpus().length} cores, Node ${process.version}, load ${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`,
  );
  for (const kind of DBS) {
    const ingest = await benchIngestionRuns(kind, INGEST_RUNS);
    console.log(
      `${kind}: median of ${INGEST_RUNS}: ingestion through HTTP ${fmt(
        ingest.httpRate,
      )} points/s; knex bulk insert of the same rows ${fmt(
        ingest.rawRate,
      )} rows/s (ratio ${(ingest.httpRate / ingest.rawRate).toFixed(2)})${
        ingest.preparedRate
          ? `; prepared insert ${fmt(ingest.preparedRate)} rows/s (ratio ${(
              ingest.httpRate / ingest.preparedRate
            ).toFixed(2)})`
          : ''
      }`,
    );
  }
  for (const kind of DBS) {
    const q = await benchQueries(kind);
    console.log(
      `${kind}: store of ${fmt(q.points)} points (${fmt(
        q.rollupRows,
      )} daily rollup rows, built in ${q.buildSeconds.toFixed(
        0,
      )} s); team-0 90-day cost ${q.teamCost}`,
    );
    console.log(
      `${kind}:   team 90-day report (rollups)   p50 ${ms(
        q.team.p50,
      )} ms  p95 ${ms(q.team.p95)} ms`,
    );
    console.log(
      `${kind}:   platform table (rollups)       p50 ${ms(
        q.platform.p50,
      )} ms  p95 ${ms(q.platform.p95)} ms`,
    );
    console.log(
      `${kind}:   team 90-day report (raw rows)  p50 ${ms(
        q.rawTeam.p50,
      )} ms  p95 ${ms(q.rawTeam.p95)} ms`,
    );
    console.log(
      `${kind}:   platform table (raw rows)      p50 ${ms(
        q.rawPlatform.p50,
      )} ms  p95 ${ms(q.rawPlatform.p95)} ms`,
    );
  }
  console.log(
    `load at the end: ${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
