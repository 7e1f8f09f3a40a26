import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  spendSpansOfRange,
  SpendBreakdownRow,
  SpendDayTotals,
  SpendDimension,
  SpendTotals,
} from '@agent-platform/plugin-agent-platform-common';
import { Knex } from 'knex';
import {
  COLUMNS,
  DIMENSION_OF,
  SPAN_DIMENSIONS,
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

/** The one-day spans of the days from `from` to `to`. */
function oneDaySpans(from: string, to: string): string[] {
  const spans: string[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`),
      end = Date.parse(`${to}T00:00:00Z`);
    t <= end;
    t += 86_400_000
  ) {
    spans.push(`${dayOf(t)}/1`);
  }
  return spans;
}

/**
 * The {@link SpendStore} on the plugin's database (SQLite or PostgreSQL).
 *
 * @public
 */
export class DatabaseSpendStore implements SpendStore {
  readonly #db: Knex;
  readonly #prepared: SqliteStatementCache = new WeakMap();

  /** Connects, and applies the migrations unless the database skips them. */
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
  }): Promise<DatabaseSpendStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await applySpendMigrations(knex);
    }
    return new DatabaseSpendStore(knex);
  }

  private constructor(knex: Knex) {
    this.#db = knex;
  }

  get singleWriter(): boolean {
    return String(this.#db.client.config.client).includes('sqlite');
  }

  async write<T>(fn: (writer: SpendWriter) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#db.transaction(trx =>
          fn(new SpendWriteBatch(trx, this.#prepared)),
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

  async breakdowns(
    filter: SpendFilter,
    dimensions: readonly SpendDimension[],
    from: string,
    to: string,
  ): Promise<Record<SpendDimension, SpendBreakdownRow[]>> {
    // One grouped query for every dimension: the key's index reads each
    // dimension's range of days in turn.
    const rows = await this.#sums(
      this.#where(this.#db('spend_rollup_day'), filter)
        .whereIn(
          'dimension',
          dimensions.map(d => DIMENSION_OF[d]),
        )
        .whereBetween('bucket', [from, to])
        .groupBy('dimension', 'key')
        .select('dimension', 'key'),
      TOKEN_COLUMNS,
    );
    const out = Object.fromEntries(
      dimensions.map(d => [d, []]),
    ) as unknown as Record<SpendDimension, SpendBreakdownRow[]>;
    const byColumn = new Map(dimensions.map(d => [DIMENSION_OF[d], out[d]]));
    for (const row of rows as any[]) {
      const t = totalsOf(row);
      byColumn.get(row.dimension)?.push({
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
    const column = DIMENSION_OF[dimension];
    const rows = SPAN_DIMENSIONS.includes(column)
      ? await this.#sums(
          this.#spans(column, from, to)
            .groupBy('team', 'key')
            .select({ scope_key: 'team' }, 'key'),
          TOKEN_COLUMNS,
        )
      : await this.#sums(
          this.#db('spend_rollup_day')
            .where({ scope: 'team', dimension: column })
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

  /**
   * The team span rows of a dimension ('' for totals) that cover a range
   * exactly: at most two spans per length instead of a row per day.
   */
  #spans(dimension: string, from: string, to: string): Knex.QueryBuilder {
    const spans = from <= to ? spendSpansOfRange(from, to) : [];
    return this.#db('spend_team_span')
      .where('dimension', dimension)
      .whereIn('span', spans);
  }

  async byTeam(
    from: string,
    to: string,
  ): Promise<Array<{ team: string | null; totals: SpendTotals }>> {
    const rows = await this.#sums(
      this.#spans('', from, to).groupBy('team').select('team'),
    );
    return rows.map((row: any) => ({
      team: row.team === '' ? null : row.team,
      totals: totalsOf(row),
    }));
  }

  async teamDays(
    from: string,
    to: string,
    options?: { minCostOnLastDay?: number },
  ): Promise<Map<string | null, Map<string, number>>> {
    let query = this.#db('spend_team_span')
      .where('dimension', '')
      .whereIn('span', oneDaySpans(from, to));
    if (options?.minCostOnLastDay !== undefined) {
      // On SQLite `+team` keeps the teams a filter on the span ranges'
      // rows; as an index key it costs a seek per team and day (3x slower).
      query = query.whereIn(
        this.singleWriter
          ? (this.#db.raw('+??', ['team']) as unknown as string)
          : 'team',
        this.#db('spend_team_span')
          .where({ dimension: '', span: `${to}/1` })
          .where('cost', '>=', options.minCostOnLastDay)
          .select('team'),
      );
    }
    const rows = await query.select('team', 'span', 'cost');
    // Straight into one map per team (58,000 rows at 2,000 teams and 29 days).
    const byTeam = new Map<string | null, Map<string, number>>();
    for (const row of rows as Array<{
      team: string;
      span: string;
      cost: number;
    }>) {
      const team = row.team === '' ? null : row.team;
      let costs = byTeam.get(team);
      if (!costs) {
        costs = new Map();
        byTeam.set(team, costs);
      }
      costs.set(row.span.slice(0, 10), Number(row.cost));
    }
    return byTeam;
  }

  async teamTotals(
    teams: string[],
    from: string,
    to: string,
  ): Promise<Array<{ team: string; totals: SpendTotals }>> {
    const rows = await this.#sums(
      this.#spans('', from, to)
        .whereIn('team', teams)
        .groupBy('team')
        .select('team'),
    );
    return rows.map((row: any) => ({
      team: row.team,
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
  ): Promise<{ points: number; series: number }> {
    const points = await this.#db('spend_points')
      .where('ts', '<', before)
      .delete();
    // A user-day before the window can receive no more points.
    await this.#db('spend_user_days').where('day', '<', dayOf(before)).delete();
    const series = await this.#db('spend_series')
      .where('updated_at', '<', seriesBefore)
      .delete();
    return { points, series };
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
