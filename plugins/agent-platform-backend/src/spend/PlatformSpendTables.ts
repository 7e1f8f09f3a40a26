import { LoggerService } from '@backstage/backend-plugin-api';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  PlatformSpendTable,
  SpendRange,
} from '@agent-platform/plugin-agent-platform-common';

/** Default of `agentPlatform.spend.platformTable.maxAgeSeconds`. */
export const DEFAULT_PLATFORM_TABLE_MAX_AGE_SECONDS = 60;
/** Default of `agentPlatform.spend.platformTable.maxRanges`. */
export const DEFAULT_PLATFORM_TABLE_MAX_RANGES = 16;

interface Computation {
  promise: Promise<PlatformSpendTable>;
  /** When it started: the table reads the rollups as of then. */
  startedAt: number;
  /** Spend was stored in this process after it started. */
  marked: boolean;
}

interface Entry {
  kept?: { table: PlatformSpendTable; startedAt: number; marked: boolean };
  running?: Computation;
  /** The last read's computation, for refreshing the range between reads. */
  compute?: () => Promise<PlatformSpendTable>;
  /** When the range was last read. */
  readAt: number;
}

/**
 * How long after its last read a range is kept fresh by
 * {@link PlatformSpendTables.refreshDue}, in multiples of the bound (10
 * minutes at the default 60 s).
 */
export const PLATFORM_TABLE_KEEP_WARM_BOUNDS = 10;

/**
 * The platform spend table (every team's spend over a range), computed once
 * per range and shared, like the governance snapshot:
 *
 * - concurrent reads of a range share one computation;
 * - a table is served while its computation started less than `maxAgeMs`
 *   ago, never longer: past that bound a read waits for a new computation.
 *   A read therefore sees every spend stored (by any instance) at least
 *   `maxAgeMs` before it;
 * - a table is refreshed in the background (the kept one served meanwhile)
 *   when read after half the bound, or, when spend was stored by this
 *   process after its computation started, after a quarter of it (so that a
 *   steady stream of ingestion does not recompute it back to back);
 * - `maxAgeMs` 0 keeps nothing: each read computes, sharing only a
 *   computation started in the same millisecond with no spend stored since;
 * - at most `maxRanges` ranges are kept, the least recently read dropped;
 * - {@link PlatformSpendTables.refreshDue}, run on a schedule, refreshes the
 *   ranges read within the last {@link PLATFORM_TABLE_KEEP_WARM_BOUNDS}
 *   bounds before they are due, so that a read between two reads minutes
 *   apart finds a kept table instead of waiting for a computation;
 * - a failed computation is never kept: the reads waiting for it fail, a
 *   failed background refresh is logged, and the next read computes again.
 *
 * The tables are shared between readers: never modify one.
 *
 * @public
 */
export class PlatformSpendTables {
  readonly #entries = new Map<string, Entry>();
  /** Each table as JSON, serialized once (2 MB for 2,000 teams). */
  readonly #json = new WeakMap<PlatformSpendTable, string>();
  /** Each table's JSON gzipped, compressed once (off the main thread). */
  readonly #gzipped = new WeakMap<PlatformSpendTable, Promise<Buffer>>();
  readonly #maxAgeMs: number;
  readonly #maxRanges: number;
  readonly #now: () => number;
  readonly #logger?: LoggerService;
  #computations = 0;

