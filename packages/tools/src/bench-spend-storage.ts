/*
 * Benchmark: what spend costs on disk, per table, and the window that keeps
 * PostgreSQL under 100 GB at the design point (50,000 engineers, 150 million
 * points a day).
 *
 *   cd packages/tools
 *   yarn bench:spend-storage [--engineers 200] [--db sqlite,pg] \
 *     [--pg postgresql://postgres@127.0.0.1:5432]
 *
 * One working day of --engineers engineers (teams of 25, six active hours
 * each) goes through the store's real write path (`DatabaseSpendStore`,
 * batches of 500, points' attributes kept), as Claude Code's exporter sends
 * it: every active minute a cost point and four token points for the
 * minute's model (Sonnet, one minute in five Opus), with a repository of the
 * engineer's three, a skill in one minute of five, an MCP server in one of
 * ten, the query source and a session. Then each table's size is read from
 * the database (PostgreSQL: `pg_total_relation_size`; SQLite: the `dbstat`
 * table), table and indexes: as written (after `VACUUM ANALYZE`), and
 * compacted (`VACUUM FULL`; SQLite `VACUUM`). Rollup rows are updated while
 * their hour or day takes spend, which leaves dead versions and half-full
 * pages behind; the rows of past days are not updated again, so compacted is
 * what history costs once that space is reused. The projections use it.
 *
 * The baseline, in the same run: `spend_points`, which was the idempotency
 * record before migration 20261206130000 (every point's attributes, kept for
 * the whole window); now each point's 16-byte key in `spend_point_keys` is,
 * and the attributes are kept for `retention.pointDays` (0 to keep none).
 *
 * Scaled to the design point: keys and attributes per point (x 150 M a day);
 * the hourly and daily rollups per engineer-day (x 50,000; their rows follow
 * the engineers and their combinations of attributes, not the points).
 */
import { utcDay } from '@agent-platform/plugin-agent-platform-common';
import { Knex } from 'knex';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  AttributedSpendPoint,
  DatabaseSpendStore,
} from '../../../plugins/agent-platform-backend/src/spend/SpendStore';
import { COLUMNS } from '../../../plugins/agent-platform-backend/src/spend/database/spendColumns';
import { arg, DBS, fmt, openDatabase } from './spendBench/shared';

const ENGINEERS = Number(arg('engineers', '200'));
const SCALE_ENGINEERS = 50_000;
const SCALE_POINTS_PER_DAY = 150_000_000;
const PG_LIMIT = 100e9;
const ACTIVE_MINUTES = 6 * 60;
const DAY_START = Date.parse('2026-12-01T07:00:00Z');

const TABLES = [
  'spend_point_keys',
  'spend_points',
  'spend_rollup_hour',
  'spend_rollup_day',
  'spend_source_day',
  'spend_user_days',
] as const;
type Table = (typeof TABLES)[number];

const gb = (n: number) => (n / 1e9).toFixed(1);

/** One engineer's day of points, in the order an exporter sends them. */
function* engineerDay(e: number): Generator<AttributedSpendPoint> {
  const team = `group:default/team-${Math.floor(e / 25)}`;
  const user = `user:default/engineer-${e}`;
  const session = `session-${e}-${(e * 7919) % 100_003}`;
  for (let m = 0; m < ACTIVE_MINUTES; m++) {
    const timestamp = DAY_START + (e % 60) * 60_000 + m * 60_000;
    const model = m % 5 === 4 ? 'claude-opus-4-5' : 'claude-sonnet-4-6';
    const attributes = {
      model,
      // Three repositories an engineer, 30 engineers a repository: 5,000
      // repositories at 50,000 engineers, the same share here.
      repo: `acme/service-${
        (e * 3 + (m % 3)) % Math.max(1, Math.round((ENGINEERS * 3) / 30))
      }`,
      skill:
        m % 5 === 0
          ? ['code-review', 'pci-checklist', 'release-notes', 'db-migrations'][
              m % 4
            ]
          : undefined,
      mcpServer: m % 10 === 0 ? 'github' : undefined,
      querySource: 'main',
      sessionId: session,
      userEmail: `engineer-${e}@acme.example`,
    };
    const measures = [
      ['cost', 0.002 + (m % 7) * 0.001],
      ['tokens.input', 1_200],
      ['tokens.output', 400],
      ['tokens.cacheRead', 9_000],
      ['tokens.cacheCreation', 300],
    ] as const;
    for (const [measure, value] of measures) {
      yield {
        key: `otlp|["claude_code.${
          measure === 'cost' ? 'cost' : 'token'
        }.usage","${measure}",${JSON.stringify(attributes)}]|${
          timestamp - 60_000
        }000000|${timestamp}000000`,
        source: 'otlp',
        measure,
        value,
        timestamp,
        attributes,
        team,
        user,
      };
    }
  }
}

