import {
  attributeSpend,
  OtlpDecodeResult,
  samplesToSpendPoints,
  SPEND_MEASURES,
  SpendIngestResult,
  SpendPoint,
} from '@agent-platform/plugin-agent-platform-common';
import { SpendCatalogIndex } from './SpendCatalogIndex';
import { AttributedSpendPoint, SpendStore } from './SpendStore';

const MEASURES = new Set<string>(SPEND_MEASURES);

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

  constructor(options: {
    store: SpendStore;
    index: SpendCatalogIndex;
    now?: () => number;
  }) {
    this.#store = options.store;
    this.#index = options.index;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Attributes and stores delta points. Points with a value that is not a
   * finite number at least 0, an unknown measure or a bad timestamp are
   * ignored and counted (`bad-value`, `unknown-measure`, `bad-timestamp`).
   */
  async ingest(points: SpendPoint[]): Promise<SpendIngestResult> {
    const ignored: Record<string, number> = {};
    const valid = this.#check(points, ignored);
    const attributed = await this.#attribute(valid);
    const now = this.#now();
    const { inserted, duplicates } = await this.#store.transaction(trx =>
      this.#store.insertPoints(trx, attributed, now),
    );
    return { accepted: inserted, duplicates, ignored };
  }

  /**
   * Stores decoded OTLP samples: cumulative series turned into deltas from
   * the shared series state, in the same transaction as the insert, so a
   * failed insert leaves the state as it was. Replays of cumulative points
   * already seen, and unchanged totals, count as duplicates.
   */
  async ingestOtlp(decoded: OtlpDecodeResult): Promise<SpendIngestResult> {
    const ignored: Record<string, number> = { ...decoded.ignored };
    const now = this.#now();
    const index = await this.#index.get();
    const cumulative = [
      ...new Set(
        decoded.samples
          .filter(s => s.temporality === 'cumulative')
          .map(s => s.series),
      ),
    ];
    const result = await this.#store.transaction(async trx => {
      const states = cumulative.length
        ? await this.#store.readSeries(trx, cumulative)
        : new Map();
      const converted = samplesToSpendPoints(decoded.samples, states);
      await this.#store.writeSeries(trx, converted.states, now);
      const attributed = converted.points.map(p => ({
        ...p,
        ...attributeSpend(p.attributes, index),
      }));
      const stored = await this.#store.insertPoints(trx, attributed, now);
      return { ...stored, converted };
    });
    // A cumulative total seen again (a replay, or no change since the last
    // export) adds nothing: counted with the duplicates, not as rejected.
    return {
      accepted: result.inserted,
      duplicates:
        result.duplicates +
        result.converted.replays +
        result.converted.unchanged,
      ignored,
    };
  }

  #check(points: SpendPoint[], ignored: Record<string, number>) {
    return points.filter(p => {
      if (!MEASURES.has(p.measure)) {
        add(ignored, 'unknown-measure', 1);
        return false;
      }
      if (typeof p.value !== 'number' || !Number.isFinite(p.value) || p.value < 0) {
        add(ignored, 'bad-value', 1);
        return false;
      }
      if (!Number.isSafeInteger(p.timestamp) || p.timestamp < 0) {
        add(ignored, 'bad-timestamp', 1);
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
