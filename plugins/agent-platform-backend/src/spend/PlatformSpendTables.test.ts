import { mockServices } from '@backstage/backend-test-utils';
import { PlatformSpendTable } from '@agent-platform/plugin-agent-platform-common';
import { gunzipSync } from 'node:zlib';
import { PlatformSpendTables } from './PlatformSpendTables';

const RANGE = { from: '2026-11-01', to: '2026-11-30' };

/** A table told apart by its number. */
const table = (n: number) => ({ n } as unknown as PlatformSpendTable);

/** A computation that answers when told to. */
function deferred() {
  let resolve!: (table: PlatformSpendTable) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<PlatformSpendTable>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets settled promises' callbacks run. */
const flush = () => new Promise(resolve => setImmediate(resolve));

function setUp(maxAgeMs = 60_000, maxRanges?: number) {
  let now = 1_000_000;
  const logger = mockServices.logger.mock();
  const tables = new PlatformSpendTables({
    maxAgeMs,
    maxRanges,
    now: () => now,
    logger,
  });
  let n = 0;
  const compute = jest.fn(async () => table(++n));
  return {
    tables,
    compute,
    logger,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('PlatformSpendTables', () => {
  it('refreshes the ranges read recently before they are due, so a later read does not wait', async () => {
    const { tables, compute, advance, logger } = setUp(60_000);
    const other = { from: '2026-10-01', to: '2026-10-31' };
    const first = await tables.get(RANGE, compute);
    await tables.get(other, compute);
    expect(compute).toHaveBeenCalledTimes(2);
    // Not due yet: nothing to do.
    advance(10_000);
    expect(await tables.refreshDue()).toBe(0);
    // Due within the next run (15 s): refreshed now, both ranges.
    advance(40_000);
    expect(await tables.refreshDue(15_000)).toBe(2);
    expect(compute).toHaveBeenCalledTimes(4);
    // A read a bound after the first computation gets the refreshed table
    // without waiting for a computation of its own.
    advance(15_000);
    const later = await tables.get(RANGE, compute);
    expect(later).not.toBe(first);
    expect(compute).toHaveBeenCalledTimes(4);
    // A range nobody read for ten bounds is left to its next read.
    advance(10 * 60_000 + 1);
    expect(await tables.refreshDue(15_000)).toBe(0);
    // A failed refresh is logged, not thrown; the kept table stays until due.
    await tables.get(RANGE, async () => table(99));
    const failing = jest.fn(async (): Promise<PlatformSpendTable> => {
      throw new Error('database gone');
    });
    await tables.get(RANGE, failing);
    advance(30_000);
    expect(await tables.refreshDue()).toBe(1);
    expect(failing).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Refreshing the platform spend table'),
      expect.any(Error),
    );
  });

  it('refreshes nothing with a bound of 0', async () => {
    const { tables, compute } = setUp(0);
    await tables.get(RANGE, compute);
    expect(await tables.refreshDue(60_000)).toBe(0);
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('serializes and gzips a kept table once, and again only for a new table', async () => {
    const { tables, compute, advance } = setUp(60_000);
    const first = await tables.getGzippedJson(RANGE, compute);
    expect(JSON.parse(gunzipSync(first).toString('utf8'))).toEqual({ n: 1 });
    expect(await tables.getJson(RANGE, compute)).toBe('{"n":1}');
    // The same bytes for every read of the kept table: compressed once.
    expect(await tables.getGzippedJson(RANGE, compute)).toBe(first);
    expect(compute).toHaveBeenCalledTimes(1);
    // Past the bound, a new table and new bytes.
    advance(60_001);
    const second = await tables.getGzippedJson(RANGE, compute);
    expect(second).not.toBe(first);
    expect(JSON.parse(gunzipSync(second).toString('utf8'))).toEqual({ n: 2 });
  });

  it('shares one computation between concurrent reads of a range', async () => {
    const { tables } = setUp();
    const running = deferred();
    const compute = jest.fn(() => running.promise);
    const reads = Array.from({ length: 20 }, () => tables.get(RANGE, compute));
    running.resolve(table(1));
    const results = await Promise.all(reads);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(results.every(r => r === results[0])).toBe(true);
    // And kept: a read within the bound computes nothing.
    await flush();
    expect(await tables.get(RANGE, compute)).toBe(results[0]);
    expect(compute).toHaveBeenCalledTimes(1);
    // Another range is another computation.
    await tables.get({ from: '2026-10-01', to: '2026-10-31' }, compute);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('serves a kept table before half the bound, refreshes it in the background after, and waits beyond the bound', async () => {
    const { tables, compute, advance } = setUp(60_000);
    expect(await tables.get(RANGE, compute)).toEqual(table(1));
    await flush();
    advance(29_000);
    expect(await tables.get(RANGE, compute)).toEqual(table(1));
    expect(compute).toHaveBeenCalledTimes(1);
    // Stale: served, and refreshed meanwhile.
    advance(2_000);
    expect(await tables.get(RANGE, compute)).toEqual(table(1));
    expect(compute).toHaveBeenCalledTimes(2);
    await flush();
    expect(await tables.get(RANGE, compute)).toEqual(table(2));
    // Never older than the bound: the read waits for a new computation.
    advance(60_000);
    expect(await tables.get(RANGE, compute)).toEqual(table(3));
    expect(compute).toHaveBeenCalledTimes(3);
  });

  it('does not serve a table past the bound even while its refresh runs', async () => {
    const { tables, advance } = setUp(60_000);
    const first = jest.fn(async () => table(1));
    await tables.get(RANGE, first);
    await flush();
    // A slow background refresh starts at 40 s ...
    const slow = deferred();
    advance(40_000);
    expect(await tables.get(RANGE, () => slow.promise)).toEqual(table(1));
    // ... and is still running at 61 s: it started within the bound, so the
    // read waits for it rather than for the table 61 s old.
    advance(21_000);
    const waiting = tables.get(RANGE, async () => table(99));
    slow.resolve(table(2));
    expect(await waiting).toEqual(table(2));
    // At 101 s the running computation would be too old: a new one.
    await flush();
    advance(40_000);
    expect(await tables.get(RANGE, async () => table(3))).toEqual(table(3));
  });

  it('never keeps a failed computation: the waiting reads fail and the next read computes again', async () => {
    const { tables, advance, logger } = setUp(60_000);
    const failing = jest.fn(async (): Promise<PlatformSpendTable> => {
      throw new Error('database gone');
    });
    const reads = [tables.get(RANGE, failing), tables.get(RANGE, failing)];
    await expect(reads[0]).rejects.toThrow('database gone');
    await expect(reads[1]).rejects.toThrow('database gone');
    expect(failing).toHaveBeenCalledTimes(1);
    await flush();
    expect(await tables.get(RANGE, async () => table(1))).toEqual(table(1));
    await flush();

    // A failed background refresh is logged; the kept table is served
    // within the bound and the next read refreshes again.
    advance(31_000);
    expect(await tables.get(RANGE, failing)).toEqual(table(1));
    await flush();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Refreshing the platform spend table for 2026-11-01..2026-11-30 failed',
      ),
      expect.any(Error),
    );
    expect(await tables.get(RANGE, async () => table(2))).toEqual(table(1));
    await flush();
    expect(await tables.get(RANGE, failing)).toEqual(table(2));
    expect(failing).toHaveBeenCalledTimes(2);
  });

  it('refreshes after a quarter of the bound once this process has stored spend', async () => {
    const { tables, compute, advance } = setUp(60_000);
    await tables.get(RANGE, compute);
    await flush();
    tables.markStale();
    // Not back to back: within a quarter of the bound the kept one is served.
    advance(14_000);
    expect(await tables.get(RANGE, compute)).toEqual(table(1));
    expect(compute).toHaveBeenCalledTimes(1);
    advance(1_000);
    expect(await tables.get(RANGE, compute)).toEqual(table(1));
    expect(compute).toHaveBeenCalledTimes(2);
    await flush();
    expect(await tables.get(RANGE, compute)).toEqual(table(2));
  });

  it('with a bound of 0 keeps nothing and never joins a computation that spend was stored during', async () => {
    const { tables, compute, advance } = setUp(0);
    expect(await tables.get(RANGE, compute)).toEqual(table(1));
    await flush();
    expect(await tables.get(RANGE, compute)).toEqual(table(2));
    // Concurrent reads in the same millisecond share ...
    const running = deferred();
    const slow = jest.fn(() => running.promise);
    const a = tables.get(RANGE, slow);
    const b = tables.get(RANGE, slow);
    expect(slow).toHaveBeenCalledTimes(1);
    // ... unless spend was stored since the computation started.
    tables.markStale();
    const c = tables.get(RANGE, compute);
    running.resolve(table(10));
    expect([await a, await b, await c]).toEqual([
      table(10),
      table(10),
      table(3),
    ]);
    advance(1);
    expect(await tables.get(RANGE, compute)).toEqual(table(4));
  });

  it('keeps at most maxRanges ranges, dropping the least recently read', async () => {
    const { tables, compute } = setUp(60_000, 2);
    const range = (day: string) => ({ from: day, to: day });
    await tables.get(range('2026-11-01'), compute); // 1
    await tables.get(range('2026-11-02'), compute); // 2
    await flush();
    await tables.get(range('2026-11-01'), compute); // kept
    await tables.get(range('2026-11-03'), compute); // 3, drops 11-02
    await flush();
    expect(compute).toHaveBeenCalledTimes(3);
    expect(await tables.get(range('2026-11-01'), compute)).toEqual(table(1));
    expect(await tables.get(range('2026-11-02'), compute)).toEqual(table(4));
    expect(compute).toHaveBeenCalledTimes(4);
  });

  it('refuses a negative bound', () => {
    expect(() => new PlatformSpendTables({ maxAgeMs: -1 })).toThrow(
      "The platform table's maximum age must be at least 0, got -1",
    );
  });
});
