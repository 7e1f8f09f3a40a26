import { addDays, daysOf, roundUsd, SpendRange } from './report';

/**
 * How daily spend is judged against a team's own history: the median of the
 * trailing `windowDays` days before the day (days without spend count as
 * $0), and its spread, the median absolute deviation scaled by 1.4826 (so
 * that it estimates a standard deviation for normal data). A day is flagged
 * when its cost exceeds `median + k * spread`, with the spread at least
 * `minSpreadRatio` of the median and at least `minSpreadUsd` (so that a flat
 * or sparse history does not flag every cent), and the cost is at least
 * `minCostUsd`, and the window holds at least `minHistoryDays` days with
 * spend.
 *
 * @public
 */
export interface SpendAnomalyMethod {
  name: 'trailing-median-mad';
  windowDays: number;
  k: number;
  minSpreadRatio: number;
  minSpreadUsd: number;
  minCostUsd: number;
  minHistoryDays: number;
}

/**
 * The parameters used by default.
 *
 * @public
 */
export const DEFAULT_SPEND_ANOMALY_METHOD: SpendAnomalyMethod = {
  name: 'trailing-median-mad',
  windowDays: 28,
  k: 4,
  minSpreadRatio: 0.25,
  minSpreadUsd: 1,
  minCostUsd: 5,
  minHistoryDays: 14,
};

/**
 * A day whose spend is far above the team's own trailing baseline.
 *
 * @public
 */
export interface SpendAnomaly {
  date: string;
  cost: number;
  /** The trailing median. */
  baseline: number;
  /** The cost above which the day is flagged. */
  threshold: number;
  /** (cost - baseline) / spread. */
  score: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The anomalous days of a range, by {@link SpendAnomalyMethod}.
 *
 * @param costByDate - daily cost, covering at least `windowDays` before the
 *   range (missing days count as $0)
 * @public
 */
export function findSpendAnomalies(
  costByDate: ReadonlyMap<string, number>,
  range: SpendRange,
  method: SpendAnomalyMethod = DEFAULT_SPEND_ANOMALY_METHOD,
): SpendAnomaly[] {
  const anomalies: SpendAnomaly[] = [];
  // The range and the window before it, as one series of daily costs; the
  // window of the day at index i is the windowDays entries before it.
  const days = daysOf({
    from: addDays(range.from, -method.windowDays),
    to: range.to,
  });
  const costs = days.map(d => costByDate.get(d) ?? 0);
  for (let i = method.windowDays; i < days.length; i++) {
    const date = days[i];
    const cost = costs[i];
    if (cost < method.minCostUsd) continue;
    const window = costs.slice(i - method.windowDays, i);
    if (window.filter(c => c > 0).length < method.minHistoryDays) continue;
    const baseline = median(window);
    const mad = median(window.map(c => Math.abs(c - baseline)));
    const spread = Math.max(
      1.4826 * mad,
      method.minSpreadRatio * baseline,
      method.minSpreadUsd,
    );
    const threshold = baseline + method.k * spread;
    if (cost > threshold) {
      anomalies.push({
        date,
        cost: roundUsd(cost),
        baseline: roundUsd(baseline),
        threshold: roundUsd(threshold),
        score: Math.round(((cost - baseline) / spread) * 100) / 100,
      });
    }
  }
  return anomalies;
}
