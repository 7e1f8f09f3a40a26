import {
  CumulativeSeriesState,
  FoldedMonths,
  SpendBreakdownRow,
  SpendDayTotals,
  SpendDimension,
  SpendTotals,
} from '@agent-platform/plugin-agent-platform-common';
import type { AttributedSpendPoint } from './database/spendColumns';

/**
 * Which rollup rows a query reads.
 *
 * @public
 */
export type SpendFilter =
  | { team: string | null }
  | { teams: string[] }
  | { user: string }
  | { repo: string }
  | { repos: string[] };

/**
 * A team's daily cost per source, as received (before one source replaces
 * the other).
 *
 * @public
 */
export interface SpendSourceDay {
  date: string;
  source: string;
  cost: number;
}

/**
 * The writes of one transaction.
 *
 * @public
 */
export interface SpendWriter {
  /** The remembered states of cumulative series, by series identity. */
  readSeries(series: string[]): Promise<Map<string, CumulativeSeriesState>>;
  /** Stores the states of cumulative series. */
  writeSeries(
    states: Map<string, CumulativeSeriesState>,
    now: number,
  ): Promise<void>;
  /**
   * Inserts points whose idempotency key is new and adds them to the
   * rollups, one source per user-day (see `SpendWriteBatch`, in
   * `database/`). Returns how
   * many were new and how many were already stored (or repeated within the
   * batch).
   */
  insertPoints(
    points: AttributedSpendPoint[],
    now: number,
  ): Promise<{ inserted: number; duplicates: number }>;
}

/**
 * The spend tables: raw points, cumulative series state, the hourly rollup
 * (per source), the daily rollups and the per-source team totals.
 *
 * @public
 */
export interface SpendStore {
  /**
   * Whether the database has one writer at a time (SQLite): writes then
   * queue for the connection anyway, and the ingestor groups them.
   */
  readonly singleWriter: boolean;
  /**
   * Runs `fn` in one transaction, retried on PostgreSQL deadlocks and
   * serialization failures.
   */
  write<T>(fn: (writer: SpendWriter) => Promise<T>): Promise<T>;
  /** Totals per day over a range (days without spend are absent). */
  days(
    filter: SpendFilter,
    from: string,
    to: string,
  ): Promise<SpendDayTotals[]>;
  /**
   * Cost and tokens per key of a dimension over a range. For a user or
   * repositories, a folded month (see `foldBreakdowns`) that overlaps the
   * range counts whole.
   */
  breakdown(
    filter: SpendFilter,
    dimension: SpendDimension,
    from: string,
    to: string,
  ): Promise<SpendBreakdownRow[]>;
  /** {@link SpendStore.breakdown} of several dimensions, in one query. */
  breakdowns<D extends SpendDimension>(
    filter: SpendFilter,
    dimensions: readonly D[],
    from: string,
    to: string,
  ): Promise<Record<D, SpendBreakdownRow[]>>;
  /** Every team's cost and tokens per key of a dimension over a range (team null: unattributed). */
  breakdownByTeam(
    dimension: SpendDimension,
    from: string,
    to: string,
  ): Promise<Array<{ team: string | null; row: SpendBreakdownRow }>>;
  /** Totals per team over a range (null: unattributed). */
  byTeam(
    from: string,
    to: string,
  ): Promise<Array<{ team: string | null; totals: SpendTotals }>>;
  /** Every team's daily cost over a range (team null: unattributed). */
  teamDays(
    from: string,
    to: string,
  ): Promise<Array<{ team: string | null; date: string; cost: number }>>;
  /** Totals of some teams over a range, per team. */
  teamTotals(
    teams: string[],
    from: string,
    to: string,
  ): Promise<Array<{ team: string; totals: SpendTotals }>>;
  /**
   * Every team's spend on one key of a dimension (a skill, an MCP server, a
   * model), per day and per team, over a range.
   */
  keyDays(
    dimension: SpendDimension,
    key: string,
    from: string,
    to: string,
  ): Promise<
    Array<{
      date: string;
      team: string | null;
      cost: number;
      tokens: SpendTotals['tokens'];
    }>
  >;
  /** A team's daily cost per source over a range ('' team: unattributed). */
  sourceDays(team: string, from: string, to: string): Promise<SpendSourceDay[]>;
  /**
   * The end of the window at `before` (ms): deletes the idempotency keys of
   * the points before it, the user-days and hourly rollup rows of the days
   * before it; the raw points' attributes older than `pointsBefore`
   * (default `before`); and series not updated since `seriesBefore`.
   * `points` counts the keys deleted.
   */
  prune(
    before: number,
    seriesBefore: number,
    pointsBefore?: number,
  ): Promise<{ points: number; series: number }>;
  /**
   * Folds the user and repository breakdowns (every daily rollup row of
   * scope user or repo whose dimension is not empty) of each month that
   * ended before the day `before` into one row per key for the month
   * (bucket `YYYY-MM`), oldest month first, a month per transaction, and
   * records it. Daily totals and team rows are kept. Returns the months
   * folded now.
   */
  foldBreakdowns(
    before: string,
    now: number,
  ): Promise<Array<{ month: string; dayRows: number; monthRows: number }>>;
  /** The first and the last month whose breakdowns were folded, if any. */
  foldedMonths(): Promise<FoldedMonths | undefined>;
  /** Records a maintenance run. */
  recordRun(
    task: string,
    ranAt: number,
    deleted: { points: number; series: number },
  ): Promise<void>;
}

export type { AttributedSpendPoint } from './database/spendColumns';
export { sha256, pointKeyHash } from './database/spendColumns';
export {
  applySpendMigrations,
  DatabaseSpendStore,
} from './database/DatabaseSpendStore';
