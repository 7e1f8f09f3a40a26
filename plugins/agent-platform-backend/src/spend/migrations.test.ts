import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const directory = resolvePackagePath(
  '@agent-platform/plugin-agent-platform-backend',
  'migrations',
);
const config = { directory, tableName: 'agent_platform_knex_migrations' };
const TABLES = [
  'spend_points',
  'spend_series',
  'spend_rollup_day',
  'spend_rollup_hour',
  'spend_task_runs',
];

describe('spend migrations', () => {
  it.each(databases.eachSupportedId())(
    'go up, down and up again on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const exists = async () =>
        Promise.all(TABLES.map(t => knex.schema.hasTable(t)));

      await knex.migrate.latest(config);
      expect(await exists()).toEqual([true, true, true, true, true]);
      // The unique idempotency key and the rollups' primary key hold.
      const row = {
        key_hash: 'a'.repeat(64),
        source: 'otlp',
        measure: 'cost',
        value: 1,
        ts: 1,
        received_at: 1,
      };
      await knex('spend_points').insert(row);
      // Matched on the message: better-sqlite3's errors may come from another
      // realm than Jest's, where `toThrow` does not recognise them as errors.
      const duplicate = /UNIQUE constraint failed|duplicate key value/;
      await expect(knex('spend_points').insert(row)).rejects.toHaveProperty(
        'message',
        expect.stringMatching(duplicate),
      );
      const day = {
        scope: 'team',
        scope_key: '',
        dimension: '',
        bucket: '2026-11-21',
      };
      await knex('spend_rollup_day').insert({ ...day, cost: 1 });
      await expect(
        knex('spend_rollup_day').insert({ ...day, cost: 2 }),
      ).rejects.toHaveProperty('message', expect.stringMatching(duplicate));

      await knex.migrate.rollback(config, true);
      expect(await exists()).toEqual([false, false, false, false, false]);

      await knex.migrate.latest(config);
      expect(await exists()).toEqual([true, true, true, true, true]);
      expect(await knex('spend_points').count({ n: '*' })).toEqual([
        { n: databaseId === 'POSTGRES_15' ? '0' : 0 },
      ]);
      await knex.destroy();
    },
  );
});
