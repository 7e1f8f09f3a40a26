/*
 * Benchmark: spend reads at the design point of an organisation of 50,000
 * engineers in 2,000 teams, and the storage that scale needs.
 *
 *   cd plugins/agent-platform-backend
 *   yarn bench:spend-scale [--teams 2000] [--days 365] [--runs 40] \
 *     [--db sqlite,pg] [--pg postgresql://postgres@127.0.0.1:5432] \
 *     [--users 20] [--load-seconds 10]
 *
 * 1. A year of daily rollups generated in the database (SQL, not through
 *    ingestion) into `spend_rollup_day`: per team and day the totals, three
 *    models and four skills (8 rows per team-day). The per-user, per-repo and
 *    per-MCP-server rows are not generated (the team queries read them the
 *    same way, by the same index prefix; they are empty here).
 * 2. A team's 90-day report as `GET /spend/entities/group/...` reads it
 *    (DatabaseSpendStore: daily totals over the range and the previous one,
 *    nine breakdowns), and the platform table as `GET /spend/teams` reads it
 *    (three per-team totals, every team by model and by skill, 28 days of
 *    team totals for the anomalies), 30 days: p50 and p95 of --runs runs on
 *    random teams. Next to each, the same answer from a naive query: one
 *    GROUP BY over the rollup table that does not use its index (SQLite: the
 *    columns behind a unary `+`; PostgreSQL: index scans disabled), i.e.
 *    what a query that misses the index prefix costs.
 *    Then reads under load: --users concurrent users asking for team
 *    reports back to back for --load-seconds (p50, p95, reports a second).
 *    And the platform table as `GET /spend/teams` serves it: the
 *    SpendQueryService over the same store, every team's budget resolved
 *    from a generated organisation's effective agent configs (one team
 *    config per team, one base), tables shared by PlatformSpendTables:
 *    - a computation (what a refresh costs: six queries, 2,000 budgets, the
 *      table), p50 and p95 of --runs runs (at most 20), and the first one;
 *    - served: one user, then --users concurrent users, for --load-seconds
 *      over HTTP, from a server in the same process answering as the route
 *      does (the JSON of the shared table, serialized once per table), with
 *      tables kept 60 s (the default: no refresh within the run) and, at
 *      --users, 5 s (refreshed in the background every 2.5 s while read);
 *      p50, p95, max, tables a second and the computations that ran. Not
 *      included: the route's authentication and permission check (one
 *      policy call).
 * 3. Storage: bytes per daily rollup row (table and indexes, from the
 *    database), and bytes per raw point (200,000 raw points generated into
 *    `spend_points`), turned into bytes per day at 150 million points a day,
 *    and the raw retention that keeps PostgreSQL under 100 GB.
 */
import {
  addDays,
  buildPlatformSpendTable,
  SPEND_DIMENSIONS,
  utcDay,
} from '@agent-platform/plugin-agent-platform-common';
import knexFactory, { Knex } from 'knex';
import { mkdtempSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  applySpendMigrations,
  DatabaseSpendStore,
} from '../../../plugins/agent-platform-backend/src/spend/SpendStore';
import { platformQueryService, platformServedUnderLoad } from './spendBench/platformService';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const TEAMS = Number(arg('teams', '2000'));
const DAYS = Number(arg('days', '365'));
const RUNS = Number(arg('runs', '40'));
const USERS = Number(arg('users', '20'));
const LOAD_SECONDS = Number(arg('load-seconds', '10'));
const DBS = arg('db', 'sqlite,pg').split(',');
const PG = arg('pg', 'postgresql://postgres@127.0.0.1:5432');
const ENGINEERS = 50_000;
const POINTS_PER_DAY = 150_000_000;
const RAW_SAMPLE = 200_000;

const ms = (n: number) => n.toFixed(1);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function openDatabase(kind: string, name: string) {
  if (kind === 'sqlite') {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-scale-')), `${name}.sqlite`);
    const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
    await knex.raw('PRAGMA journal_mode = WAL');
    return { knex, file };
  }
  const admin = knexFactory({ client: 'pg', connection: `${PG}/postgres` });
  await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  return { knex: knexFactory({ client: 'pg', connection: `${PG}/${name}`, pool: { min: 1, max: 8 } }), file: '' };
}

/** The generated rows: team t, day d, dimension rows (key '' is the totals). */
const DIMENSION_ROWS = [
  ['', ''],
  ['model', 'claude-sonnet-4-6'],
  ['model', 'claude-opus-4-5'],
  ['model', 'claude-haiku-4-5'],
  ['skill', 'code-review'],
  ['skill', 'pci-checklist'],
  ['skill', 'release-notes'],
  ['skill', ''],
];

