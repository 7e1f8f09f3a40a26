import {
  buildSpendAttributionIndex,
  OtlpDecodeResult,
  OtlpSpendSample,
} from '@agent-platform/plugin-agent-platform-common';
import knexFactory, { Knex } from 'knex';
import { SpendCatalogIndex } from './SpendCatalogIndex';
import { SpendIngestor } from './SpendIngestor';
import {
  AttributedSpendPoint,
  DatabaseSpendStore,
  SpendStore,
} from './SpendStore';

const TIME = Date.parse('2026-11-21T10:00:00Z');

function sample(
  n: number,
  overrides: Partial<OtlpSpendSample> = {},
): OtlpSpendSample {
  const time = `${TIME + n * 1000}000000`;
  return {
    metric: 'claude_code.cost.usage',
    measure: 'cost',
    temporality: 'delta',
    series: `series-${n}`,
    startNanos: time,
    timeNanos: time,
    value: 1,
    attributes: { userEmail: 'amara.okafor@example.com' },
    ...overrides,
  };
}

const batch = (...samples: OtlpSpendSample[]): OtlpDecodeResult => ({
  samples,
  ignored: {},
  dataPoints: samples.length,
  errors: [],
});

describe('SpendIngestor on SQLite (group commit)', () => {
  let knex: Knex;
  let store: SpendStore;
  let ingestor: SpendIngestor;

  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    store = await DatabaseSpendStore.create({
      database: { getClient: async () => knex },
    });
    const index = buildSpendAttributionIndex([]);
    ingestor = new SpendIngestor({
      store,
      index: { get: async () => index } as unknown as SpendCatalogIndex,
    });
  });

  afterEach(() => knex.destroy());

  const storedCost = async () =>
    Number((await knex('spend_points').sum({ s: 'value' }))[0].s ?? 0);

  it('writes batches that arrive together in one transaction, each answered as if alone, in order', async () => {
    const transaction = jest.spyOn(store, 'write');
    const cumulative = (n: number, value: number) =>
      sample(n, {
        temporality: 'cumulative',
        series: 'running-total',
        startNanos: `${TIME}000000`,
        value,
      });
    const results = await Promise.all([
      ingestor.ingestOtlp(batch(sample(1), sample(2))),
      ingestor.ingestOtlp(batch(sample(2), sample(3))), // 2 again
      ingestor.ingestOtlp(batch(cumulative(4, 5))),
      ingestor.ingestOtlp(batch(cumulative(5, 8))), // sees the total of 5
      ingestor.ingestOtlp(batch(sample(1))), // 1 again
    ]);
    expect(results).toEqual([
      { accepted: 2, duplicates: 0, ignored: {} },
      { accepted: 1, duplicates: 1, ignored: {} },
      { accepted: 1, duplicates: 0, ignored: {} },
      { accepted: 1, duplicates: 0, ignored: {} },
      { accepted: 0, duplicates: 1, ignored: {} },
    ]);
    // 1 + 1 + 1 (samples 1-3) + 5 + 3 (the cumulative deltas)
    expect(await storedCost()).toBe(11);
    expect(transaction).toHaveBeenCalledTimes(1);
  });

  /** Makes the store's writers fail inserts that `fail` returns an error for. */
  const failInserts = (fail: (points: AttributedSpendPoint[]) => Error | undefined) => {
    const write = store.write.bind(store);
    return jest.spyOn(store, 'write').mockImplementation(fn =>
      write(writer =>
        fn({
          readSeries: series => writer.readSeries(series),
          writeSeries: (states, now) => writer.writeSeries(states, now),
          insertPoints: async (points, now) => {
            const error = fail(points);
            if (error) throw error;
            return writer.insertPoints(points, now);
          },
        }),
      ),
    );
  };

  it('writes a failing group again one batch per transaction, so only the bad batch fails', async () => {
    failInserts(points =>
      points.some(p => p.attributes.repo === 'poison')
        ? new Error('disk I/O error')
        : undefined,
    );
    const results = await Promise.allSettled([
      ingestor.ingestOtlp(batch(sample(1))),
      ingestor.ingestOtlp(
        batch(sample(2, { attributes: { repo: 'poison' } }), sample(3)),
      ),
      ingestor.ingestOtlp(batch(sample(4))),
    ]);
    expect(results).toEqual([
      {
        status: 'fulfilled',
        value: { accepted: 1, duplicates: 0, ignored: {} },
      },
      { status: 'rejected', reason: new Error('disk I/O error') },
      {
        status: 'fulfilled',
        value: { accepted: 1, duplicates: 0, ignored: {} },
      },
    ]);
    // Samples 1 and 4 once; nothing of the failed batch (not even sample 3).
    expect(await storedCost()).toBe(2);
    expect(
      await knex('spend_points').orderBy('ts').pluck('ts'),
    ).toEqual([TIME + 1000, TIME + 4000]);
  });

  it('keeps accepting after a failure', async () => {
    let failures = 1;
    failInserts(() =>
      failures-- > 0 ? new Error('database is locked') : undefined,
    );
    await expect(ingestor.ingestOtlp(batch(sample(1)))).rejects.toThrow(
      'database is locked',
    );
    await expect(ingestor.ingestOtlp(batch(sample(1)))).resolves.toEqual({
      accepted: 1,
      duplicates: 0,
      ignored: {},
    });
  });
});
