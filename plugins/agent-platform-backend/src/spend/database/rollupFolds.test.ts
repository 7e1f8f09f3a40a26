import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import type { SpendFilter } from '../SpendStore';
import { DatabaseSpendStore } from './DatabaseSpendStore';
import { AttributedSpendPoint } from './spendColumns';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const ANA = 'user:default/ana';
const TEAM = 'group:default/payments';
const REPO = 'acme/checkout';

function point(
  day: string,
  cost: number,
  attributes: AttributedSpendPoint['attributes'],
): AttributedSpendPoint {
  return {
    key: `${day}|${cost}|${JSON.stringify(attributes)}`,
    source: 'otlp',
    measure: 'cost',
    value: cost,
    timestamp: Date.parse(`${day}T10:00:00Z`),
    attributes: { repo: REPO, ...attributes },
    team: TEAM,
    user: ANA,
  };
}

const byKey = (rows: Array<{ key: string | null; cost: number }>) =>
  Object.fromEntries(rows.map(r => [r.key ?? '', r.cost]));

describe.each(databases.eachSupportedId())(
  'folded breakdowns on %p',
  databaseId => {
    let knex: Knex;
    let store: DatabaseSpendStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      store = await DatabaseSpendStore.create({
        database: { getClient: async () => knex },
      });
      await store.write(w =>
        w.insertPoints(
          [
            point('2026-01-10', 1, { skill: 'code-review' }),
            point('2026-01-20', 2, { skill: 'code-review' }),
            point('2026-01-20', 4, { skill: 'pci-checklist' }),
            point('2026-02-03', 8, { skill: 'code-review' }),
            point('2026-02-28', 16, {}),
            point('2026-03-01', 32, { skill: 'code-review' }),
          ],
          0,
        ),
      );
    });
    afterEach(() => knex.destroy());

    /** Cost by skill over a range, keyed by skill ('' for none). */
    const skills = async (filter: SpendFilter, from: string, to: string) =>
      byKey(await store.breakdown(filter, 'skill', from, to));
    const rollupRows = async () =>
      Number((await knex('spend_rollup_day').count({ n: '*' }))[0].n);

    it('folds the months that ended before the horizon, keeps days, totals and team rows', async () => {
      const rowsBefore = await rollupRows();
      // A report from 2026-01-15 counts only the days from then, before.
      expect(await skills({ user: ANA }, '2026-01-15', '2026-03-31')).toEqual({
        'code-review': 42,
        'pci-checklist': 4,
        '': 16,
      });

      const folded = await store.foldBreakdowns('2026-03-15', 1234);
      expect(folded.map(f => f.month)).toEqual(['2026-01', '2026-02']);
      expect(await store.foldedMonths()).toEqual({
        first: '2026-01',
        last: '2026-02',
      });
      expect(await knex('spend_rollup_folds').orderBy('month')).toEqual([
        expect.objectContaining({
          month: '2026-01',
          folded_at: expect.anything(),
        }),
        expect.objectContaining({ month: '2026-02' }),
      ]);
      const [jan] = folded;
      expect(jan.dayRows).toBeGreaterThan(jan.monthRows);

      // January counts whole now, as the month overlaps the range.
      expect(await skills({ user: ANA }, '2026-01-15', '2026-03-31')).toEqual({
        'code-review': 43,
        'pci-checklist': 4,
        '': 16,
      });
      // A range inside a folded month reads that month.
      expect(await skills({ repo: REPO }, '2026-02-01', '2026-02-10')).toEqual({
        'code-review': 8,
        '': 16,
      });
      // March is after the horizon's month: its days are kept apart.
      expect(
        await skills({ repos: [REPO] }, '2026-03-01', '2026-03-31'),
      ).toEqual({ 'code-review': 32 });
      // Daily totals are never folded.
      expect(
        (await store.days({ user: ANA }, '2026-01-01', '2026-03-31')).map(d => [
          d.date,
          d.totals.cost,
        ]),
      ).toEqual([
        ['2026-01-10', 1],
        ['2026-01-20', 6],
        ['2026-02-03', 8],
        ['2026-02-28', 16],
        ['2026-03-01', 32],
      ]);
      // Nor are the team's rows.
      expect(await skills({ team: TEAM }, '2026-01-15', '2026-03-31')).toEqual({
        'code-review': 42,
        'pci-checklist': 4,
        '': 16,
      });
      expect(
        (
          await store.keyDays(
            'skill',
            'code-review',
            '2026-01-01',
            '2026-01-31',
          )
        ).map(d => d.date),
      ).toEqual(['2026-01-10', '2026-01-20']);
      const rowsAfter = await rollupRows();
      expect(rowsBefore - rowsAfter).toBe(
        folded.reduce((n, f) => n + f.dayRows - f.monthRows, 0),
      );

      // Folding again changes nothing.
      expect(await store.foldBreakdowns('2026-03-15', 5678)).toEqual([]);
      expect(await skills({ user: ANA }, '2026-01-01', '2026-03-31')).toEqual({
        'code-review': 43,
        'pci-checklist': 4,
        '': 16,
      });
    });

    it('adds spend that arrives later for a folded month to the month', async () => {
      await store.foldBreakdowns('2026-02-15', 1);
      // e.g. after the window was widened: a new day row beside the month.
      await store.write(w =>
        w.insertPoints([point('2026-01-25', 64, { skill: 'code-review' })], 2),
      );
      expect(await skills({ user: ANA }, '2026-01-01', '2026-01-31')).toEqual({
        'code-review': 67,
        'pci-checklist': 4,
      });
      // It is not folded again, and still counted once.
      await store.foldBreakdowns('2026-03-15', 3);
      expect(await skills({ user: ANA }, '2026-01-01', '2026-01-31')).toEqual({
        'code-review': 67,
        'pci-checklist': 4,
      });
      expect(await store.foldedMonths()).toEqual({
        first: '2026-01',
        last: '2026-02',
      });
    });

    it('folds nothing before a month has ended before the horizon', async () => {
      expect(await store.foldBreakdowns('2026-01-31', 1)).toEqual([]);
      expect(await store.foldedMonths()).toBeUndefined();
    });
  },
);