async function generate(kind: string, knex: Knex, end: string) {
  const first = addDays(end, -(DAYS - 1));
  const dims = DIMENSION_ROWS.map(([d, k], i) => `SELECT ${i} AS i, '${d}' AS dimension, '${k}' AS key`).join(' UNION ALL ');
  // Cost per team-day about $6 (25 engineers at ~$0.24), varying by team
  // and day; dimension rows split it.
  const started = performance.now();
  if (kind === 'sqlite') {
    await knex.raw(`
      WITH RECURSIVE t(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM t WHERE n < ${TEAMS - 1}),
      d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < ${DAYS - 1}),
      dims AS (${dims})
      INSERT INTO spend_rollup_day (scope, scope_key, dimension, bucket, key, cost, tokens_input, sessions)
      SELECT 'team', 'group:default/team-' || t.n, dims.dimension, date('${first}', '+' || d.n || ' days'), dims.key,
        (1 + ((t.n * 7 + d.n * 13) % 10)) * (CASE WHEN dims.i = 0 THEN 1.0 ELSE 0.25 END),
        (1000 + (t.n + d.n) % 500) * 25, CASE WHEN dims.i = 0 THEN 25 ELSE 0 END
      FROM t, d, dims`);
  } else {
    await knex.raw(`
      INSERT INTO spend_rollup_day (scope, scope_key, dimension, bucket, key, cost, tokens_input, sessions)
      SELECT 'team', 'group:default/team-' || t.n, dims.dimension, to_char(date '${first}' + d.n, 'YYYY-MM-DD'), dims.key,
        (1 + ((t.n * 7 + d.n * 13) % 10)) * (CASE WHEN dims.i = 0 THEN 1.0 ELSE 0.25 END),
        (1000 + (t.n + d.n) % 500) * 25, CASE WHEN dims.i = 0 THEN 25 ELSE 0 END
      FROM generate_series(0, ${TEAMS - 1}) t(n), generate_series(0, ${DAYS - 1}) d(n), (${dims}) dims`);
    // What autovacuum does after the inserts: statistics, and the visibility
    // map without which no index-only scan skips the table.
    await knex.raw('VACUUM ANALYZE spend_rollup_day');
  }
  if (kind === 'sqlite') await knex.raw('ANALYZE');
  return (performance.now() - started) / 1000;
}

async function time(runs: number, fn: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  await fn(0); // warm up
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i + 1);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)];
  return { p50: at(50), p95: at(95) };
}

/**
 * Reads under load: `users` concurrent users, each asking for its next
 * request as soon as the last one answered, for `seconds`.
 */
async function underLoad(users: number, seconds: number, fn: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const stop = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: users }, async () => {
      while (performance.now() < stop) {
        const start = performance.now();
        await fn(next++);
        samples.push(performance.now() - start);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)];
  return { p50: at(50), p95: at(95), perSecond: samples.length / elapsed };
}

async function naive(kind: string, knex: Knex, sql: string, bindings: Knex.RawBinding[]) {
  if (kind === 'sqlite') return knex.raw(sql.replace(/\bWHERE scope\b/g, 'WHERE +scope').replace(/\bAND scope_key\b/g, 'AND +scope_key'), bindings);
  return knex.transaction(async trx => {
    await trx.raw('SET LOCAL enable_indexscan = off');
    await trx.raw('SET LOCAL enable_bitmapscan = off');
    await trx.raw('SET LOCAL enable_indexonlyscan = off');
    return trx.raw(sql, bindings);
  });
}

