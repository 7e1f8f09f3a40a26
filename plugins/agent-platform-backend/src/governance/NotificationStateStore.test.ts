import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseNotificationStateStore } from './NotificationStateStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe('DatabaseNotificationStateStore', () => {
  it.each(databases.eachSupportedId())(
    'claims each state change once and forgets ended conditions on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseNotificationStateStore.create({
        database: { getClient: async () => knex },
      });
      const scope = `agent-platform:exception:group:default/payments:${'Bash(x *)'.repeat(100)}`;
      const at = '2026-12-06T10:00:00.000Z';
      expect(await store.claim(scope, undefined, 'expiring:2026-12-20', at)).toBe(true);
      // A second writer with the same view loses.
      expect(await store.claim(scope, undefined, 'expiring:2026-12-20', at)).toBe(false);
      expect(await store.states()).toEqual(new Map([[scope, 'expiring:2026-12-20']]));
      expect(await store.claim(scope, 'expiring:2026-12-20', 'expired:2026-12-20', at)).toBe(true);
      expect(await store.claim(scope, 'expiring:2026-12-20', 'expired:2026-12-20', at)).toBe(false);
      await store.forget([scope, 'unknown']);
      expect(await store.states()).toEqual(new Map());
      await knex.destroy();
    },
  );
});
