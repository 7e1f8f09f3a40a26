// The spend benchmark's query part: a store of generated points, the team report and the
// platform table from the rollups against the same answers from the raw rows (bench-spend.ts).
import {
  buildEntitySpendReport,
  buildPlatformSpendTable,
  SPEND_DIMENSIONS,
  SpendBreakdownRow,
  SpendDimension,
  utcDay,
  addDays,
} from '@agent-platform/plugin-agent-platform-common';
import { Knex } from 'knex';
import {
  applySpendMigrations,
  DatabaseSpendStore,
} from '../../../../plugins/agent-platform-backend/src/spend/SpendStore';
import { DIMENSION_OF } from '../../../../plugins/agent-platform-backend/src/spend/database/spendColumns';

import {
  percentile,
  arg,
  DAY,
  fmt,
  openDatabase,
  STORE_POINTS,
} from './shared';

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

export async function benchQueries(kind: string) {
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
