import { buildSpendReconciliation } from './reconciliation';
import { emptySpendTotals } from './report';

const totals = (cost: number) => ({ ...emptySpendTotals(), cost });

describe('buildSpendReconciliation', () => {
  it('lists each day of the range with both sources, what is counted, and the difference where both reported', () => {
    const result = buildSpendReconciliation({
      entityRef: 'group:default/payments',
      range: { from: '2026-11-20', to: '2026-11-22' },
      sources: [
        { date: '2026-11-20', source: 'otlp', cost: 3 },
        { date: '2026-11-20', source: 'admin-api', cost: 3.5 },
        { date: '2026-11-21', source: 'otlp', cost: 1.25 },
        { date: '2026-11-21', source: '', cost: 9 },
      ],
      counted: [
        { date: '2026-11-20', totals: totals(3.5) },
        { date: '2026-11-21', totals: totals(1.25) },
      ],
    });
    expect(result.days).toEqual([
      { date: '2026-11-20', otlp: 3, adminApi: 3.5, counted: 3.5, difference: 0.5 },
      { date: '2026-11-21', otlp: 1.25, adminApi: 0, counted: 1.25, difference: null },
      { date: '2026-11-22', otlp: 0, adminApi: 0, counted: 0, difference: null },
    ]);
    expect(result.totals).toEqual({ otlp: 4.25, adminApi: 3.5, counted: 4.75 });
    expect(result.rule).toMatch(/^Each user's day counts one source/);
  });
});