async function sizes(
  kind: string,
  knex: Knex,
  compact: boolean,
): Promise<Record<Table, { bytes: number; rows: number }>> {
  const out = {} as Record<Table, { bytes: number; rows: number }>;
  if (kind === 'pg') {
    for (const t of TABLES)
      await knex.raw(`VACUUM ${compact ? 'FULL ' : ''}ANALYZE ${t}`);
  } else {
    if (compact) await knex.raw('VACUUM');
    await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  }
  for (const table of TABLES) {
    const rows = Number((await knex(table).count({ n: '*' }))[0].n);
    let bytes: number;
    if (kind === 'pg') {
      bytes = Number(
        (await knex.raw(`SELECT pg_total_relation_size('${table}') AS s`))
          .rows[0].s,
      );
    } else {
      // The table's own b-tree and every index on it.
      const indexes: string[] = (
        await knex.raw(`SELECT name FROM pragma_index_list('${table}')`)
      ).map((r: { name: string }) => r.name);
      const names = [table, ...indexes];
      const [row] = await knex.raw(
        `SELECT sum(pgsize) AS s FROM dbstat WHERE name IN (${names
          .map(() => '?')
          .join(', ')})`,
        names,
      );
      bytes = Number(row.s);
    }
    out[table] = { bytes, rows };
  }
  return out;
}

async function bench(kind: string) {
  const knex = await openDatabase(kind, 'bench_spend_storage');
  const store = await DatabaseSpendStore.create({
    database: { getClient: async () => knex },
  });
  const started = performance.now();
  let points = 0;
  let batch: AttributedSpendPoint[] = [];
  const flush = async () => {
    const b = batch;
    batch = [];
    await store.write(w => w.insertPoints(b, Date.now()));
  };
  for (let e = 0; e < ENGINEERS; e++) {
    for (const p of engineerDay(e)) {
      batch.push(p);
      points++;
      if (batch.length === 500) await flush();
    }
  }
  if (batch.length) await flush();
  const seconds = (performance.now() - started) / 1000;
  const scopes: Record<string, number> = Object.fromEntries(
    (
      await knex('spend_rollup_day')
        .groupBy('scope')
        .select('scope')
        .count({ n: '*' })
    ).map((r: any) => [r.scope, Number(r.n)]),
  );
  const written = await sizes(kind, knex, false);
  const compacted = await sizes(kind, knex, true);
  const result = {
    points,
    seconds,
    scopes,
    written,
    sizes: compacted,
    fold: await foldMonth(kind, knex, store, compacted.spend_rollup_day),
  };
  await knex.destroy();
  return result;
}

/**
 * The measured day's daily rollup rows copied to the 30 days of the month
 * before (November), skills changing every week (a skill's key gets the
 * week's number), then that month folded by the store
 * (`foldBreakdowns`, as the maintenance task does after
 * `retention.breakdownDays`): the daily rollup's compacted size with the
 * month as days, and folded.
 */
async function foldMonth(
  kind: string,
  knex: Knex,
  store: DatabaseSpendStore,
  day: { bytes: number; rows: number },
) {
  const measures = COLUMNS.join(', ');
  for (let d = 1; d <= 30; d++) {
    const bucket = `2026-11-${String(d).padStart(2, '0')}`;
    await knex.raw(
      `INSERT INTO spend_rollup_day (scope, scope_key, dimension, bucket, key, ${measures})
       SELECT scope, scope_key, dimension, ?, CASE WHEN dimension = 'skill' AND key <> '' THEN key || ? ELSE key END, ${measures}
       FROM spend_rollup_day WHERE bucket = ?`,
      [bucket, `-w${Math.ceil(d / 7)}`, utcDay(DAY_START)],
    );
  }
  const asDays = (await sizes(kind, knex, true)).spend_rollup_day;
  const started = performance.now();
  const [folded] = await store.foldBreakdowns('2026-12-31', Date.now());
  const foldSeconds = (performance.now() - started) / 1000;
  const asMonth = (await sizes(kind, knex, true)).spend_rollup_day;
  return {
    day,
    asDays,
    asMonth,
    foldSeconds,
    dayRows: folded.dayRows,
    monthRows: folded.monthRows,
  };
}

