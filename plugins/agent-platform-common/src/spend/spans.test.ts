import { addDays } from './report';
import { SPEND_SPAN_LEVELS, spendSpansOfDay, spendSpansOfRange } from './spans';

/** The days a span covers. */
function daysOf(span: string): string[] {
  const [start, length] = span.split('/');
  return Array.from({ length: Number(length) }, (_, i) => addDays(start, i));
}

describe('spend spans', () => {
  it('puts a day in one span of each length, aligned on day numbers', () => {
    // 2026-12-06 is day 20,793 since 1970-01-01.
    expect(spendSpansOfDay('2026-12-06')).toEqual([
      '2026-12-06/1',
      '2026-12-05/2',
      '2026-12-05/4',
      '2026-12-05/8',
      '2026-11-27/16',
      '2026-11-11/32',
      '2026-10-10/64',
    ]);
    expect(spendSpansOfDay('1970-01-01')).toEqual(
      Array.from(
        { length: SPEND_SPAN_LEVELS },
        (_, i) => `1970-01-01/${2 ** i}`,
      ),
    );
  });

  it('covers every range each day exactly once, with few spans', () => {
    const start = '2025-01-01';
    for (let offset = 0; offset < 70; offset += 3) {
      for (const length of [1, 2, 7, 28, 30, 31, 90, 365]) {
        const from = addDays(start, offset);
        const to = addDays(from, length - 1);
        const spans = spendSpansOfRange(from, to);
        const covered = spans.flatMap(daysOf);
        const expected = Array.from({ length }, (_, i) => addDays(from, i));
        expect(covered).toEqual(expected);
        // Every span is one the day writes add to.
        for (const span of spans) {
          expect(spendSpansOfDay(span.split('/')[0])).toContain(span);
        }
        expect(spans.length).toBeLessThanOrEqual(
          2 * SPEND_SPAN_LEVELS + Math.floor(length / 64),
        );
      }
    }
    expect(spendSpansOfRange('2026-12-06', '2026-12-05')).toEqual([]);
  });

  it('names what is not a day', () => {
    expect(() => spendSpansOfRange('2026-13', '2026-12-01')).toThrow(
      'Not a YYYY-MM-DD day: "2026-13"',
    );
  });
});
