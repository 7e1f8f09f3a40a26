import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  CumulativeSeriesState,
  emptySpendTotals,
  SpendBreakdownRow,
  SpendDayTotals,
  SpendDimension,
  SpendMeasure,
  SpendPoint,
  SpendTotals,
} from '@agent-platform/plugin-agent-platform-common';
import crypto, { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { sqliteSpendStatements } from './sqliteStatements';

const migrationsDir = resolvePackagePath(
  '@agent-platform/plugin-agent-platform-backend',
  'migrations',
);

/**
 * Applies the spend migrations to a database.
 *
 * @public
 */
export async function applySpendMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: migrationsDir,
    tableName: 'agent_platform_knex_migrations',
  });
}

/** The measure columns, in the order of {@link SpendMeasure}. */
const MEASURE_COLUMNS: Record<SpendMeasure, string> = {
  cost: 'cost',
  'tokens.input': 'tokens_input',
  'tokens.output': 'tokens_output',
  'tokens.cacheRead': 'tokens_cache_read',
  'tokens.cacheCreation': 'tokens_cache_creation',
  sessions: 'sessions',
  commits: 'commits',
  pullRequests: 'pull_requests',
  linesAdded: 'lines_added',
  linesRemoved: 'lines_removed',
  activeSeconds: 'active_seconds',
};
const COLUMNS = Object.values(MEASURE_COLUMNS);
const TOKEN_COLUMNS = [
  'cost',
  'tokens_input',
  'tokens_output',
  'tokens_cache_read',
  'tokens_cache_creation',
];
/** The daily rollup's dimensions; '' holds the totals. */
const ROLLUP_DIMENSIONS = [
  '',
  'model',
  'skill',
  'mcp_server',
  'user_ref',
  'repo',
] as const;
const DIMENSION_COLUMNS = [
  'team',
  'model',
  'skill',
  'mcp_server',
  'user_ref',
  'repo',
] as const;
const DIMENSION_OF: Record<SpendDimension, string> = {
  model: 'model',
  skill: 'skill',
  mcpServer: 'mcp_server',
  user: 'user_ref',
  repo: 'repo',
};

/** A spend point with its attribution. @public */
export interface AttributedSpendPoint extends SpendPoint {
  team: string | null;
  user: string | null;
}

/** Which rollup rows a query reads. @public */
export type SpendFilter =
  | { team: string | null }
  | { user: string }
  | { repo: string };

const oneShotHash = (crypto as { hash?: typeof crypto.hash }).hash;

/** sha256 hex of a text. @public */
export function sha256(text: string): string {
  // crypto.hash (Node 20.12 and later) skips the Hash object: a third
  // faster for short texts such as idempotency keys.
  return oneShotHash
    ? oneShotHash('sha256', text, 'hex')
    : createHash('sha256').update(text).digest('hex');
}

/**
 * A point's stored identity: its time (milliseconds, 13 digits), a colon,
 * and the sha256 of its idempotency key. The time prefix keeps the unique
 * index in arrival order (see migration 20261121160000).
 *
 * @public
 */
export function pointKeyHash(point: Pick<SpendPoint, 'key' | 'timestamp'>) {
  return `${String(point.timestamp).padStart(13, '0')}:${sha256(point.key)}`;
}

const clip = (text: string | null | undefined) => (text ?? '').slice(0, 255);

/** The raw point columns, in the order of {@link pointValues}. */
const POINT_COLUMNS = [
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
] as const;

function pointValues(hash: string, p: AttributedSpendPoint, now: number) {
  return [
    hash,
    p.source,
    p.measure,
    p.value,
    p.timestamp,
    clip(p.team),
    clip(p.attributes.model),
    clip(p.attributes.skill),
    clip(p.attributes.mcpServer),
    clip(p.user),
    clip(p.attributes.repo),
    clip(p.attributes.teamId),
    clip(p.attributes.userEmail),
    clip(p.attributes.sessionId),
    now,
  ];
}

const HOUR_KEYS = ['bucket', ...DIMENSION_COLUMNS];
const DAY_KEYS = ['scope', 'scope_key', 'dimension', 'bucket', 'key'];
const STATEMENT_COLUMNS = {
  point: POINT_COLUMNS,
  hourKeys: HOUR_KEYS,
  dayKeys: DAY_KEYS,
  measures: COLUMNS,
};

const HOUR_MS = 3_600_000;
let lastHour = -1;
let lastHourText = '';
/** `YYYY-MM-DDTHH` (UTC) of a time; consecutive points mostly share it. */
function hourOf(time: number): string {
  const hour = Math.floor(time / HOUR_MS);
  if (hour !== lastHour) {
    lastHour = hour;
    lastHourText = new Date(hour * HOUR_MS).toISOString().slice(0, 13);
  }
  return lastHourText;
}

