import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  FoldedMonths,
  monthsOf,
  SpendBreakdownRow,
  SpendDayTotals,
  SpendDimension,
  SpendTotals,
} from '@agent-platform/plugin-agent-platform-common';
import { Knex } from 'knex';
import {
  COLUMNS,
  DIMENSION_OF,
  timeKeyPrefix,
  TOKEN_COLUMNS,
  totalsOf,
} from './spendColumns';
import { SqliteStatementCache } from './sqliteStatements';
import type {
  SpendFilter,
  SpendSourceDay,
  SpendStore,
  SpendWriter,
} from '../SpendStore';
import { SpendWriteBatch } from './SpendWriteBatch';

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

const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * The {@link SpendStore} on the plugin's database (SQLite or PostgreSQL).
 *
 * @public
 */
export class DatabaseSpendStore implements SpendStore {
  readonly #db: Knex;
  readonly #keepPoints: boolean;
  readonly #prepared: SqliteStatementCache = new WeakMap();

  /**
   * Connects, and applies the migrations unless the database skips them.
   * `keepPoints: false` stores only each point's idempotency key, not its
   * attributes (`retention.pointDays: 0`); default true.
   */
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
    keepPoints?: boolean;
  }): Promise<DatabaseSpendStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await applySpendMigrations(knex);
    }
    return new DatabaseSpendStore(knex, options.keepPoints ?? true);
  }

  private constructor(knex: Knex, keepPoints: boolean) {
    this.#db = knex;
    this.#keepPoints = keepPoints;
  }

  get singleWriter(): boolean {
    return String(this.#db.client.config.client).includes('sqlite');
  }

  async write<T>(fn: (writer: SpendWriter) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#db.transaction(trx =>
          fn(new SpendWriteBatch(trx, this.#prepared, this.#keepPoints)),
        );
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt < 4 && (code === '40P01' || code === '40001')) continue;
        throw error;
      }
    }
  }

  /** The rollup rows of a filter: one scope and one or more keys. */
  #where(query: Knex.QueryBuilder, filter: SpendFilter): Knex.QueryBuilder {
    if ('team' in filter) {
      return query.where({ scope: 'team', scope_key: filter.team ?? '' });
    }
    if ('teams' in filter) {
      return query.where('scope', 'team').whereIn('scope_key', filter.teams);
    }
    if ('user' in filter) {
      return query.where({ scope: 'user', scope_key: filter.user });
    }
    if ('repos' in filter) {
      return query.where('scope', 'repo').whereIn('scope_key', filter.repos);
    }
    return query.where({ scope: 'repo', scope_key: filter.repo });
  }

  /** Whether a filter reads one key (rows need no summing per bucket). */
  #single(filter: SpendFilter): boolean {
    return !('teams' in filter || 'repos' in filter);
  }

  #sums(query: Knex.QueryBuilder, columns: string[] = COLUMNS) {
    return query.select(
      columns.map(c => this.#db.raw('sum(??) as ??', [c, c])),
    );
  }

  async days(
    filter: SpendFilter,
    from: string,
    to: string,
  ): Promise<SpendDayTotals[]> {
    const base = this.#where(this.#db('spend_rollup_day'), filter)
      .where({ dimension: '' })
      .whereBetween('bucket', [from, to])
      .orderBy('bucket');
    const rows = this.#single(filter)
      ? await base.select('bucket', ...COLUMNS)
      : await this.#sums(base.groupBy('bucket').select('bucket'));
    return rows.map((row: any) => ({
      date: row.bucket,
      totals: totalsOf(row),
    }));
  }

  async breakdown(
    filter: SpendFilter,
    dimension: SpendDimension,
    from: string,
    to: string,
  ): Promise<SpendBreakdownRow[]> {
    return (await this.breakdowns(filter, [dimension], from, to))[dimension];
  }

  async breakdowns<D extends SpendDimension>(
    filter: SpendFilter,
    dimensions: readonly D[],
    from: string,
    to: string,
  ): Promise<Record<D, SpendBreakdownRow[]>> {
    const folded = 'user' in filter || 'repo' in filter || 'repos' in filter;
    const dimensionOf = new Map(dimensions.map(d => [DIMENSION_OF[d], d]));
    // One query for every dimension: one range of the primary key each.
    const rows = await this.#sums(
      this.#where(this.#db('spend_rollup_day'), filter)
        .whereIn('dimension', [...dimensionOf.keys()])
        .where(q => {
          q.whereBetween('bucket', [from, to]);
          // A user's or repository's folded months (bucket YYYY-MM) that
          // overlap the range count whole; no month sorts between two days
          // of another month, so no day row is matched twice.
          if (folded) q.orWhereIn('bucket', monthsOf({ from, to }));
        })
        .groupBy('dimension', 'key')
        .select('dimension', 'key'),
      TOKEN_COLUMNS,
    );
    const out = Object.fromEntries(
      dimensions.map(d => [d, [] as SpendBreakdownRow[]]),
    ) as Record<D, SpendBreakdownRow[]>;
    for (const row of rows as any[]) {
      const t = totalsOf(row);
      out[dimensionOf.get(row.dimension)!].push({
        key: row.key === '' ? null : row.key,
        cost: t.cost,
        tokens: t.tokens,
      });
    }
    return out;
  }

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
        row: {
          key: row.key === '' ? null : row.key,
          cost: t.cost,
          tokens: t.tokens,
        },
      };
    });
  }

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

  async teamDays(
    from: string,
    to: string,
  ): Promise<Array<{ team: string | null; date: string; cost: number }>> {
    const rows = await this.#db('spend_rollup_day')
      .where({ scope: 'team', dimension: '' })
      .whereBetween('bucket', [from, to])
      .select('scope_key', 'bucket', 'cost');
    return rows.map((row: any) => ({
      team: row.scope_key === '' ? null : row.scope_key,
      date: row.bucket,
      cost: Number(row.cost),
    }));
  }

  async teamTotals(
    teams: string[],
    from: string,
    to: string,
  ): Promise<Array<{ team: string; totals: SpendTotals }>> {
    const rows = await this.#sums(
      this.#db('spend_rollup_day')
        .where({ scope: 'team', dimension: '' })
        .whereIn('scope_key', teams)
        .whereBetween('bucket', [from, to])
        .groupBy('scope_key')
        .select('scope_key'),
    );
    return rows.map((row: any) => ({
      team: row.scope_key,
      totals: totalsOf(row),
    }));
  }

  async keyDays(
    dimension: SpendDimension,
    key: string,
    from: string,
    to: string,
  ): Promise<
    Array<{
      date: string;
      team: string | null;
      cost: number;
      tokens: SpendTotals['tokens'];
    }>
  > {
    // The team rows hold every point once: a key's rows across all teams
    // are its whole spend.
    const rows = await this.#db('spend_rollup_day')
      .where({ scope: 'team', dimension: DIMENSION_OF[dimension], key })
      .whereBetween('bucket', [from, to])
      .orderBy(['bucket', 'scope_key'])
      .select('bucket', 'scope_key', ...TOKEN_COLUMNS);
    return rows.map((row: any) => {
      const t = totalsOf(row);
      return {
        date: row.bucket,
        team: row.scope_key === '' ? null : row.scope_key,
        cost: t.cost,
        tokens: t.tokens,
      };
    });
  }

  async sourceDays(
    team: string,
    from: string,
    to: string,
  ): Promise<SpendSourceDay[]> {
    const rows = await this.#db('spend_source_day')
      .where({ team })
      .whereBetween('bucket', [from, to])
      .orderBy(['bucket', 'source'])
      .select('bucket', 'source', 'cost');
    return rows.map((row: any) => ({
      date: row.bucket,
      source: row.source,
      cost: Number(row.cost),
    }));
  }

  async prune(
    before: number,
    seriesBefore: number,
    pointsBefore: number = before,
  ): Promise<{ points: number; series: number }> {
    // Keys of points before the window: a range of the primary key.
    const points = await this.#db('spend_point_keys')
      .where('key', '<', timeKeyPrefix(before))
      .delete();
    await this.#db('spend_points').where('ts', '<', pointsBefore).delete();
    // A user-day before the window can receive no more points, and no
    // report can replace its OTLP spend: its hourly rows are not read again.
    const day = dayOf(before);
    await this.#db('spend_user_days').where('day', '<', day).delete();
    await this.#db('spend_rollup_hour')
      .where('bucket', '<', `${day}T00`)
      .delete();
    const series = await this.#db('spend_series')
      .where('updated_at', '<', seriesBefore)
      .delete();
    return { points, series };
  }

  async foldBreakdowns(
    before: string,
    now: number,
  ): Promise<Array<{ month: string; dayRows: number; monthRows: number }>> {
    const last = (await this.foldedMonths())?.last;
    // Months with spend: every point has a team row, and the team rows are
    // indexed by dimension and day (spend_rollup_day_team_idx).
    const days: string[] = await this.#db('spend_rollup_day')
      .where({ scope: 'team', dimension: '' })
      .where('bucket', '<', `${before.slice(0, 7)}-01`)
      .modify(q => {
        if (last) q.where('bucket', '>', `${last}-31`);
      })
      .distinct('bucket')
      .orderBy('bucket')
      .pluck('bucket');
    const months = [...new Set(days.map(d => d.slice(0, 7)))];
    const folded = [];
    for (const month of months) {
      folded.push(await this.#foldMonth(month, now));
    }
    return folded;
  }

  /** Folds one month's user and repository breakdowns, in one transaction. */
  async #foldMonth(
    month: string,
    now: number,
  ): Promise<{ month: string; dayRows: number; monthRows: number }> {
    return this.#db.transaction(async trx => {
      const days: [string, string] = [`${month}-01`, `${month}-31`];
      const where = `scope IN ('user', 'repo') AND dimension <> '' AND bucket BETWEEN ? AND ?`;
      const sums = COLUMNS.map(c => `sum(${c})`).join(', ');
      const add = COLUMNS.map(
        c => `${c} = spend_rollup_day.${c} + excluded.${c}`,
      ).join(', ');
      const inserted = await trx.raw(
        `INSERT INTO spend_rollup_day (scope, scope_key, dimension, bucket, key, ${COLUMNS.join(
          ', ',
        )})
         SELECT scope, scope_key, dimension, ?, key, ${sums}
         FROM spend_rollup_day WHERE ${where}
         GROUP BY scope, scope_key, dimension, key
         ON CONFLICT (scope, scope_key, dimension, bucket, key) DO UPDATE SET ${add}`,
        [month, ...days],
      );
      const dayRows = await trx('spend_rollup_day')
        .whereIn('scope', ['user', 'repo'])
        .whereNot('dimension', '')
        .whereBetween('bucket', days)
        .delete();
      const monthRows = Number(inserted.rowCount ?? inserted.changes ?? 0);
      await trx('spend_rollup_folds').insert({
        month,
        folded_at: now,
        day_rows: dayRows,
        month_rows: monthRows,
      });
      return { month, dayRows, monthRows };
    });
  }

  async foldedMonths(): Promise<FoldedMonths | undefined> {
    const [row] = await this.#db('spend_rollup_folds')
      .min({ first: 'month' })
      .max({ last: 'month' });
    return row?.first ? { first: row.first, last: row.last } : undefined;
  }

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
