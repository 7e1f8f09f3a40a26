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

/** The month (`YYYY-MM`) after a month. */
function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 12
    ? `${year + 1}-01`
    : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** The last day of a month (`YYYY-MM`). */
function lastDayOf(month: string): string {
  return addDays(`${nextMonth(month)}-01`, -1);
}

/**
 * The months (`YYYY-MM`) a range of days overlaps, in order.
 *
 * @public
 */
export function monthsOf(range: SpendRange): string[] {
  const months: string[] = [];
  const last = range.to.slice(0, 7);
  for (let m = range.from.slice(0, 7); m <= last; m = nextMonth(m)) {
    months.push(m);
  }
  return months;
}