/** Adds a point's value to the rollup row `id` (created with `dims`). */
function add(
  rows: Map<string, Record<string, string | number>>,
  id: string,
  dims: Record<string, string>,
  point: AttributedSpendPoint,
) {
  let row = rows.get(id);
  if (!row) {
    row = { ...dims };
    for (const column of COLUMNS) row[column] = 0;
    rows.set(id, row);
  }
  const column = MEASURE_COLUMNS[point.measure];
  row[column] = (row[column] as number) + point.value;
}

const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/**
 * The spend tables: raw points, cumulative series state, and the hourly and
 * daily rollups, kept up to date in the same transaction as each insert.
 *
 * @public
 */
export class SpendStore {
  readonly #db: Knex;

  static async create(database: DatabaseService): Promise<SpendStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await applySpendMigrations(knex);
    }
    return new SpendStore(knex);
  }

  constructor(knex: Knex) {
    this.#db = knex;
  }

  /**
   * Whether the database has one writer at a time (SQLite): writes then
   * queue for the connection anyway, and the ingestor groups them.
   */
  get singleWriter(): boolean {
    return String(this.#db.client.config.client).includes('sqlite');
  }

  /** The knex client (scripts and tests). */
  get knex(): Knex {
    return this.#db;
  }

  /**
   * Runs `fn` in a transaction, retried up to three times on PostgreSQL
   * deadlocks and serialization failures (two instances rolling up the same
   * rows at once).
   */
  async transaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#db.transaction(fn);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt < 4 && (code === '40P01' || code === '40001')) continue;
        throw error;
      }
    }
  }

  /** The remembered states of cumulative series, by series identity. */
  async readSeries(
    trx: Knex.Transaction,
    series: string[],
  ): Promise<Map<string, CumulativeSeriesState>> {
    const byHash = new Map(series.map(s => [sha256(s), s]));
    const states = new Map<string, CumulativeSeriesState>();
    const sqlite = await sqliteSpendStatements(trx, STATEMENT_COLUMNS);
    if (sqlite) {
      for (const [hash, name] of byHash) {
        const row = sqlite.readSeries.get(hash);
        if (row) {
          states.set(name, {
            startNanos: row.start_nanos as string,
            timeNanos: row.time_nanos as string,
            value: Number(row.value),
          });
        }
      }
      return states;
    }
    for (const chunk of chunks([...byHash.keys()])) {
      let query = trx('spend_series').whereIn('series_hash', chunk);
      if (this.#db.client.config.client === 'pg') query = query.forUpdate();
      const rows = await query;
      for (const row of rows) {
        states.set(byHash.get(row.series_hash)!, {
          startNanos: row.start_nanos,
          timeNanos: row.time_nanos,
          value: Number(row.value),
        });
      }
    }
    return states;
  }

  /** Stores the states of cumulative series. */
  async writeSeries(
    trx: Knex.Transaction,
    states: Map<string, CumulativeSeriesState>,
    now: number,
  ): Promise<void> {
    const rows = [...states]
      .map(([series, state]) => ({
        series_hash: sha256(series),
        start_nanos: state.startNanos,
        time_nanos: state.timeNanos,
        value: state.value,
        updated_at: now,
      }))
      .sort((a, b) => (a.series_hash < b.series_hash ? -1 : 1));
    const sqlite = await sqliteSpendStatements(trx, STATEMENT_COLUMNS);
    if (sqlite) {
      for (const r of rows) {
        sqlite.writeSeries.run(
          r.series_hash,
          r.start_nanos,
          r.time_nanos,
          r.value,
          r.updated_at,
        );
      }
      return;
    }
    for (const chunk of chunks(rows)) {
      await trx('spend_series')
        .insert(chunk)
        .onConflict('series_hash')
        .merge(['start_nanos', 'time_nanos', 'value', 'updated_at']);
    }
  }

  /**
   * Inserts points whose idempotency key is new, and adds them to the
   * rollups. Returns how many were new and how many were already stored
   * (or repeated within the batch).
   */
  async insertPoints(
    trx: Knex.Transaction,
    points: AttributedSpendPoint[],
    now: number,
  ): Promise<{ inserted: number; duplicates: number }> {
    const unique = new Map<string, AttributedSpendPoint>();
    for (const point of points) {
      const hash = pointKeyHash(point);
      if (!unique.has(hash)) unique.set(hash, point);
    }
    const fresh = await this.#insertRaw(trx, unique, now);
    const hours = await this.#rollUpHours(trx, fresh);
    await this.#rollUpDays(trx, hours.values());
    return { inserted: fresh.length, duplicates: points.length - fresh.length };
  }

  /** Inserts the points whose key hash is not stored yet; returns those. */
  async #insertRaw(
    trx: Knex.Transaction,
    points: Map<string, AttributedSpendPoint>,
    now: number,
  ): Promise<AttributedSpendPoint[]> {
    const fresh: AttributedSpendPoint[] = [];
    const sqlite = await sqliteSpendStatements(trx, STATEMENT_COLUMNS);
    if (sqlite) {
      for (const [hash, point] of points) {
        if (sqlite.insertPoint.run(...pointValues(hash, point, now)).changes) {
          fresh.push(point);
        }
      }
      return fresh;
    }
    for (const chunk of chunks([...points.entries()])) {
      const rows = chunk.map(([hash, p]) => {
        const values = pointValues(hash, p, now);
        return Object.fromEntries(POINT_COLUMNS.map((c, i) => [c, values[i]]));
      });
      const inserted: Array<{ key_hash: string }> = await trx('spend_points')
        .insert(rows)
        .onConflict('key_hash')
        .ignore()
        .returning('key_hash');
      const insertedHashes = new Set(inserted.map(r => r.key_hash));
      for (const [hash, point] of chunk) {
        if (insertedHashes.has(hash)) fresh.push(point);
      }
    }
    return fresh;
  }

  /**
   * Adds points to the hourly rollup (every dimension); returns the batch's
   * hourly rows, from which the daily rollup is derived.
   */
  async #rollUpHours(trx: Knex.Transaction, points: AttributedSpendPoint[]) {
    const rows = new Map<string, Record<string, string | number>>();
    for (const p of points) {
      const dims = {
        bucket: hourOf(p.timestamp),
        team: clip(p.team),
        model: clip(p.attributes.model),
        skill: clip(p.attributes.skill),
        mcp_server: clip(p.attributes.mcpServer),
        user_ref: clip(p.user),
        repo: clip(p.attributes.repo),
      };
      const key = `${dims.bucket}\u0000${dims.team}\u0000${dims.model}\u0000${dims.skill}\u0000${dims.mcp_server}\u0000${dims.user_ref}\u0000${dims.repo}`;
      add(rows, key, dims, p);
    }
    await this.#upsert(trx, 'spend_rollup_hour', HOUR_KEYS, rows);
    return rows;
  }

  /**
   * Adds a batch's hourly rows to the daily rollup: for the row's team
   * (always; '' when unattributed), user and repo (when known), the day's
   * totals and one row per breakdown key.
   */
  async #rollUpDays(
    trx: Knex.Transaction,
    hours: Iterable<Record<string, string | number>>,
  ) {
    const rows = new Map<string, Record<string, string | number>>();
    for (const hour of hours) {
      const bucket = (hour.bucket as string).slice(0, 10);
      const user = hour.user_ref as string;
      const repo = hour.repo as string;
      const scopes: Array<[string, string]> = [['team', hour.team as string]];
      if (user) scopes.push(['user', user]);
      if (repo) scopes.push(['repo', repo]);
      for (const [scope, scopeKey] of scopes) {
        for (const dimension of ROLLUP_DIMENSIONS) {
          const key = dimension ? (hour[dimension] as string) : '';
          const id = `${scope}\u0000${scopeKey}\u0000${dimension}\u0000${bucket}\u0000${key}`;
          let row = rows.get(id);
          if (!row) {
            row = { scope, scope_key: scopeKey, dimension, bucket, key };
            for (const column of COLUMNS) row[column] = 0;
            rows.set(id, row);
          }
          for (const column of COLUMNS) {
            row[column] = (row[column] as number) + (hour[column] as number);
          }
        }
      }
    }
    await this.#upsert(trx, 'spend_rollup_day', DAY_KEYS, rows);
  }

  async #upsert(
    trx: Knex.Transaction,
    table: 'spend_rollup_hour' | 'spend_rollup_day',
    primaryKey: string[],
    rows: Map<string, Record<string, string | number>>,
  ) {
    const sqlite = await sqliteSpendStatements(trx, STATEMENT_COLUMNS);
    if (sqlite) {
      const statement = sqlite.add[table];
      for (const row of rows.values()) {
        statement.run(
          ...primaryKey.map(k => row[k]),
          ...COLUMNS.map(c => row[c]),
        );
      }
      return;
    }
    // A stable order keeps two instances from deadlocking on the same rows.
    const sorted = [...rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, row]) => row);
    const merge = Object.fromEntries(
      COLUMNS.map(c => [c, trx.raw('??.?? + excluded.??', [table, c, c])]),
    );
    for (const chunk of chunks(sorted, 200)) {
      await trx(table).insert(chunk).onConflict(primaryKey).merge(merge);
    }
  }

  #scope(filter: SpendFilter): { scope: string; scope_key: string } {
    if ('team' in filter) return { scope: 'team', scope_key: filter.team ?? '' };
    if ('user' in filter) return { scope: 'user', scope_key: filter.user };
    return { scope: 'repo', scope_key: filter.repo };
  }

  #sums(query: Knex.QueryBuilder, columns: string[] = COLUMNS) {
    return query.select(
      columns.map(c => this.#db.raw('sum(??) as ??', [c, c])),
    );
  }

  /** Totals per day over a range (days without spend are absent). */
  async days(
    filter: SpendFilter,
    from: string,
    to: string,
  ): Promise<SpendDayTotals[]> {
    const rows = await this.#db('spend_rollup_day')
      .where({ ...this.#scope(filter), dimension: '' })
      .whereBetween('bucket', [from, to])
      .orderBy('bucket')
      .select('bucket', ...COLUMNS);
    return rows.map((row: any) => ({
      date: row.bucket,
      totals: totalsOf(row),
    }));
  }

  /** Cost and tokens per key of a dimension over a range. */
  async breakdown(
    filter: SpendFilter,
    dimension: SpendDimension,
    from: string,
    to: string,
  ): Promise<SpendBreakdownRow[]> {
    const rows = await this.#sums(
      this.#db('spend_rollup_day')
        .where({ ...this.#scope(filter), dimension: DIMENSION_OF[dimension] })
        .whereBetween('bucket', [from, to])
        .groupBy('key')
        .select('key'),
      TOKEN_COLUMNS,
    );
    return rows.map((row: any) => {
      const t = totalsOf(row);
      return {
        key: row.key === '' ? null : row.key,
        cost: t.cost,
        tokens: t.tokens,
      };
    });
  }

  /**
   * Every team's cost and tokens per key of a dimension over a range, in one
   * query (team null: unattributed).
   */
  async breakdownByTeam(
    dimension: SpendDimension,
    from: string,
    to: string,
  ): Promise<Array<{ team: string | null; row: SpendBreakdownRow }>> {
    const rows = await this.#sums(
      this.#db('spend_rollup_day')
        .where({ scope: 'team', dimension: DIMENSION_OF[dimension] })
        .whereBetween('bucket', [from, to])
        .groupBy('scope_key', 'key')
        .select('scope_key', 'key'),
      TOKEN_COLUMNS,
    );
    return rows.map((row: any) => {
      const t = totalsOf(row);
      return {
        team: row.scope_key === '' ? null : row.scope_key,
        row: { key: row.key === '' ? null : row.key, cost: t.cost, tokens: t.tokens },
      };
    });
  }

  /** Totals per team over a range (null: unattributed). */
  async byTeam(
    from: string,
    to: string,
  ): Promise<Array<{ team: string | null; totals: SpendTotals }>> {
    const rows = await this.#sums(
      this.#db('spend_rollup_day')
        .where({ scope: 'team', dimension: '' })
        .whereBetween('bucket', [from, to])
        .groupBy('scope_key')
        .select('scope_key'),
    );
    return rows.map((row: any) => ({
      team: row.scope_key === '' ? null : row.scope_key,
      totals: totalsOf(row),
    }));
  }

  /** Deletes raw points older than `before` (ms) and series not updated since `seriesBefore`. */
  async prune(
    before: number,
    seriesBefore: number,
  ): Promise<{ points: number; series: number }> {
    const points = await this.#db('spend_points').where('ts', '<', before).delete();
    const series = await this.#db('spend_series')
      .where('updated_at', '<', seriesBefore)
      .delete();
    return { points, series };
  }

  /** Records a maintenance run. */
  async recordRun(
    task: string,
    ranAt: number,
    deleted: { points: number; series: number },
  ): Promise<void> {
    await this.#db('spend_task_runs').insert({
      task,
      ran_at: ranAt,
      deleted_points: deleted.points,
      deleted_series: deleted.series,
    });
  }
}

function totalsOf(row: Record<string, unknown>): SpendTotals {
  const n = (column: string) => Number(row[column] ?? 0);
  const totals = emptySpendTotals();
  totals.cost = n('cost');
  totals.tokens = {
    input: n('tokens_input'),
    output: n('tokens_output'),
    cacheRead: n('tokens_cache_read'),
    cacheCreation: n('tokens_cache_creation'),
  };
  totals.sessions = n('sessions');
  totals.commits = n('commits');
  totals.pullRequests = n('pull_requests');
  totals.linesAdded = n('lines_added');
  totals.linesRemoved = n('lines_removed');
  totals.activeSeconds = n('active_seconds');
  return totals;
}
