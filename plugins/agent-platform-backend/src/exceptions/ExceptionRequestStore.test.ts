import { TestDatabases } from '@backstage/backend-test-utils';
import {
  DatabaseExceptionRequestStore,
  GOVERNANCE_MIGRATIONS,
} from './ExceptionRequestStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const request = {
  team: 'group:default/payments',
  target: 'Read(./.env)',
  reason: 'Migration.',
  since: '2026-12-06',
  until: '2027-01-31',
  requestedBy: 'user:default/elena.sokolova',
  requestedAt: '2026-12-06T10:00:00.000Z',
};

describe('exception migrations', () => {
  it.each(databases.eachSupportedId())(
    'go up, down and up again on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const exists = async () =>
        (await knex.schema.hasTable('agent_platform_exception_requests')) &&
        (await knex.schema.hasTable('agent_platform_notification_state'));
      await knex.migrate.latest(GOVERNANCE_MIGRATIONS);
      expect(await exists()).toBe(true);
      await knex.migrate.rollback(GOVERNANCE_MIGRATIONS, true);
      expect(await knex.schema.hasTable('agent_platform_exception_requests')).toBe(false);
      expect(await knex.schema.hasTable('agent_platform_notification_state')).toBe(false);
      await knex.migrate.latest(GOVERNANCE_MIGRATIONS);
      expect(await exists()).toBe(true);
      // The spend migrations' table is not touched.
      expect(await knex.schema.hasTable('spend_points')).toBe(false);
      await knex.destroy();
    },
  );
});

describe('DatabaseExceptionRequestStore', () => {
  it.each(databases.eachSupportedId())(
    'stores requests and decisions once on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseExceptionRequestStore.create({
        database: { getClient: async () => knex },
      });
      expect(await store.approvedVersion()).toBe('0:');

      const created = await store.create(request);
      expect(created).toEqual({ ...request, id: expect.any(String), status: 'pending' });

      // A replay while pending is refused, and nothing is stored twice.
      await expect(store.create({ ...request, reason: 'Again.' })).rejects.toThrow(
        `group:default/payments already has a pending exception request for Read(./.env) (${created.id}, by user:default/elena.sokolova)`,
      );
      expect(await store.list()).toHaveLength(1);

      const approved = await store.decide(created.id, {
        status: 'approved',
        decidedBy: 'user:default/dana.kim',
        decidedAt: '2026-12-06T11:00:00.000Z',
      });
      expect(approved).toEqual(
        expect.objectContaining({ status: 'approved', decidedBy: 'user:default/dana.kim' }),
      );
      expect(await store.approvedVersion()).toMatch(/^1:2026-12-06T11:00:00.000Z$/);

      // Deciding again changes nothing.
      await expect(
        store.decide(created.id, {
          status: 'denied',
          decidedBy: 'user:default/marcus.webb',
          decidedAt: '2026-12-06T12:00:00.000Z',
        }),
      ).rejects.toThrow(
        `Exception request ${created.id} was already approved by user:default/dana.kim at 2026-12-06T11:00:00.000Z`,
      );
      expect((await store.get(created.id))?.status).toBe('approved');
      await expect(
        store.decide('nope', {
          status: 'denied',
          decidedBy: 'user:default/marcus.webb',
          decidedAt: '2026-12-06T12:00:00.000Z',
        }),
      ).rejects.toThrow('No exception request nope');

      // Once decided, the same team may ask again.
      const second = await store.create({ ...request, until: '2026-12-20' });
      expect(await store.list({ team: 'group:default/payments' })).toHaveLength(2);
      expect(
        (await store.list({ status: ['pending'] })).map(r => r.id),
      ).toEqual([second.id]);
      expect(await store.list({ status: ['approved'], untilFrom: '2027-02-01' })).toEqual([]);
      expect(await store.list({ team: 'group:default/other' })).toEqual([]);
      await knex.destroy();
    },
  );
});