async function main() {
  console.log(
    `bench-spend-storage: ${fmt(ENGINEERS)} engineers, one working day; ${
      cpus().length
    } cores, Node ${process.version}, load ${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`,
  );
  for (const kind of DBS) {
    const r = await bench(kind);
    const s = r.sizes;
    console.log(
      `${kind}: ${fmt(r.points)} points stored in ${r.seconds.toFixed(
        0,
      )} s (${fmt(r.points / r.seconds)} points/s)`,
    );
    console.log(
      `${kind}:   daily rollup rows by scope: ${Object.entries(r.scopes)
        .map(([k, n]) => `${k} ${fmt(n)}`)
        .join(', ')} (${((r.scopes.user ?? 0) / ENGINEERS).toFixed(
        1,
      )} user rows an engineer-day)`,
    );
    console.log(
      `${kind}:   table               rows   bytes written   compacted   per row   per point   per engineer-day`,
    );
    for (const t of TABLES) {
      console.log(
        `${kind}:   ${t.padEnd(18)} ${fmt(s[t].rows).padStart(9)} ${fmt(
          r.written[t].bytes,
        ).padStart(13)} ${fmt(s[t].bytes).padStart(11)} ${(
          s[t].bytes / Math.max(1, s[t].rows)
        )
          .toFixed(0)
          .padStart(7)} B ${(s[t].bytes / r.points)
          .toFixed(1)
          .padStart(9)} B ${fmt(s[t].bytes / ENGINEERS).padStart(12)} B`,
      );
    }
    const perPoint = (t: Table) => s[t].bytes / r.points;
    const perEngineerDay = (t: Table) => s[t].bytes / ENGINEERS;
    const keysDay = perPoint('spend_point_keys') * SCALE_POINTS_PER_DAY;
    const pointsDay = perPoint('spend_points') * SCALE_POINTS_PER_DAY;
    const hourDay = perEngineerDay('spend_rollup_hour') * SCALE_ENGINEERS;
    const userDays = perEngineerDay('spend_user_days') * SCALE_ENGINEERS;
    const dailyDay =
      (perEngineerDay('spend_rollup_day') +
        perEngineerDay('spend_source_day')) *
      SCALE_ENGINEERS;
    const year = dailyDay * 365;
    console.log(
      `${kind}:   at ${fmt(SCALE_POINTS_PER_DAY)} points and ${fmt(
        SCALE_ENGINEERS,
      )} engineers a day: keys ${gb(keysDay)} GB, attributes ${gb(
        pointsDay,
      )} GB, hourly rollup ${gb(hourDay)} GB, user-days ${gb(
        userDays,
      )} GB, daily rollups ${gb(dailyDay)} GB (a year: ${gb(year)} GB)`,
    );
    // Kept for the window: keys, hourly rows, user-days; for pointDays: attributes.
    const perWindowDay = keysDay + hourDay + userDays;
    const fit = (years: number, pointDays: number) =>
      Math.floor(
        (PG_LIMIT - year * years - pointDays * pointsDay) / perWindowDay,
      );
    console.log(
      `${kind}:   window (retention.rawDays) under 100 GB, pointDays 0: ${fit(
        1,
        0,
      )} days next to a year of daily rollups, ${fit(
        0.5,
        0,
      )} next to half a year; pointDays 1: ${fit(1, 1)} days`,
    );
    // Folding a user's and a repository's breakdowns into months after
    // retention.breakdownDays: a month of days, and the month folded.
    const f = r.fold;
    const perDay = (bytes: number) => (bytes / ENGINEERS) * SCALE_ENGINEERS;
    const dailyRollupDay = perDay(f.day.bytes);
    const foldedDay = perDay(f.asMonth.bytes - f.day.bytes) / 30;
    console.log(
      `${kind}:   fold: a month of days ${fmt(
        f.asDays.rows - f.day.rows,
      )} rows, ${fmt(f.asDays.bytes - f.day.bytes)} B compacted; folded ${fmt(
        f.dayRows,
      )} breakdown rows into ${fmt(f.monthRows)} in ${f.foldSeconds.toFixed(
        1,
      )} s (${fmt(f.dayRows / f.foldSeconds)} rows/s); the month now ${fmt(
        f.asMonth.rows - f.day.rows,
      )} rows, ${fmt(f.asMonth.bytes - f.day.bytes)} B`,
    );
    // A month is folded once it ended more than breakdownDays ago: a day
    // stays a day for breakdownDays + 31 days at most.
    const foldedYear = (breakdownDays: number) =>
      (breakdownDays + 31) *
        (dailyRollupDay + perDay(s.spend_source_day.bytes)) +
      (365 - breakdownDays - 31) *
        (foldedDay + perDay(s.spend_source_day.bytes));
    const fitFolded = (breakdownDays: number) => {
      let w = 0;
      while (
        foldedYear(Math.max(breakdownDays, w + 1)) + (w + 1) * perWindowDay <=
        PG_LIMIT
      ) {
        w++;
      }
      return w;
    };
    console.log(
      `${kind}:   folded: a daily rollup day ${gb(
        dailyRollupDay,
      )} GB as days, ${gb(foldedDay)} GB folded (${(
        (1 - foldedDay / dailyRollupDay) *
        100
      ).toFixed(0)}% less); a year of rollups with breakdownDays 90: ${gb(
        foldedYear(90),
      )} GB, 30: ${gb(foldedYear(30))} GB (unfolded ${gb(
        year,
      )} GB); window under 100 GB, pointDays 0: ${fitFolded(
        90,
      )} days with breakdownDays 90, ${fitFolded(30)} with 30`,
    );
    // Before: the attributes were the idempotency record, kept for the
    // window, and the hourly rollup was never pruned (a year of it here).
    const before = Math.floor(
      (PG_LIMIT - year - hourDay * 365) / (pointsDay + userDays),
    );
    console.log(
      `${kind}:   before (attributes as the idempotency record, hourly rollup kept): ${gb(
        pointsDay + userDays,
      )} GB per window day and ${gb(
        hourDay * 365,
      )} GB of hourly rows a year -> window ${before} days`,
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