  constructor(options: {
    maxAgeMs: number;
    maxRanges?: number;
    now?: () => number;
    logger?: LoggerService;
  }) {
    if (!(options.maxAgeMs >= 0)) {
      throw new Error(
        `The platform table's maximum age must be at least 0, got ${options.maxAgeMs}`,
      );
    }
    this.#maxAgeMs = options.maxAgeMs;
    this.#maxRanges = Math.max(
      1,
      options.maxRanges ?? DEFAULT_PLATFORM_TABLE_MAX_RANGES,
    );
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger;
  }

  /** How many computations have started (for tests and benchmarks). */
  get computations(): number {
    return this.#computations;
  }

  /**
   * The table of a range: a kept one within the bound, a running
   * computation's, or a new computation's.
   */
  async get(
    range: SpendRange,
    compute: () => Promise<PlatformSpendTable>,
  ): Promise<PlatformSpendTable> {
    const key = `${range.from}..${range.to}`;
    const now = this.#now();
    let entry = this.#entries.get(key);
    if (entry) {
      // Least recently read first: read again, it goes last.
      this.#entries.delete(key);
    } else {
      entry = { readAt: now };
    }
    entry.readAt = now;
    entry.compute = compute;
    this.#entries.set(key, entry);
    this.#evict();

    const { kept, running } = entry;
    if (kept && now - kept.startedAt < this.#maxAgeMs) {
      if (!running && this.#due(kept, now)) {
        this.#refresh(key, entry, compute);
      }
      return kept.table;
    }
    if (
      running &&
      now - running.startedAt <= this.#maxAgeMs &&
      (this.#maxAgeMs > 0 || !running.marked)
    ) {
      return running.promise;
    }
    return this.#start(key, entry, compute);
  }

  /**
   * The table of a range as JSON (what `GET /spend/teams` sends), serialized
   * once per table rather than once per read.
   */
  async getJson(
    range: SpendRange,
    compute: () => Promise<PlatformSpendTable>,
  ): Promise<string> {
    return this.#jsonOf(await this.get(range, compute));
  }

  /**
   * {@link PlatformSpendTables.getJson} gzipped, compressed once per table
   * (in libuv's thread pool) rather than by the HTTP server on every read:
   * about a tenth of the bytes, and no compression on the request's path.
   */
  async getGzippedJson(
    range: SpendRange,
    compute: () => Promise<PlatformSpendTable>,
  ): Promise<Buffer> {
    const table = await this.get(range, compute);
    let gzipped = this.#gzipped.get(table);
    if (!gzipped) {
      gzipped = promisify(gzip)(this.#jsonOf(table));
      // A failed compression is not kept: the next read tries again.
      gzipped.catch(() => this.#gzipped.delete(table));
      this.#gzipped.set(table, gzipped);
    }
    return gzipped;
  }

  #jsonOf(table: PlatformSpendTable): string {
    let json = this.#json.get(table);
    if (json === undefined) {
      json = JSON.stringify(table);
      this.#json.set(table, json);
    }
    return json;
  }

  /**
   * Refreshes, and waits for, every kept table that a read would refresh now
   * (half the bound, or a quarter once spend was stored since) or that
   * would pass the bound before the next run (`withinMs`), for the ranges
   * read within the last {@link PLATFORM_TABLE_KEEP_WARM_BOUNDS} bounds. A
   * failed refresh is logged, never thrown: the next read computes again.
   * Answers how many refreshes it started.
   */
  async refreshDue(withinMs = 0): Promise<number> {
    if (this.#maxAgeMs <= 0) return 0;
    const now = this.#now();
    const started: Promise<unknown>[] = [];
    for (const [key, entry] of this.#entries) {
      const { kept, running, compute } = entry;
      if (!kept || running || !compute) continue;
      if (now - entry.readAt > this.#maxAgeMs * PLATFORM_TABLE_KEEP_WARM_BOUNDS)
        continue;
      if (!this.#due(kept, now, withinMs)) continue;
      started.push(this.#refresh(key, entry, compute));
    }
    await Promise.all(started);
    return started.length;
  }

  /**
   * Spend was stored by this process: kept tables and running computations
   * are marked, so that the next read refreshes them.
   */
  markStale(): void {
    for (const entry of this.#entries.values()) {
      if (entry.kept) entry.kept.marked = true;
      if (entry.running) entry.running.marked = true;
    }
  }

  /**
   * A kept table a read refreshes: past half the bound, or a quarter once
   * spend was stored since; or past the bound within `withinMs`.
   */
  #due(kept: NonNullable<Entry['kept']>, now: number, withinMs = 0): boolean {
    const age = now - kept.startedAt;
    return (
      age >= this.#maxAgeMs / 2 ||
      (kept.marked && age >= this.#maxAgeMs / 4) ||
      age + withinMs >= this.#maxAgeMs
    );
  }

  /** A refresh in the background: a failure is logged, never thrown. */
  #refresh(
    key: string,
    entry: Entry,
    compute: () => Promise<PlatformSpendTable>,
  ): Promise<unknown> {
    return this.#start(key, entry, compute).catch(error =>
      this.#logger?.warn(
        `Refreshing the platform spend table for ${key} failed; the next read computes it again`,
        error,
      ),
    );
  }

  #start(
    key: string,
    entry: Entry,
    compute: () => Promise<PlatformSpendTable>,
  ): Promise<PlatformSpendTable> {
    this.#computations += 1;
    const computation: Computation = {
      startedAt: this.#now(),
      marked: false,
      // Called at once; a synchronous throw becomes a rejection.
      promise: (async () => compute())(),
    };
    entry.running = computation;
    computation.promise.then(
      table => {
        if (entry.running === computation) entry.running = undefined;
        // Kept unless dropped meanwhile, or kept already from a later start.
        if (
          this.#maxAgeMs > 0 &&
          this.#entries.get(key) === entry &&
          (!entry.kept || entry.kept.startedAt <= computation.startedAt)
        ) {
          entry.kept = {
            table,
            startedAt: computation.startedAt,
            marked: computation.marked,
          };
        }
      },
      () => {
        if (entry.running === computation) entry.running = undefined;
      },
    );
    return computation.promise;
  }

  #evict() {
    while (this.#entries.size > this.#maxRanges) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}
