import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { DatabaseSpendStore, sha256 } from './SpendStore';
import { pointKey } from './database/spendColumns';

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
  'spend_user_days',
  'spend_source_day',
  'spend_point_keys',
  'spend_rollup_folds',
];

describe('spend migrations', () => {
  it.each(databases.eachSupportedId())(
    'go up, down and up again on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const exists = async () =>
        Promise.all(TABLES.map(t => knex.schema.hasTable(t)));

      await knex.migrate.latest(config);
      expect(await exists()).toEqual(TABLES.map(() => true));
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
      expect(await exists()).toEqual(TABLES.map(() => false));

      await knex.migrate.latest(config);
      expect(await exists()).toEqual(TABLES.map(() => true));
      expect(await knex('spend_points').count({ n: '*' })).toEqual([
        { n: databaseId === 'POSTGRES_15' ? '0' : 0 },
      ]);
      await knex.destroy();
    },
  );
});

describe('the time-ordered key migration (20261121160000)', () => {
  it.each(databases.eachSupportedId())(
    'keeps a stored point identical across up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // Up to the first migration: key_hash is the bare sha256.
      await knex.migrate.up(config);
      const ts = 1_763_700_000_000;
      const point = {
        key: 'otlp|["claude_code.cost.usage","cost",[]]|0|1',
        source: 'otlp' as const,
        measure: 'cost' as const,
        value: 2.5,
        timestamp: ts,
        attributes: {},
      };
      await knex('spend_points').insert({
        key_hash: sha256(point.key),
        source: 'otlp',
        measure: 'cost',
        value: 2.5,
        ts,
        received_at: 1,
      });

      await knex.migrate.latest(config);
      const [row] = await knex('spend_points').select('key_hash');
      expect(row.key_hash).toBe(`${ts}:${sha256(point.key)}`);
      // The same point sent again after the upgrade counts once.
      const store = await DatabaseSpendStore.create({
        database: { getClient: async () => knex, migrations: { skip: true } },
      });
      const replay = await store.write(writer =>
        writer.insertPoints([{ ...point, team: null, user: null }], 2),
      );
      expect(replay).toEqual({ inserted: 0, duplicates: 1 });
      const fresh = await store.write(writer =>
        writer.insertPoints(
          [{ ...point, key: `${point.key}|2`, team: null, user: null }],
          2,
        ),
      );
      expect(fresh).toEqual({ inserted: 1, duplicates: 0 });

      // Down past the later migrations, then this one.
      for (let i = 0; i < 10; i++) {
        if ((await knex.migrate.currentVersion(config)) === '20261121120000') {
          break;
        }
        await knex.migrate.down(config);
      }
      const hashes = await knex('spend_points')
        .orderBy('ts')
        .pluck('key_hash');
      expect(hashes.sort()).toEqual(
        [sha256(point.key), sha256(`${point.key}|2`)].sort(),
      );
      await knex.destroy();
    },
  );
});

describe('the spend sources migration (20261206080000)', () => {
  it.each(databases.eachSupportedId())(
    'keeps hourly rows as legacy, and adds the sources together again on the way down, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up(config);
      await knex.migrate.up(config);
      const hour = { bucket: '2026-11-21T10', team: 'group:default/payments', user_ref: 'user:default/ana' };
      await knex('spend_rollup_hour').insert({ ...hour, cost: 1 });
      await knex.migrate.up(config);
      expect(await knex('spend_rollup_hour').select('source', 'cost')).toEqual([{ source: '', cost: 1 }]);
      await knex('spend_rollup_hour').insert([
        { ...hour, source: 'otlp', cost: 2 },
        { ...hour, source: 'admin-api', cost: 4 },
      ]);
      await knex('spend_user_days').insert({ user_key: 'user:default/ana', day: '2026-11-21', reported: 1 });
      await knex.migrate.down(config);
      expect(await knex('spend_rollup_hour').select('team', 'cost')).toEqual([{ team: hour.team, cost: 7 }]);
      expect(await knex.schema.hasTable('spend_user_days')).toBe(false);
      await knex.migrate.latest(config);
      await knex.destroy();
    },
  );
});

describe('the point keys migration (20261206130000)', () => {
  it.each(databases.eachSupportedId())(
    'gives every stored point its 16-byte key, so a replay across the upgrade counts once, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up(config);
      for (;;) {
        const version = await knex.migrate.currentVersion(config);
        if (version === '20261206120000') break;
        await knex.migrate.up(config);
      }
      const points = [1_763_700_000_000, 1_763_703_600_000].map((ts, i) => ({
        key: `otlp|["claude_code.cost.usage","cost",[]]|0|${i}`,
        source: 'otlp' as const,
        measure: 'cost' as const,
        value: 1 + i,
        timestamp: ts,
        attributes: {},
        team: null,
        user: null,
      }));
      await knex('spend_points').insert(
        points.map(p => ({
          key_hash: `${p.timestamp}:${sha256(p.key)}`,
          source: 'otlp',
          measure: 'cost',
          value: p.value,
          ts: p.timestamp,
          received_at: 1,
        })),
      );
      await knex.migrate.latest(config);
      const keys = (await knex('spend_point_keys').orderBy('key').pluck('key'))
        .map((k: Buffer) => Buffer.from(k).toString('hex'));
      expect(keys).toEqual(points.map(p => pointKey(p).toString('hex')));
      expect(keys[0].slice(0, 12)).toBe((1_763_700_000_000).toString(16).padStart(12, '0'));
      const store = await DatabaseSpendStore.create({
        database: { getClient: async () => knex, migrations: { skip: true } },
      });
      expect(await store.write(w => w.insertPoints(points, 2))).toEqual({
        inserted: 0,
        duplicates: 2,
      });
      while ((await knex.migrate.currentVersion(config)) !== '20261206120000') {
        await knex.migrate.down(config);
      }
      expect(await knex.schema.hasTable('spend_point_keys')).toBe(false);
      await knex.migrate.latest(config);
      await knex.destroy();
    },
  );
});
