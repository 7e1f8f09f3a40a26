import { OtlpSpendSample } from './otlp';
import { SpendPoint } from './points';

/** `BigInt`, under a name the linter's new-cap rule accepts. */
const toBigInt = BigInt;

/**
 * What is remembered of a cumulative series: the last running total and the
 * interval it covered.
 *
 * @public
 */
export interface CumulativeSeriesState {
  /** `startTimeUnixNano` of the series, as a decimal string. */
  startNanos: string;
  /** `timeUnixNano` of the last data point seen. */
  timeNanos: string;
  /** The running total at `timeNanos`. */
  value: number;
}

/**
 * The outcome of one cumulative data point.
 *
 * @public
 */
export interface CumulativeStep {
  /** The series state after the point. */
  state: CumulativeSeriesState;
  /**
   * The delta the point adds, over `[fromNanos, timeNanos]`; null when it adds
   * nothing (a replay of a point already seen, or an unchanged total).
   */
  delta: { value: number; fromNanos: string; timeNanos: string } | null;
  /** `replay` for a point not newer than the last one seen; `unchanged` for the same total. */
  skipped?: 'replay' | 'unchanged';
}

const later = (a: string, b: string) => toBigInt(a) > toBigInt(b);

/**
 * Turns one data point of a cumulative series into a delta, given what was
 * remembered of the series.
 *
 * - First point of a series: its whole total, over `[start, time]`.
 * - A newer point with the same start and a total at least the last one: the
 *   difference, over `[last time, time]`.
 * - A newer point with a different start or a lower total: the series was
 *   reset (the process restarted): a new series whose whole total counts.
 * - A point not newer than the last one seen: a replay (a retried batch), no delta.
 *
 * @public
 */
export function cumulativeToDelta(
  previous: CumulativeSeriesState | undefined,
  point: { startNanos: string; timeNanos: string; value: number },
): CumulativeStep {
  const state: CumulativeSeriesState = {
    startNanos: point.startNanos,
    timeNanos: point.timeNanos,
    value: point.value,
  };
  if (!previous) {
    return {
      state,
      delta: {
        value: point.value,
        fromNanos: point.startNanos,
        timeNanos: point.timeNanos,
      },
    };
  }
  if (!later(point.timeNanos, previous.timeNanos)) {
    return { state: previous, delta: null, skipped: 'replay' };
  }
  const reset =
    point.startNanos !== previous.startNanos || point.value < previous.value;
  if (reset) {
    return {
      state,
      delta: {
        value: point.value,
        fromNanos: point.startNanos,
        timeNanos: point.timeNanos,
      },
    };
  }
  const value = point.value - previous.value;
  if (value === 0) return { state, delta: null, skipped: 'unchanged' };
  return {
    state,
    delta: { value, fromNanos: previous.timeNanos, timeNanos: point.timeNanos },
  };
}

/**
 * The result of {@link samplesToSpendPoints}.
 *
 * @public
 */
export interface SamplesToPointsResult {
  points: SpendPoint[];
  /** The states of the cumulative series touched (only those). */
  states: Map<string, CumulativeSeriesState>;
  /** Cumulative points that were replays of points already seen. */
  replays: number;
  /** Cumulative points whose total did not change. */
  unchanged: number;
}

/**
 * The identity of a cumulative series' state: its attributes and its start
 * time. Two processes with the same attributes (two SDKs on one machine) have
 * different start times, so each keeps its own running total.
 *
 * @public
 */
export function cumulativeStateKey(sample: {
  series: string;
  startNanos: string;
}): string {
  return `${sample.series}\u0000${sample.startNanos}`;
}

/**
 * A state remembered under the series alone (before states were keyed by
 * start time too) still applies to the point when its start is the same.
 */
function rememberedState(
  states: ReadonlyMap<string, CumulativeSeriesState>,
  sample: OtlpSpendSample,
): CumulativeSeriesState | undefined {
  const state = states.get(cumulativeStateKey(sample));
  if (state) return state;
  const legacy = states.get(sample.series);
  return legacy?.startNanos === sample.startNanos ? legacy : undefined;
}

function nanosToMs(nanos: string): number {
  return Number(toBigInt(nanos) / 1_000_000n);
}

/**
 * Turns validated OTLP samples into spend points: delta samples as they are,
 * cumulative samples through {@link cumulativeToDelta} in time order per
 * series and start time, starting from `states` (the remembered series, by
 * {@link cumulativeStateKey}, or by series alone as stored before; not
 * modified).
 *
 * The idempotency key of a point is its series, start and interval, so the
 * same measurement always gets the same key.
 *
 * @public
 */
export function samplesToSpendPoints(
  samples: OtlpSpendSample[],
  states: ReadonlyMap<string, CumulativeSeriesState>,
): SamplesToPointsResult {
  const points: SpendPoint[] = [];
  const touched = new Map<string, CumulativeSeriesState>();
  let replays = 0;
  let unchanged = 0;
  const cumulative: OtlpSpendSample[] = [];
  for (const sample of samples) {
    if (sample.temporality === 'cumulative') {
      cumulative.push(sample);
      continue;
    }
    points.push({
      key: `otlp|${sample.series}|${sample.startNanos}|${sample.timeNanos}`,
      source: 'otlp',
      measure: sample.measure,
      value: sample.value,
      timestamp: nanosToMs(sample.timeNanos),
      attributes: sample.attributes,
    });
  }
  const keyOf = new Map(cumulative.map(c => [c, cumulativeStateKey(c)]));
  cumulative.sort((a, b) => {
    const ka = keyOf.get(a)!;
    const kb = keyOf.get(b)!;
    if (ka !== kb) return ka < kb ? -1 : 1;
    const ta = toBigInt(a.timeNanos);
    const tb = toBigInt(b.timeNanos);
    if (ta === tb) return 0;
    return ta < tb ? -1 : 1;
  });
  for (const sample of cumulative) {
    const key = keyOf.get(sample)!;
    const step = cumulativeToDelta(
      touched.get(key) ?? rememberedState(states, sample),
      sample,
    );
    touched.set(key, step.state);
    if (step.skipped === 'replay') replays++;
    if (step.skipped === 'unchanged') unchanged++;
    if (!step.delta) continue;
    // A first total keeps the key it always had; a difference names the
    // series' start too, so that two senders exporting at the same instant
    // do not share keys.
    const from =
      step.delta.fromNanos === sample.startNanos
        ? step.delta.fromNanos
        : `${sample.startNanos}>${step.delta.fromNanos}`;
    points.push({
      key: `otlp|${sample.series}|${from}|${step.delta.timeNanos}`,
      source: 'otlp',
      measure: sample.measure,
      value: step.delta.value,
      timestamp: nanosToMs(step.delta.timeNanos),
      attributes: sample.attributes,
    });
  }
  return { points, states: touched, replays, unchanged };
}
