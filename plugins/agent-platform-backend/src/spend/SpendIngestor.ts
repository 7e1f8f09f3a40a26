import {
  attributeSpend,
  cumulativeStateKey,
  OtlpDecodeResult,
  samplesToSpendPoints,
  SPEND_MEASURES,
  SpendAttributionIndex,
  SpendIngestResult,
  SpendPoint,
} from '@agent-platform/plugin-agent-platform-common';
import { SpendCatalogIndex } from './SpendCatalogIndex';
import { AttributedSpendPoint, SpendStore, SpendWriter } from './SpendStore';

const MEASURES = new Set<string>(SPEND_MEASURES);
/** At most this many batches share a transaction. */
const MAX_GROUP = 64;

function add(target: Record<string, number>, reason: string, n: number) {
  if (n > 0) target[reason] = (target[reason] ?? 0) + n;
}

/**
 * Attributes spend points through the catalog and stores them: raw rows
 * (idempotent on the key) and rollups, in one transaction.
 *
 * @public
 */
export class SpendIngestor {
  readonly #store: SpendStore;
  readonly #index: SpendCatalogIndex;
  readonly #now: () => number;
  readonly #queue: Array<{
    decoded: OtlpDecodeResult;
    resolve: (result: SpendIngestResult) => void;
    reject: (error: unknown) => void;
  }> = [];
  #draining = false;

  readonly #maxAgeMs: number;
  readonly #maxFutureMs: number;
  readonly #onStored: () => void;

  constructor(options: {
    store: SpendStore;
    index: SpendCatalogIndex;
    now?: () => number;
    /** Points older than this are refused (the spend window). Default 90 days. */
    maxAgeMs?: number;
    /** Points further ahead than this are refused. Default 1 hour. */
    maxFutureMs?: number;
    /**
     * Called after each committed write transaction (the platform tables
     * mark themselves stale).
     */
    onStored?: () => void;
  }) {
    this.#onStored = options.onStored ?? (() => {});
    this.#store = options.store;
    this.#index = options.index;
    this.#now = options.now ?? Date.now;
    this.#maxAgeMs = options.maxAgeMs ?? 90 * 86_400_000;
    this.#maxFutureMs = options.maxFutureMs ?? 3_600_000;
  }

  /**
   * Attributes and stores delta points. Points with a value that is not a
   * finite number at least 0, an unknown measure or a bad timestamp are
   * ignored and counted (`bad-value`, `unknown-measure`, `bad-timestamp`), and
   * so are points outside the spend window (`timestamp-too-old`,
   * `timestamp-in-future`): their idempotency keys would not be kept.
   */
  async ingest(points: SpendPoint[]): Promise<SpendIngestResult> {
    const ignored: Record<string, number> = {};
    const valid = this.#check(points, ignored, this.#now());
    const attributed = await this.#attribute(valid);
    const now = this.#now();
    const { inserted, duplicates } = await this.#store.write(writer =>
      writer.insertPoints(attributed, now),
    );
    this.#onStored();
    return { accepted: inserted, duplicates, ignored };
  }

  /**
   * Stores decoded OTLP samples: cumulative series turned into deltas from
   * the shared series state, in the same transaction as the insert, so a
   * failed insert leaves the state as it was. Replays of cumulative points
   * already seen, and unchanged totals, count as duplicates.
   */
  async ingestOtlp(decoded: OtlpDecodeResult): Promise<SpendIngestResult> {
    if (!this.#store.singleWriter) {
      return this.#writeAlone(decoded);
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ decoded, resolve, reject });
      this.#drain();
    });
  }

  /**
   * Group commit, for a database with one writer (SQLite): batches that
   * arrive while a transaction runs are written together in the next one,
   * in arrival order, so that a burst of requests pays for one commit
   * instead of one each. When a group fails, its batches are written again
   * one transaction each, so that one bad batch fails alone.
   */
  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        // better-sqlite3 answers synchronously, so a transaction never
        // yields to I/O on its own: let the requests already received
        // reach the queue first (setImmediate runs after the poll phase).
        await new Promise(resolve => setImmediate(resolve));
        const group = this.#queue.splice(0, MAX_GROUP);
        try {
          // Read before the transaction (see #writeAlone).
          const index = await this.#index.get();
          const results = await this.#store.write(writer =>
            this.#writeOtlp(
              writer,
              index,
              group.map(g => g.decoded),
            ),
          );
          this.#onStored();
          group.forEach((g, i) => g.resolve(results[i]));
        } catch (error) {
          if (group.length === 1) {
            group[0].reject(error);
            continue;
          }
          // Written again one by one, so that only the bad batch fails.
          for (const g of group) {
            await this.#writeAlone(g.decoded).then(g.resolve, g.reject);
          }
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  /** Writes one decoded batch in a transaction of its own. */
  async #writeAlone(decoded: OtlpDecodeResult): Promise<SpendIngestResult> {
    // Read before the transaction: on SQLite the catalog may share the one
    // connection the transaction holds.
    const index = await this.#index.get();
    const [result] = await this.#store.write(writer =>
      this.#writeOtlp(writer, index, [decoded]),
    );
    this.#onStored();
    return result;
  }

  /**
   * Writes decoded batches in one transaction, one after the other: a
   * later batch sees the series state and keys of the earlier ones.
   */
  async #writeOtlp(
    writer: SpendWriter,
    index: SpendAttributionIndex,
    batches: OtlpDecodeResult[],
  ): Promise<SpendIngestResult[]> {
    const now = this.#now();
    const results: SpendIngestResult[] = [];
    for (const decoded of batches) {
      // Each series' state by attributes and start time, and as stored
      // before the start time was part of it (by attributes alone).
      const cumulative = [
        ...new Set(
          decoded.samples
            .filter(s => s.temporality === 'cumulative')
            .flatMap(s => [cumulativeStateKey(s), s.series]),
        ),
      ];
      const states = cumulative.length
        ? await writer.readSeries(cumulative)
        : new Map();
      const converted = samplesToSpendPoints(decoded.samples, states);
      await writer.writeSeries(converted.states, now);
      // The converted points are this call's own: attributed in place.
      const attributed = converted.points as AttributedSpendPoint[];
      for (const point of attributed) {
        const { team, user } = attributeSpend(point.attributes, index);
        point.team = team;
        point.user = user;
      }
      const stored = await writer.insertPoints(attributed, now);
      // A cumulative total seen again (a replay, or no change since the
      // last export) adds nothing: counted with the duplicates, not as
      // rejected.
      results.push({
        accepted: stored.inserted,
        duplicates: stored.duplicates + converted.replays + converted.unchanged,
        ignored: { ...decoded.ignored },
      });
    }
    return results;
  }

  #check(points: SpendPoint[], ignored: Record<string, number>, now: number) {
    return points.filter(p => {
      if (!MEASURES.has(p.measure)) {
        add(ignored, 'unknown-measure', 1);
        return false;
      }
      if (
        typeof p.value !== 'number' ||
        !Number.isFinite(p.value) ||
        p.value < 0
      ) {
        add(ignored, 'bad-value', 1);
        return false;
      }
      if (!Number.isSafeInteger(p.timestamp) || p.timestamp < 0) {
        add(ignored, 'bad-timestamp', 1);
        return false;
      }
      if (p.timestamp < now - this.#maxAgeMs) {
        add(ignored, 'timestamp-too-old', 1);
        return false;
      }
      if (p.timestamp > now + this.#maxFutureMs) {
        add(ignored, 'timestamp-in-future', 1);
        return false;
      }
      if (typeof p.key !== 'string' || p.key === '') {
        add(ignored, 'missing-key', 1);
        return false;
      }
      return true;
    });
  }

  async #attribute(points: SpendPoint[]): Promise<AttributedSpendPoint[]> {
    const index = await this.#index.get();
    return points.map(p => ({ ...p, ...attributeSpend(p.attributes, index) }));
  }
}
