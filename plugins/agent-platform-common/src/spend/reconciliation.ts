import { SpendReconciliation } from './api';
import { daysOf, roundUsd, SpendDayTotals, SpendRange } from './report';

/**
 * The rule that picks one source per user-day, as the reconciliation view
 * states it.
 *
 * @public
 */
export const SPEND_SOURCE_RULE =
  "Each user's day counts one source: OpenTelemetry (real time) until an Admin API usage report covering that user and day arrives, then the report (billing truth) alone. Spend without a user (API keys, telemetry without user.email) is counted from the source that sent it.";

/**
 * Assembles a team's reconciliation: per day, the cost each source reported
 * for the team, what is counted, and where the two sources differ.
 *
 * @param options.sources - the team's daily cost per source (`otlp`, `admin-api`; others are ignored)
 * @param options.counted - the team's daily totals as counted (the daily rollup)
 * @public
 */
export function buildSpendReconciliation(options: {
  entityRef: string;
  range: SpendRange;
  sources: Array<{ date: string; source: string; cost: number }>;
  counted: SpendDayTotals[];
}): SpendReconciliation {
  const otlp = new Map<string, number>();
  const adminApi = new Map<string, number>();
  const bySource = new Map([
    ['otlp', otlp],
    ['admin-api', adminApi],
  ]);
  for (const s of options.sources) {
    const target = bySource.get(s.source);
    target?.set(s.date, (target.get(s.date) ?? 0) + s.cost);
  }
  const counted = new Map(options.counted.map(d => [d.date, d.totals.cost]));
  const totals = { otlp: 0, adminApi: 0, counted: 0 };
  const days = daysOf(options.range).map(date => {
    const day = {
      date,
      otlp: roundUsd(otlp.get(date) ?? 0),
      adminApi: roundUsd(adminApi.get(date) ?? 0),
      counted: roundUsd(counted.get(date) ?? 0),
    };
    totals.otlp += day.otlp;
    totals.adminApi += day.adminApi;
    totals.counted += day.counted;
    return {
      ...day,
      // Only where both sources sent something: otherwise there is nothing
      // to compare (a day the report has not covered yet, or no telemetry).
      difference:
        otlp.has(date) && adminApi.has(date)
          ? roundUsd(day.adminApi - day.otlp)
          : null,
    };
  });
  return {
    entityRef: options.entityRef,
    range: { from: options.range.from, to: options.range.to },
    currency: 'USD',
    rule: SPEND_SOURCE_RULE,
    days,
    totals: {
      otlp: roundUsd(totals.otlp),
      adminApi: roundUsd(totals.adminApi),
      counted: roundUsd(totals.counted),
    },
  };
}
