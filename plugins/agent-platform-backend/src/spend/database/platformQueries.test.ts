import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { applySpendMigrations, DatabaseSpendStore } from './DatabaseSpendStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

/** The statements a store call sends, with their bindings. */
async function statementsOf(
  knex: Knex,
  call: () => Promise<unknown>,
): Promise<Array<{ sql: string; bindings: readonly Knex.RawBinding[] }>> {
  const sent: Array<{ sql: string; bindings: readonly Knex.RawBinding[] }> = [];
  const listener = (query: { sql: string; bindings?: Knex.RawBinding[] }) =>
    sent.push({ sql: query.sql, bindings: query.bindings ?? [] });
  knex.on('query', listener);
  try {
    await call();
  } finally {
    knex.off('query', listener);
  }
  return sent;
}

/** How the database would run a statement, as one line of text. */
async function planOf(
  knex: Knex,
  databaseId: string,
  statement: { sql: string; bindings: readonly Knex.RawBinding[] },
): Promise<string> {
  if (databaseId === 'SQLITE_3') {
    const rows = await knex.raw(
      `EXPLAIN QUERY PLAN ${statement.sql}`,
      statement.bindings,
    );
    return rows.map((r: { detail: string }) => r.detail).join(' | ');
  }
  // A handful of rows: without this, PostgreSQL reads the table whatever
  // the indexes are.
  return knex.transaction(async trx => {
    await trx.raw('SET LOCAL enable_seqscan = off');
    await trx.raw('SET LOCAL enable_bitmapscan = off');
    // The event gives PostgreSQL's numbered placeholders, in binding order.
    const result = await trx.raw(
      `EXPLAIN ${statement.sql.replace(/\$\d+/g, '?')}`,
      statement.bindings,
    );
    return result.rows
      .map((r: Record<string, string>) => r['QUERY PLAN'])
      .join(' | ');
  });
}

describe("the platform table's queries", () => {
  it.each(databases.eachSupportedId())(
    'read every team from the covering team index alone on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applySpendMigrations(knex);
      const rows = [];
      for (const team of ['group:default/a', 'group:default/b', '']) {
        for (const bucket of ['2026-11-20', '2026-11-21']) {
          rows.push(
            {
              scope: 'team',
              scope_key: team,
              dimension: '',
              key: '',
              bucket,
              cost: 1,
            },
            {
              scope: 'team',
              scope_key: team,
              dimension: 'model',
              key: 'opus',
              bucket,
              cost: 1,
            },
            {
              scope: 'team',
              scope_key: team,
              dimension: 'skill',
              key: 'review',
              bucket,
              cost: 1,
            },
          );
        }
      }
      rows.push({
        scope: 'user',
        scope_key: 'user:default/ana',
        dimension: '',
        key: '',
        bucket: '2026-11-21',
        cost: 1,
      });
      await knex('spend_rollup_day').insert(rows);
      if (databaseId === 'POSTGRES_15') {
        // The visibility map, so that an index-only scan is possible.
        await knex.raw('VACUUM ANALYZE spend_rollup_day');
      } else {
        await knex.raw('ANALYZE');
      }
      const store = await DatabaseSpendStore.create({
        database: { getClient: async () => knex, migrations: { skip: true } },
      });

      const calls: Array<[string, () => Promise<unknown>]> = [
        ['byTeam', () => store.byTeam('2026-11-01', '2026-11-30')],
        [
          'model',
          () => store.breakdownByTeam('model', '2026-11-01', '2026-11-30'),
        ],
        [
          'skill',
          () => store.breakdownByTeam('skill', '2026-11-01', '2026-11-30'),
        ],
        ['teamDays', () => store.teamDays('2026-11-01', '2026-11-30')],
      ];
      for (const [name, call] of calls) {
        const statements = await statementsOf(knex, call);
        expect(statements).toHaveLength(1);
        const plan = await planOf(knex, databaseId, statements[0]);
        expect({ name, plan }).toEqual({
          name,
          plan: expect.stringMatching(
            databaseId === 'SQLITE_3'
              ? /USING COVERING INDEX spend_rollup_day_team_idx/
              : /Index Only Scan using spend_rollup_day_team_idx/,
          ),
        });
      }
      // The answers are the rollup rows' sums.
      expect(
        (await store.byTeam('2026-11-01', '2026-11-30')).map(t => [
          t.team,
          t.totals.cost,
        ]),
      ).toEqual(
        expect.arrayContaining([
          ['group:default/a', 2],
          ['group:default/b', 2],
          [null, 2],
        ]),
      );
      await knex.destroy();
    },
  );
});
