import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseSpendStore } from './DatabaseSpendStore';
import { AttributedSpendPoint } from './spendColumns';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-12-06T12:30:00Z');

function point(
  key: string,
  timestamp: number,
  value = 1,
): AttributedSpendPoint {
  return {
    key,
    source: 'otlp',
    measure: 'cost',
    value,
    timestamp,
    attributes: { model: 'claude-sonnet-4-6' },
    team: 'group:default/payments',
    user: 'user:default/ana',
  };
}

async function count(knex: Knex, table: string) {
  return Number((await knex(table).count({ n: '*' }))[0].n);
}

async function teamCost(knex: Knex) {
  const [row] = await knex('spend_rollup_day')
    .where({ scope: 'team', dimension: '' })
    .sum({ cost: 'cost' });
  return Number(row.cost ?? 0);
}

describe.each(databases.eachSupportedId())(
  'idempotency keys on %p',
  databaseId => {
    async function store(keepPoints?: boolean) {
      const knex = await databases.init(databaseId);
      const s = await DatabaseSpendStore.create({
        database: { getClient: async () => knex },
        keepPoints,
      });
      return { knex, store: s };
    }

    it('recognises a replay by its key alone when no raw point is kept', async () => {
      const { knex, store: s } = await store(false);
      const batch = [point('a', NOW - HOUR, 1.5), point('b', NOW, 2)];
      expect(await s.write(w => w.insertPoints(batch, NOW))).toEqual({
        inserted: 2,
        duplicates: 0,
      });
      expect(await s.write(w => w.insertPoints(batch, NOW))).toEqual({
        inserted: 0,
        duplicates: 2,
      });
      // The same key at another time is another point.
      expect(
        await s.write(w => w.insertPoints([point('a', NOW - 1)], NOW)),
      ).toEqual({
        inserted: 1,
        duplicates: 0,
      });
      expect(await count(knex, 'spend_points')).toBe(0);
      expect(await count(knex, 'spend_point_keys')).toBe(3);
      expect(await teamCost(knex)).toBeCloseTo(4.5, 9);
      await knex.destroy();
    });

    it('keeps the attributes of new points only, by default', async () => {
      const { knex, store: s } = await store();
      await s.write(w => w.insertPoints([point('a', NOW)], NOW));
      await s.write(w =>
        w.insertPoints([point('a', NOW), point('b', NOW)], NOW),
      );
      expect(await knex('spend_points').orderBy('id').pluck('model')).toEqual([
        'claude-sonnet-4-6',
        'claude-sonnet-4-6',
      ]);
      expect(await count(knex, 'spend_point_keys')).toBe(2);
      await knex.destroy();
    });

    it('prunes the keys before the window, the hourly rows of days before it, and the attributes on their own clock', async () => {
      const { knex, store: s } = await store();
      const end = NOW - 30 * DAY;
      const old = point('old', NOW - 40 * DAY, 1);
      const justBefore = point('just-before', end - 1, 16);
      const atEnd = point('at-end', end, 8);
      const edge = point('edge', end + HOUR, 2);
      const recent = point('recent', NOW - 2 * DAY, 4);
      await s.write(w =>
        w.insertPoints([old, justBefore, atEnd, edge, recent], NOW),
      );
      expect(await count(knex, 'spend_rollup_hour')).toBe(4);

      const deleted = await s.prune(end, end, NOW - 7 * DAY);
      // The keys before the window's end, to the millisecond.
      expect(deleted.points).toBe(2);
      expect(await count(knex, 'spend_point_keys')).toBe(3);
      // Attributes older than 7 days are gone.
      expect(await knex('spend_points').pluck('value')).toEqual([4]);
      // Hourly rows of the days before the window's day are gone.
      expect(
        await knex('spend_rollup_hour').orderBy('bucket').pluck('cost'),
      ).toEqual([24, 2, 4]);
      // The daily rollups are kept.
      expect(await teamCost(knex)).toBeCloseTo(31, 9);
      // A kept key still recognises its replay; a pruned one would count
      // again, which is why ingestion refuses points older than the window.
      expect(
        await s.write(w => w.insertPoints([edge, atEnd, old], NOW)),
      ).toEqual({ inserted: 1, duplicates: 2 });
      await knex.destroy();
    });
  },
);
