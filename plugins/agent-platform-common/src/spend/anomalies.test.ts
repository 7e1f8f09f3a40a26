import { findSpendAnomalies } from './anomalies';
import { addDays, daysOf } from './report';

const history = (to: string, cost: (i: number) => number) =>
  new Map(daysOf({ from: addDays(to, -40), to }).map((d, i) => [d, cost(i)]));

describe('findSpendAnomalies (trailing 28-day median + 4 x scaled MAD)', () => {
  it('flags a day far above the team\'s own baseline, and not the ordinary days around it', () => {
    // About $100 a day, +-10; then $400 on the last day.
    const costs = history('2026-12-05', i => 100 + ((i * 7) % 21) - 10);
    costs.set('2026-12-05', 400);
    const anomalies = findSpendAnomalies(costs, { from: '2026-11-22', to: '2026-12-05' });
    expect(anomalies.map(a => a.date)).toEqual(['2026-12-05']);
    expect(anomalies[0].baseline).toBeGreaterThan(95);
    expect(anomalies[0].threshold).toBeLessThan(400);
  });

  it('judges each team against its own scale: $400 is normal for a team that spends $380 a day', () => {
    const costs = history('2026-12-05', i => 380 + ((i * 7) % 21) - 10);
    costs.set('2026-12-05', 400);
    expect(findSpendAnomalies(costs, { from: '2026-12-05', to: '2026-12-05' })).toEqual([]);
  });

  it('needs spend on half the window and a minimum cost', () => {
    const sparse = new Map([['2026-12-01', 2], ['2026-12-05', 300]]);
    expect(findSpendAnomalies(sparse, { from: '2026-12-05', to: '2026-12-05' })).toEqual([]);
    const cheap = history('2026-12-05', () => 0.1);
    cheap.set('2026-12-05', 4);
    expect(findSpendAnomalies(cheap, { from: '2026-12-05', to: '2026-12-05' })).toEqual([]);
  });
});
