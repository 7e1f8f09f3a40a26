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

describe('the reuse history migration (20261206110000)', () => {
  it.each(databases.eachSupportedId())(
    'goes up with one row per week, and down, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(config);
      const row = {
        week: '2026-11-30',
        teams: 7,
        teams_reusing: 3,
        teams_own_only: 2,
        repos: 9,
        repos_reusing: 5,
        registry_assets: 4,
        own_assets: 6,
        computed_at: 1_765_000_000_000,
      };
      await knex('reuse_history').insert(row);
      await expect(knex('reuse_history').insert(row)).rejects.toHaveProperty(
        'message',
        expect.stringMatching(/UNIQUE constraint failed|duplicate key value/),
      );
      // This migration, not whichever is the last one.
      await knex.migrate.down({
        ...config,
        name: '20261206110000_reuse_history.js',
      });
      expect(await knex.schema.hasTable('reuse_history')).toBe(false);
      expect(await knex.schema.hasTable('skill_eval_results')).toBe(true);
      await knex.migrate.latest(config);
      expect(await knex.schema.hasTable('reuse_history')).toBe(true);
      await knex.destroy();
    },
  );
});
