import { roundUsd, SpendDayTotals, SpendRange, addDays } from './report';

/**
 * What a period's spend bought: cost per session, commit, pull request and
 * line changed (added + removed). A ratio is null when its count is 0.
 *
 * @public
 */
export interface SpendOutcomePeriod {
  from: string;
  to: string;
  cost: number;
  sessions: number;
  commits: number;
  pullRequests: number;
  linesChanged: number;
  costPerSession: number | null;
  costPerCommit: number | null;
  costPerPullRequest: number | null;
  costPerLineChanged: number | null;
}

/**
 * Outcome ratios over time: one period per `periodDays` days, the last one
 * ending at the range's end (the first may be shorter).
 *
 * @public
 */
export function spendOutcomesOverTime(
  days: SpendDayTotals[],
  range: SpendRange,
  periodDays = 7,
): SpendOutcomePeriod[] {
  const periods: SpendOutcomePeriod[] = [];
  for (let to = range.to; to >= range.from; to = addDays(to, -periodDays)) {
    const start = addDays(to, -(periodDays - 1));
    const from = start < range.from ? range.from : start;
    const p = { cost: 0, sessions: 0, commits: 0, pullRequests: 0, linesChanged: 0 };
    for (const day of days) {
      if (day.date < from || day.date > to) continue;
      p.cost += day.totals.cost;
      p.sessions += day.totals.sessions;
      p.commits += day.totals.commits;
      p.pullRequests += day.totals.pullRequests;
      p.linesChanged += day.totals.linesAdded + day.totals.linesRemoved;
    }
    const per = (n: number) => (n > 0 ? roundUsd(p.cost / n) : null);
    periods.unshift({
      from,
      to,
      ...p,
      cost: roundUsd(p.cost),
      costPerSession: per(p.sessions),
      costPerCommit: per(p.commits),
      costPerPullRequest: per(p.pullRequests),
      costPerLineChanged: per(p.linesChanged),
    });
  }
  return periods;
}
