import {
  BudgetState,
  EntitySpendReport,
  PlatformSpendRow,
  PlatformSpendTable,
  SpendBreakdownRow,
  SpendBudget,
  SpendDay,
  SpendDimension,
  SpendTokens,
  SpendTotals,
} from './api';
import { DEFAULT_SPEND_ANOMALY_METHOD, findSpendAnomalies } from './anomalies';
import { spendOutcomesOverTime } from './outcomes';

/**
 * A range that cannot be served: malformed dates, `from` after `to`, or
 * longer than allowed.
 *
 * @public
 */
export class SpendRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpendRangeError';
  }
}

/**
 * An inclusive range of UTC days.
 *
 * @public
 */
export interface SpendRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` of a time (UTC). @public */
export function utcDay(time: number | Date): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Milliseconds at the start of a `YYYY-MM-DD` day, or NaN when it is not a real date. */
function dayStart(day: string): number {
  const match = DATE.exec(day);
  if (!match) return NaN;
  const time = Date.UTC(+match[1], +match[2] - 1, +match[3]);
  return utcDay(time) === day ? time : NaN;
}

/** The day `n` days after `day` (before when negative). @public */
export function addDays(day: string, n: number): string {
  return utcDay(dayStart(day) + n * DAY_MS);
}

/** Every day from `from` to `to`, inclusive. @public */
export function daysOf(range: SpendRange): string[] {
  const days: string[] = [];
  const end = dayStart(range.to);
  for (let t = dayStart(range.from); t <= end; t += DAY_MS) {
    days.push(utcDay(t));
  }
  return days;
}

/**
 * Reads the `from` and `to` query parameters: `YYYY-MM-DD`, inclusive; the
 * last 30 days up to today by default; at most `maxDays` long.
 *
 * @throws SpendRangeError naming the parameter at fault.
 * @public
 */
export function parseSpendRange(
  query: { from?: unknown; to?: unknown },
  now: Date,
  maxDays = 731,
): SpendRange {
  const read = (name: 'from' | 'to'): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || Number.isNaN(dayStart(value))) {
      throw new SpendRangeError(
        `Query parameter ${name} must be a date YYYY-MM-DD, got ${JSON.stringify(
          value,
        )}`,
      );
    }
    return value;
  };
  const to = read('to') ?? utcDay(now);
  const from = read('from') ?? addDays(to, -29);
  if (from > to) {
    throw new SpendRangeError(
      `Query parameter from (${from}) is after to (${to})`,
    );
  }
  const days = (dayStart(to) - dayStart(from)) / DAY_MS + 1;
  if (days > maxDays) {
    throw new SpendRangeError(
      `The range ${from}..${to} is ${days} days long; at most ${maxDays} are allowed`,
    );
  }
  return { from, to };
}

/** The range of the same length just before `range`. @public */
export function previousRange(range: SpendRange): SpendRange {
  const days = (dayStart(range.to) - dayStart(range.from)) / DAY_MS + 1;
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}

/** Rounds money to a millionth of a dollar, so sums of floats print cleanly. @public */
export function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** (current - previous) / previous, or null when previous is 0. @public */
export function periodChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((current - previous) / previous) * 1e6) / 1e6;
}

/** cacheRead / (input + cacheRead + cacheCreation), or null with no input. @public */
export function cacheHitRatio(tokens: SpendTokens): number | null {
  const input = tokens.input + tokens.cacheRead + tokens.cacheCreation;
  if (input === 0) return null;
  return Math.round((tokens.cacheRead / input) * 1e6) / 1e6;
}

/** Zero totals. @public */
export function emptySpendTotals(): SpendTotals {
  return {
    cost: 0,
    tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 },
    sessions: 0,
    commits: 0,
    pullRequests: 0,
    linesAdded: 0,
    linesRemoved: 0,
    activeSeconds: 0,
  };
}

/** Adds `b` into `a` and returns `a`. @public */
export function addSpendTotals(a: SpendTotals, b: SpendTotals): SpendTotals {
  a.cost += b.cost;
  a.tokens.input += b.tokens.input;
  a.tokens.output += b.tokens.output;
  a.tokens.cacheRead += b.tokens.cacheRead;
  a.tokens.cacheCreation += b.tokens.cacheCreation;
  a.sessions += b.sessions;
  a.commits += b.commits;
  a.pullRequests += b.pullRequests;
  a.linesAdded += b.linesAdded;
  a.linesRemoved += b.linesRemoved;
  a.activeSeconds += b.activeSeconds;
  return a;
}

/**
 * The monthly budget a team's effective config sets: the `monthlyUsd` of
 * its layers, capped by the base's `monthlyUsdCap`; null without a
 * `monthlyUsd`.
 *
 * @public
 */
export function effectiveMonthlyBudget(
  budget: {
    monthlyUsd?: { value: number; layer: string };
    monthlyUsdCap?: { value: number; layer: string };
  },
  configs: { base?: string; team?: string; repo?: string },
): { monthlyUsd: number | null; source: string | null } {
  const amount = budget.monthlyUsd;
  if (!amount) return { monthlyUsd: null, source: null };
  const cap = budget.monthlyUsdCap;
  if (cap && cap.value < amount.value) {
    return { monthlyUsd: cap.value, source: configs.base ?? null };
  }
  const source = amount.layer.startsWith('repo:') ? configs.repo : configs.team;
  return { monthlyUsd: amount.value, source: source ?? null };
}

/**
 * The current month's position against a monthly budget: month-to-date
 * spend, a linear forecast to month end (on the days so far, today counted
 * whole), and the state.
 *
 * @public
 */
export function spendBudget(options: {
  monthlyUsd: number | null;
  source: string | null;
  monthToDate: number;
  now: Date;
}): SpendBudget {
  const { monthlyUsd, source, now } = options;
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const elapsed = now.getUTCDate();
  const monthToDate = roundUsd(options.monthToDate);
  const forecast = roundUsd((options.monthToDate / elapsed) * daysInMonth);
  let state: BudgetState = 'none';
  if (monthlyUsd !== null) {
    if (monthToDate > monthlyUsd) state = 'over';
    else if (forecast > monthlyUsd) state = 'at-risk';
    else state = 'ok';
  }
  return {
    month: now.toISOString().slice(0, 7),
    monthlyUsd,
    source,
    monthToDate,
    forecast,
    state,
  };
}

/**
 * Spend rolled up for one day, as the store reads it.
 *
 * @public
 */
export interface SpendDayTotals {
  date: string;
  totals: SpendTotals;
}

function roundTotals(t: SpendTotals): SpendTotals {
  return { ...t, cost: roundUsd(t.cost), tokens: { ...t.tokens } };
}

/**
 * A breakdown's rows by cost, highest first, without rows that hold nothing
 * (no cost and no tokens: e.g. the session and commit counts, which carry no
 * model, or spend a report replaced).
 */
function sortBreakdown(rows: SpendBreakdownRow[]): SpendBreakdownRow[] {
  return rows
    .map(r => ({ ...r, cost: roundUsd(r.cost) }))
    .filter(
      r =>
        r.cost !== 0 ||
        r.tokens.input !== 0 ||
        r.tokens.output !== 0 ||
        r.tokens.cacheRead !== 0 ||
        r.tokens.cacheCreation !== 0,
    )
    .sort((a, b) => {
      if (b.cost !== a.cost) return b.cost - a.cost;
      const ka = a.key ?? '';
      const kb = b.key ?? '';
      if (ka === kb) return 0;
      return ka < kb ? -1 : 1;
    });
}

/**
 * Assembles an entity's report from per-day totals (covering the range and
 * the previous range; missing days count as zero) and the breakdowns over
 * the range.
 *
 * @public
 */
export function buildEntitySpendReport(options: {
  entityRef: string;
  range: SpendRange;
  days: SpendDayTotals[];
  /** Absent dimensions are empty. */
  breakdowns: Partial<Record<SpendDimension, SpendBreakdownRow[]>>;
  budget: SpendBudget | null;
  /** A department's spend per child team (see {@link EntitySpendReport.byTeam}). */
  byTeam?: SpendBreakdownRow[];
}): EntitySpendReport {
  const { range } = options;
  const previous = previousRange(range);
  const byDate = new Map(options.days.map(d => [d.date, d.totals]));
  const totals = emptySpendTotals();
  const byDay: SpendDay[] = daysOf(range).map(date => {
    const day = byDate.get(date) ?? emptySpendTotals();
    addSpendTotals(totals, day);
    return { date, cost: roundUsd(day.cost), tokens: { ...day.tokens } };
  });
  let previousCost = 0;
  for (const date of daysOf(previous)) {
    previousCost += byDate.get(date)?.cost ?? 0;
  }
  const rounded = roundTotals(totals);
  previousCost = roundUsd(previousCost);
  return {
    entityRef: options.entityRef,
    range: { from: range.from, to: range.to },
    currency: 'USD',
    totals: rounded,
    cacheHitRatio: cacheHitRatio(rounded.tokens),
    costPerPullRequest:
      rounded.pullRequests > 0
        ? roundUsd(rounded.cost / rounded.pullRequests)
        : null,
    costPerSession:
      rounded.sessions > 0 ? roundUsd(rounded.cost / rounded.sessions) : null,
    previous: {
      range: previous,
      cost: previousCost,
      change: periodChange(rounded.cost, previousCost),
    },
    byDay,
    byModel: sortBreakdown(options.breakdowns.model ?? []),
    bySkill: sortBreakdown(options.breakdowns.skill ?? []),
    byMcpServer: sortBreakdown(options.breakdowns.mcpServer ?? []),
    byUser: sortBreakdown(options.breakdowns.user ?? []),
    byRepo: sortBreakdown(options.breakdowns.repo ?? []),
    byAgent: sortBreakdown(options.breakdowns.agent ?? []),
    byPlugin: sortBreakdown(options.breakdowns.plugin ?? []),
    byQuerySource: sortBreakdown(options.breakdowns.querySource ?? []),
    byEffort: sortBreakdown(options.breakdowns.effort ?? []),
    byTeam: sortBreakdown(options.byTeam ?? []),
    budget: options.budget,
    outcomes: spendOutcomesOverTime(options.days, range),
    anomalies: findSpendAnomalies(
      new Map(options.days.map(d => [d.date, d.totals.cost])),
      range,
    ),
    anomalyMethod: DEFAULT_SPEND_ANOMALY_METHOD,
  };
}

/**
 * Assembles the platform table: one row per team (zero when it spent
 * nothing), one for spend attributed to groups that are not teams, if any,
 * and the unattributed row, always.
 *
 * @public
 */
export function buildPlatformSpendTable(options: {
  range: SpendRange;
  teams: Array<{ ref: string; title: string; budget: SpendBudget | null }>;
  /** Totals over the range by team ref (null: unattributed). */
  current: Array<{ team: string | null; totals: SpendTotals }>;
  /** Cost over the previous range by team ref. */
  previous: Array<{ team: string | null; cost: number }>;
  /** Each team's spend by model and by skill over the range (absent: none). */
  breakdowns?: Array<{
    team: string | null;
    dimension: 'model' | 'skill';
    row: SpendBreakdownRow;
  }>;
  /**
   * Each team's daily cost over at least the anomaly window before the
   * range's last day (absent: no anomalies are looked for).
   */
  daily?: Array<{ team: string | null; date: string; cost: number }>;
}): PlatformSpendTable {
  const current = new Map(options.current.map(c => [c.team, c.totals]));
  const previous = new Map(options.previous.map(p => [p.team, p.cost]));
  const breakdowns = new Map<string, SpendBreakdownRow[]>();
  for (const b of options.breakdowns ?? []) {
    const id = `${b.dimension} ${b.team ?? ''}`;
    const rows = breakdowns.get(id) ?? [];
    rows.push(b.row);
    breakdowns.set(id, rows);
  }
  const breakdownOf = (dimension: string, team: string | null) =>
    sortBreakdown(breakdowns.get(`${dimension} ${team ?? ''}`) ?? []);
  const daily = new Map<string | null, Map<string, number>>();
  for (const d of options.daily ?? []) {
    const costs = daily.get(d.team) ?? new Map<string, number>();
    costs.set(d.date, (costs.get(d.date) ?? 0) + d.cost);
    daily.set(d.team, costs);
  }
  const last = { from: options.range.to, to: options.range.to };
  const anomalyOf = (team: string | null) => {
    const costs = daily.get(team);
    return costs ? findSpendAnomalies(costs, last)[0] ?? null : null;
  };
  const row = (
    team: string | null,
    title: string,
    budget: SpendBudget | null,
  ): PlatformSpendRow => {
    const totals = current.get(team) ?? emptySpendTotals();
    const cost = roundUsd(totals.cost);
    const previousCost = roundUsd(previous.get(team) ?? 0);
    return {
      team,
      title,
      cost,
      tokens: { ...totals.tokens },
      sessions: totals.sessions,
      pullRequests: totals.pullRequests,
      previousCost,
      change: periodChange(cost, previousCost),
      budget,
      byModel: breakdownOf('model', team),
      bySkill: breakdownOf('skill', team),
      anomaly: anomalyOf(team),
    };
  };
  const known = new Set(options.teams.map(t => t.ref));
  const rows = options.teams.map(t => row(t.ref, t.title, t.budget));
  // Spend attributed to a Group that is not of type team still shows.
  const others = new Set(
    [...current.keys(), ...previous.keys()].filter(
      (t): t is string => t !== null && !known.has(t),
    ),
  );
  for (const team of [...others].sort()) {
    rows.push(row(team, team.replace(/^group:(default\/)?/, ''), null));
  }
  rows.push(row(null, 'Unattributed', null));
  rows.sort((a, b) => {
    if (b.cost !== a.cost) return b.cost - a.cost;
    if (a.team === null) return 1;
    if (b.team === null) return -1;
    return a.team < b.team ? -1 : 1;
  });
  const tokens: SpendTokens = {
    input: 0,
    output: 0,
    cacheRead: 0,
    cacheCreation: 0,
  };
  let cost = 0;
  for (const r of rows) {
    cost += r.cost;
    tokens.input += r.tokens.input;
    tokens.output += r.tokens.output;
    tokens.cacheRead += r.tokens.cacheRead;
    tokens.cacheCreation += r.tokens.cacheCreation;
  }
  return {
    range: { from: options.range.from, to: options.range.to },
    currency: 'USD',
    rows,
    totals: { cost: roundUsd(cost), tokens },
  };
}
