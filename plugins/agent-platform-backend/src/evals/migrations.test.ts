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

describe('the skill evals migration (20261206100000)', () => {
  it.each(databases.eachSupportedId())(
    'goes up with a unique idempotency key, and down, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // Up to the migration before it (the four spend migrations).
      for (let i = 0; i < 4; i++) await knex.migrate.up(config);
      expect(await knex.schema.hasTable('skill_eval_results')).toBe(false);
      await knex.migrate.up(config);
      expect(await knex.schema.hasTable('skill_eval_results')).toBe(true);

      const row = {
        key_hash: 'a'.repeat(64),
        skill_ref: 'airesource:default/code-review',
        version: '1.4.0',
        outcome: 'passed',
        suite: 'golden',
        passed: 1,
        failed: 0,
        skipped: 0,
        total: 1,
        ran_at: 1_765_000_000_000,
        received_at: 1_765_000_000_001,
        posted_by: 'skill-eval:default/code-review',
      };
      await knex('skill_eval_results').insert(row);
      await expect(
        knex('skill_eval_results').insert(row),
      ).rejects.toHaveProperty(
        'message',
        expect.stringMatching(/UNIQUE constraint failed|duplicate key value/),
      );
      const [stored] = await knex('skill_eval_results').select('ran_at');
      expect(Number(stored.ran_at)).toBe(1_765_000_000_000);

      await knex.migrate.down(config);
      expect(await knex.schema.hasTable('skill_eval_results')).toBe(false);
      // The spend tables stay.
      expect(await knex.schema.hasTable('spend_points')).toBe(true);
      await knex.migrate.latest(config);
      expect(await knex.schema.hasTable('skill_eval_results')).toBe(true);
      await knex.destroy();
    },
  );
});
