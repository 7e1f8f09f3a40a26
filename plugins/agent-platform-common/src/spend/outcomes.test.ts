import { spendOutcomesOverTime } from './outcomes';
import { emptySpendTotals } from './report';

const day = (date: string, cost: number, counts: { sessions?: number; commits?: number; pullRequests?: number; lines?: number }) => ({
  date,
  totals: {
    ...emptySpendTotals(),
    cost,
    sessions: counts.sessions ?? 0,
    commits: counts.commits ?? 0,
    pullRequests: counts.pullRequests ?? 0,
    linesAdded: counts.lines ?? 0,
  },
});

describe('spendOutcomesOverTime', () => {
  it('gives cost per session, commit, pull request and line changed per week, ending at the range end', () => {
    const periods = spendOutcomesOverTime(
      [
        day('2026-11-25', 10, { sessions: 2, commits: 1 }),
        day('2026-12-01', 30, { sessions: 3, commits: 3, pullRequests: 1, lines: 300 }),
        day('2026-12-05', 6, { sessions: 3, lines: 60 }),
      ],
      { from: '2026-11-24', to: '2026-12-05' },
    );
    expect(periods.map(p => [p.from, p.to, p.cost, p.costPerSession, p.costPerCommit, p.costPerPullRequest, p.costPerLineChanged])).toEqual([
      ['2026-11-24', '2026-11-28', 10, 5, 10, null, null],
      ['2026-11-29', '2026-12-05', 36, 6, 12, 36, 0.1],
    ]);
  });
});
