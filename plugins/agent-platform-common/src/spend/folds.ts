import { addDays, SpendRange } from './report';

/**
 * The months (`YYYY-MM`) whose user and repository breakdowns are folded:
 * every month from `first` to `last`. Months before `first` held no spend
 * when folding began; months after `last` are kept as days.
 *
 * @public
 */
export interface FoldedMonths {
  first: string;
  last: string;
}

/**
 * The days a user's or a repository's breakdowns count over a range, when
 * they are not the range's own. Their breakdowns older than
 * `retention.breakdownDays` are kept per month, and a folded month that
 * overlaps the range counts whole: the range widens to the first day of the
 * month of `from` and the last day of the month of `to` when those months
 * are folded. Undefined when nothing widens.
 *
 * @public
 */
export function foldedBreakdownRange(
  range: SpendRange,
  folded: FoldedMonths | undefined,
): SpendRange | undefined {
  if (!folded) return undefined;
  const isFolded = (month: string) =>
    month >= folded.first && month <= folded.last;
  const fromMonth = range.from.slice(0, 7);
  const toMonth = range.to.slice(0, 7);
  const from = isFolded(fromMonth) ? `${fromMonth}-01` : range.from;
  const to = isFolded(toMonth) ? lastDayOf(toMonth) : range.to;
  return from === range.from && to === range.to ? undefined : { from, to };
}

/** The last day of a month (`YYYY-MM`). */
function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number);
  const next =
    m === 12
      ? `${year + 1}-01-01`
      : `${year}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}
