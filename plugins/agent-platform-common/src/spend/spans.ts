/**
 * Day spans: aligned blocks of 1, 2, 4, ... 64 days in which per-team spend is
 * kept besides the daily rollup, so that a range of days is summed from a
 * handful of blocks instead of one row per day.
 *
 * A span of length 2^k days starts on a day whose number (days since
 * 1970-01-01) is a multiple of 2^k, and is named `YYYY-MM-DD/<length>`. Every
 * day lies in exactly one span of each length, so a write adds to
 * {@link SPEND_SPAN_LEVELS} spans; a range is covered exactly once by
 * {@link spendSpansOfRange}'s spans (at most two per length).
 */

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Span lengths are 2^0 ... 2^(SPEND_SPAN_LEVELS - 1) days.
 *
 * @public
 */
export const SPEND_SPAN_LEVELS = 7;

function dayNumber(day: string): number {
  const match = DATE.exec(day);
  if (!match) throw new Error(`Not a YYYY-MM-DD day: ${JSON.stringify(day)}`);
  return Date.UTC(+match[1], +match[2] - 1, +match[3]) / DAY_MS;
}

const dayOfNumber = (n: number) =>
  new Date(n * DAY_MS).toISOString().slice(0, 10);

const spanName = (start: number, length: number) =>
  `${dayOfNumber(start)}/${length}`;

/**
 * The spans a day lies in, one of each length (shortest first).
 *
 * @public
 */
export function spendSpansOfDay(day: string): string[] {
  const n = dayNumber(day);
  const spans: string[] = [];
  for (let level = 0; level < SPEND_SPAN_LEVELS; level++) {
    const length = 2 ** level;
    spans.push(spanName(Math.floor(n / length) * length, length));
  }
  return spans;
}

/**
 * The fewest spans that cover the days from `from` to `to` (inclusive), each
 * day once; empty when `to` is before `from`.
 *
 * @public
 */
export function spendSpansOfRange(from: string, to: string): string[] {
  const last = dayNumber(to);
  const spans: string[] = [];
  let n = dayNumber(from);
  while (n <= last) {
    let length = 2 ** (SPEND_SPAN_LEVELS - 1);
    while (length > 1 && (n % length !== 0 || n + length - 1 > last)) {
      length /= 2;
    }
    spans.push(spanName(n, length));
    n += length;
  }
  return spans;
}
