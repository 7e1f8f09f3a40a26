import { foldedBreakdownRange, monthsOf } from './folds';

describe('foldedBreakdownRange', () => {
  it('is undefined when nothing is folded or the range starts after the folded months', () => {
    const range = { from: '2026-09-08', to: '2026-12-06' };
    expect(foldedBreakdownRange(range, undefined)).toBeUndefined();
    expect(
      foldedBreakdownRange(range, { first: '2026-01', last: '2026-08' }),
    ).toBeUndefined();
  });

  it('widens to the whole folded month the range starts in', () => {
    expect(
      foldedBreakdownRange(
        { from: '2025-12-07', to: '2026-12-06' },
        { first: '2025-11', last: '2026-08' },
      ),
    ).toEqual({ from: '2025-12-01', to: '2026-12-06' });
  });

  it('does not widen to a month before the first folded one, which held no spend', () => {
    expect(
      foldedBreakdownRange(
        { from: '2025-12-08', to: '2026-12-06' },
        { first: '2026-08', last: '2026-08' },
      ),
    ).toBeUndefined();
  });

  it('is undefined when the range starts on the first day of a folded month', () => {
    expect(
      foldedBreakdownRange(
        { from: '2026-03-01', to: '2026-12-06' },
        { first: '2026-01', last: '2026-08' },
      ),
    ).toBeUndefined();
  });

  it('widens to the end of a folded month the range ends in, leap years included', () => {
    expect(
      foldedBreakdownRange(
        { from: '2024-02-10', to: '2024-02-20' },
        { first: '2024-01', last: '2024-12' },
      ),
    ).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(
      foldedBreakdownRange(
        { from: '2025-12-01', to: '2025-12-15' },
        { first: '2025-12', last: '2025-12' },
      ),
    ).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });
});

describe('monthsOf', () => {
  it('lists the months a range overlaps, across a year', () => {
    expect(monthsOf({ from: '2025-11-20', to: '2026-02-01' })).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(monthsOf({ from: '2026-03-05', to: '2026-03-06' })).toEqual([
      '2026-03',
    ]);
  });
});
