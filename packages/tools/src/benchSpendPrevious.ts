/*
 * The spend store's read queries as they were before the team spans and the
 * one-query breakdowns (DatabaseSpendStore at b74756f), kept for the scale
 * benchmark's "previous code" baseline: every answer from the daily rollup,
 * one query per breakdown, one row per team and day.
 */
import {
  SpendBreakdownRow,
  SpendDayTotals,
  SpendDimension,
  SpendTotals,
} from '@agent-platform/plugin-agent-platform-common';
import { Knex } from 'knex';
import {
  COLUMNS,
  DIMENSION_OF,
  TOKEN_COLUMNS,
  totalsOf,
} from '../../../plugins/agent-platform-backend/src/spend/database/spendColumns';

/** The previous code's reads of one team's report and of the platform table. */
export function previousCodeQueries(db: Knex) {
  const sums = (query: Knex.QueryBuilder, columns: string[] = COLUMNS) =>
    query.select(columns.map(c => db.raw('sum(??) as ??', [c, c])));
  const nullable = (key: string) => (key === '' ? null : key);
  return {
    async days(
      filter: { team: string },
      from: string,
      to: string,
    ): Promise<SpendDayTotals[]> {
      const rows = await db('spend_rollup_day')
        .where({ scope: 'team', scope_key: filter.team, dimension: '' })
        .whereBetween('bucket', [from, to])
        .orderBy('bucket')
        .select('bucket', ...COLUMNS);
      return rows.map((row: any) => ({
        date: row.bucket,
        totals: totalsOf(row),
      }));
    },
    /** One query per dimension, as the report ran them. */
    async breakdowns(
      filter: { team: string },
      dimensions: readonly SpendDimension[],
      from: string,
      to: string,
    ): Promise<Record<SpendDimension, SpendBreakdownRow[]>> {
      const each = await Promise.all(
        dimensions.map(async d => {
          const rows = await sums(
            db('spend_rollup_day')
              .where({
                scope: 'team',
                scope_key: filter.team,
                dimension: DIMENSION_OF[d],
              })
              .whereBetween('bucket', [from, to])
              .groupBy('key')
              .select('key'),
            TOKEN_COLUMNS,
          );
          return rows.map((row: any) => {
            const t = totalsOf(row);
            return { key: nullable(row.key), cost: t.cost, tokens: t.tokens };
          });
        }),
      );
      return Object.fromEntries(
        dimensions.map((d, i) => [d, each[i]]),
      ) as unknown as Record<SpendDimension, SpendBreakdownRow[]>;
    },
    async byTeam(
      from: string,
      to: string,
    ): Promise<Array<{ team: string | null; totals: SpendTotals }>> {
      const rows = await sums(
        db('spend_rollup_day')
          .where({ scope: 'team', dimension: '' })
          .whereBetween('bucket', [from, to])
          .groupBy('scope_key')
          .select('scope_key'),
      );
      return rows.map((row: any) => ({
        team: nullable(row.scope_key),
        totals: totalsOf(row),
      }));
    },
    async breakdownByTeam(
      dimension: SpendDimension,
      from: string,
      to: string,
    ): Promise<Array<{ team: string | null; row: SpendBreakdownRow }>> {
      const rows = await sums(
        db('spend_rollup_day')
          .where({ scope: 'team', dimension: DIMENSION_OF[dimension] })
          .whereBetween('bucket', [from, to])
          .groupBy('scope_key', 'key')
          .select('scope_key', 'key'),
        TOKEN_COLUMNS,
      );
      return rows.map((row: any) => {
        const t = totalsOf(row);
        return {
          team: nullable(row.scope_key),
          row: { key: nullable(row.key), cost: t.cost, tokens: t.tokens },
        };
      });
    },
    async teamDays(
      from: string,
      to: string,
    ): Promise<Array<{ team: string | null; date: string; cost: number }>> {
      const rows = await db('spend_rollup_day')
        .where({ scope: 'team', dimension: '' })
        .whereBetween('bucket', [from, to])
        .select('scope_key', 'bucket', 'cost');
      return rows.map((row: any) => ({
        team: nullable(row.scope_key),
        date: row.bucket,
        cost: Number(row.cost),
      }));
    },
  };
}