async function storage(kind: string, knex: Knex, file: string, rollupRows: number) {
  // Raw points: a sample generated in the table, measured, then removed.
  const cols = `key_hash, source, measure, value, ts, team, model, user_ref, session_id, received_at`;
  if (kind === 'sqlite') {
    await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    const before = statSync(file).size;
    await knex.raw(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${RAW_SAMPLE - 1})
      INSERT INTO spend_points (${cols}) SELECT printf('%013d', 1764000000000 + i * 7) || ':' || lower(hex(randomblob(32))), 'otlp', 'cost', 0.01, 1764000000000 + i * 7,
      'group:default/team-' || (i % ${TEAMS}), 'claude-sonnet-4-6', 'user:default/engineer-' || (i % ${ENGINEERS}), lower(hex(randomblob(16))), 1764000000000 FROM n`);
    await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    const after = statSync(file).size;
    return { rollupBytes: before / rollupRows, rawBytes: (after - before) / RAW_SAMPLE };
  }
  const size = async (table: string) => Number((await knex.raw(`SELECT pg_total_relation_size('${table}') AS s`)).rows[0].s);
  const rollupBytes = (await size('spend_rollup_day')) / rollupRows;
  await knex.raw(`INSERT INTO spend_points (${cols}) SELECT lpad((1764000000000 + i * 7)::text, 13, '0') || ':' || md5(i::text) || md5((i * 31)::text), 'otlp', 'cost', 0.01, 1764000000000 + i * 7,
    'group:default/team-' || (i % ${TEAMS}), 'claude-sonnet-4-6', 'user:default/engineer-' || (i % ${ENGINEERS}), md5((i * 17)::text), 1764000000000 FROM generate_series(0, ${RAW_SAMPLE - 1}) i`);
  await knex.raw('VACUUM ANALYZE spend_points');
  return { rollupBytes, rawBytes: (await size('spend_points')) / RAW_SAMPLE };
}

async function platformService(store: DatabaseSpendStore, range: { from: string; to: string }) {
  const query = platformQueryService(store, TEAMS);
  const firstStart = performance.now();
  const table = await query.computePlatformTable(range);
  const firstComputation = performance.now() - firstStart;
  const served = (maxAgeMs: number, users = USERS) =>
    platformServedUnderLoad({ store, teams: TEAMS, range, maxAgeMs, users, seconds: LOAD_SECONDS });
  return {
    budgets: table.rows.filter(r => r.budget?.monthlyUsd).length,
    firstComputation,
    computation: await time(Math.min(RUNS, 20), () => query.computePlatformTable(range)),
    served1: await served(60_000, 1),
    served60: await served(60_000),
    served5: await served(5_000),
  };
}

async function bench(kind: string) {
  const { knex, file } = await openDatabase(kind, 'bench_spend_scale');
  await applySpendMigrations(knex);
  const end = utcDay(Date.now());
  const buildSeconds = await generate(kind, knex, end);
  const rollupRows = Number((await knex('spend_rollup_day').count({ n: '*' }))[0].n);
  const store = await DatabaseSpendStore.create({ database: { getClient: async () => knex, migrations: { skip: true } } });
  const team = (i: number) => `group:default/team-${(i * 7919) % TEAMS}`;
  const from90 = addDays(end, -89);
  const from30 = addDays(end, -29);
  // The store's queries of GET /spend/entities/group/...: the days (this
  // range and the previous one) and every breakdown in one query.
  const teamReport = (i: number) =>
    Promise.all([
      store.days({ team: team(i) }, addDays(from90, -90), end),
      store.breakdowns({ team: team(i) }, SPEND_DIMENSIONS, from90, end),
    ]);
  // Before: a query per breakdown (ten queries a report).
  const teamReportBefore = (i: number) =>
    Promise.all([
      store.days({ team: team(i) }, addDays(from90, -90), end),
      ...SPEND_DIMENSIONS.map(d => store.breakdown({ team: team(i) }, d, from90, end)),
    ]);
  const platform = async () => {
    const [current, previous, , byModel, bySkill, daily] = await Promise.all([
      store.byTeam(from30, end),
      store.byTeam(addDays(from30, -30), addDays(from30, -1)),
      store.byTeam(`${end.slice(0, 7)}-01`, end),
      store.breakdownByTeam('model', from30, end),
      store.breakdownByTeam('skill', from30, end),
      store.teamDays(addDays(end, -28), end),
    ]);
    return buildPlatformSpendTable({
      range: { from: from30, to: end },
      teams: [],
      current,
      previous: previous.map(p => ({ team: p.team, cost: p.totals.cost })),
      breakdowns: [
        ...byModel.map(b => ({ ...b, dimension: 'model' as const })),
        ...bySkill.map(b => ({ ...b, dimension: 'skill' as const })),
      ],
      daily,
    }).rows.length;
  };
  const naiveTeam = (i: number) =>
    naive(
      kind,
      knex,
      'SELECT dimension, key, bucket, sum(cost) AS cost, sum(tokens_input) AS t FROM spend_rollup_day WHERE scope = ? AND scope_key = ? AND bucket BETWEEN ? AND ? GROUP BY dimension, key, bucket',
      ['team', team(i), addDays(from90, -90), end],
    );
  const naivePlatform = () =>
    naive(
      kind,
      knex,
      'SELECT scope_key, dimension, key, sum(cost) AS cost, sum(tokens_input) AS t FROM spend_rollup_day WHERE scope = ? AND bucket BETWEEN ? AND ? GROUP BY scope_key, dimension, key',
      ['team', addDays(from30, -30), end],
    );
  const result = {
    rollupRows,
    buildSeconds,
    teamCost: (await teamReport(0))[0].reduce((s, d) => s + d.totals.cost, 0),
    platformRows: await platform(),
    team: await time(RUNS, teamReport),
    teamBefore: await time(RUNS, teamReportBefore),
    platform: await time(Math.min(RUNS, 20), platform),
    naiveTeam: await time(Math.min(RUNS, 10), naiveTeam),
    naivePlatform: await time(5, naivePlatform),
    teamUnderLoadBefore: await underLoad(USERS, LOAD_SECONDS, teamReportBefore),
    teamUnderLoad: await underLoad(USERS, LOAD_SECONDS, teamReport),
    teamUnderLoadBefore2: await underLoad(USERS, LOAD_SECONDS, teamReportBefore),
    teamUnderLoad2: await underLoad(USERS, LOAD_SECONDS, teamReport),
    ...(await platformService(store, { from: from30, to: end })),
    storage: await storage(kind, knex, file, rollupRows),
  };
  await knex.destroy();
  return result;
}

async function main() {
  console.log(
    `bench-spend-scale: ${fmt(TEAMS)} teams (${fmt(ENGINEERS)} engineers), ${DAYS} days of daily rollups; ${cpus().length} cores, Node ${process.version}, load ${loadavg().map(l => l.toFixed(1)).join(' ')}`,
  );
  for (const kind of DBS) {
    const r = await bench(kind);
    console.log(`${kind}: ${fmt(r.rollupRows)} daily rollup rows generated in ${r.buildSeconds.toFixed(0)} s; team 180-day cost ${r.teamCost.toFixed(2)}; platform table ${fmt(r.platformRows)} rows`);
    console.log(`${kind}:   team 90-day report (store, index)  p50 ${ms(r.team.p50)} ms  p95 ${ms(r.team.p95)} ms`);
    console.log(`${kind}:   team 90-day report (before: a query per breakdown)  p50 ${ms(r.teamBefore.p50)} ms  p95 ${ms(r.teamBefore.p95)} ms`);
    console.log(`${kind}:   team 90-day report (naive scan)    p50 ${ms(r.naiveTeam.p50)} ms  p95 ${ms(r.naiveTeam.p95)} ms`);
    console.log(`${kind}:   platform table 30 days (store)     p50 ${ms(r.platform.p50)} ms  p95 ${ms(r.platform.p95)} ms`);
    console.log(`${kind}:   platform table 30 days (naive)     p50 ${ms(r.naivePlatform.p50)} ms  p95 ${ms(r.naivePlatform.p95)} ms`);
    console.log(`${kind}:   platform table 30 days, a computation (service: queries + ${fmt(r.budgets)} budgets)  p50 ${ms(r.computation.p50)} ms  p95 ${ms(r.computation.p95)} ms  (first: ${ms(r.firstComputation)} ms)`);
    for (const [label, users, s] of [['60', 1, r.served1], ['60', USERS, r.served60], ['5', USERS, r.served5]] as const) {
      console.log(`${kind}:   platform table 30 days served over HTTP (kept ${label} s), ${users} concurrent users for ${LOAD_SECONDS} s  p50 ${ms(s.p50)} ms  p95 ${ms(s.p95)} ms  max ${ms(s.max)} ms  ${s.perSecond.toFixed(1)} tables/s  ${s.computations} computations  (first read ${ms(s.first)} ms, ${(s.jsonBytes / 1e6).toFixed(1)} MB JSON sent as ${(s.bytes / 1e3).toFixed(0)} kB gzipped)`);
    }
    for (const [label, u] of [
      ['before, run 1', r.teamUnderLoadBefore],
      ['now, run 1', r.teamUnderLoad],
      ['before, run 2', r.teamUnderLoadBefore2],
      ['now, run 2', r.teamUnderLoad2],
    ] as const) {
      console.log(`${kind}:   team 90-day report (${label}), ${USERS} concurrent users for ${LOAD_SECONDS} s  p50 ${ms(u.p50)} ms  p95 ${ms(u.p95)} ms  ${u.perSecond.toFixed(1)} reports/s`);
    }
    const rawPerDay = r.storage.rawBytes * POINTS_PER_DAY;
    // Rollups per day at scale: 2,000 teams x ~40 rows + 50,000 users x ~8 rows + repos, as bytes of rows like these.
    const rollupRowsPerDay = TEAMS * 40 + ENGINEERS * 8 + 5_000 * 8;
    const rollupPerDay = r.storage.rollupBytes * rollupRowsPerDay;
    console.log(`${kind}:   storage: ${r.storage.rollupBytes.toFixed(0)} B per daily rollup row, ${r.storage.rawBytes.toFixed(0)} B per raw point (table + indexes)`);
    console.log(`${kind}:   at ${fmt(POINTS_PER_DAY)} points a day: raw ${(rawPerDay / 1e9).toFixed(1)} GB/day; daily rollups ~${fmt(rollupRowsPerDay)} rows ${(rollupPerDay / 1e6).toFixed(0)} MB/day (${((rollupPerDay * 365) / 1e9).toFixed(1)} GB/year)`);
    const budget = 100e9 - rollupPerDay * 365;
    console.log(`${kind}:   raw retention that keeps the database under 100 GB with a year of rollups: ${Math.floor(budget / rawPerDay)} days`);
  }
  console.log(`load at the end: ${loadavg().map(l => l.toFixed(1)).join(' ')}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
