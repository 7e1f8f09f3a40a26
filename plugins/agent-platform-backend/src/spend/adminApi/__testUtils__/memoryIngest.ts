import {
  SpendIngestResult,
  SpendPoint,
} from '@agent-platform/plugin-agent-platform-common';

/**
 * An in-memory ingestor with the store's idempotency rule (a key already
 * stored counts as a duplicate), for tests of the sources in front of it.
 */
export function memoryIngest() {
  const stored = new Map<string, SpendPoint>();
  const calls: number[] = [];
  const ingest = async (points: SpendPoint[]): Promise<SpendIngestResult> => {
    calls.push(points.length);
    let accepted = 0;
    let duplicates = 0;
    for (const point of points) {
      if (stored.has(point.key)) {
        duplicates++;
      } else {
        stored.set(point.key, point);
        accepted++;
      }
    }
    return { accepted, duplicates, ignored: {} };
  };
  const total = (measure: string) =>
    [...stored.values()]
      .filter(p => p.measure === measure)
      .reduce((sum, p) => sum + p.value, 0);
  return { ingest, stored, calls, total };
}
