import { ReactNode } from 'react';
import type {
  EntitySpendReport,
  SpendBreakdownRow,
  SpendBudget,
} from '@agent-platform/plugin-agent-platform-common';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { StatusChip, Tone } from '../common/StatusChip';
import { CHART_COLORS } from '../common/palette';
import {
  formatChange,
  formatCompact,
  formatPercent,
  formatUsd,
  shortRef,
} from '../../lib/format';

const useStyles = makeStyles((theme: Theme) => ({
  stats: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  value: { fontSize: '1.4rem', fontWeight: 500 },
  // Numbers and their headers stay on one line in narrow columns.
  number: { whiteSpace: 'nowrap' },
  note: { margin: theme.spacing(1, 0) },
}));

/** True when a report has no spend at all. */
export function isEmptyReport(report: EntitySpendReport): boolean {
  return (
    report.totals.cost === 0 &&
    report.totals.sessions === 0 &&
    report.byDay.every(d => d.cost === 0)
  );
}

function Stat(props: { label: string; value: ReactNode; hint?: string }) {
  const classes = useStyles();
  return (
    <div>
      <Typography variant="caption" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <div className={classes.value}>{props.value}</div>
      {props.hint && (
        <Typography variant="caption" color="textSecondary" component="div">
          {props.hint}
        </Typography>
      )}
    </div>
  );
}

/** Headline numbers: total, change, cache hit ratio, cost per PR and session. */
export function SpendStats(props: { report: EntitySpendReport }) {
  const classes = useStyles();
  const { report } = props;
  return (
    <div className={classes.stats}>
      <Stat
        label="Spend"
        value={formatUsd(report.totals.cost)}
        hint={`${report.range.from} to ${report.range.to}`}
      />
      <Stat
        label="Change vs previous period"
        value={formatChange(report.previous.change)}
        hint={`previous ${formatUsd(report.previous.cost)}`}
      />
      <Stat
        label="Cache hit ratio"
        value={formatPercent(report.cacheHitRatio)}
      />
      <Stat
        label="Cost per pull request"
        value={
          report.costPerPullRequest === null
            ? '—'
            : formatUsd(report.costPerPullRequest)
        }
        hint={`${report.totals.pullRequests} pull requests`}
      />
      <Stat
        label="Cost per session"
        value={
          report.costPerSession === null
            ? '—'
            : formatUsd(report.costPerSession)
        }
        hint={`${report.totals.sessions} sessions`}
      />
    </div>
  );
}

const BUDGET: Record<SpendBudget['state'], { label: string; tone: Tone }> = {
  none: { label: 'No budget', tone: 'neutral' },
  ok: { label: 'Within budget', tone: 'ok' },
  'at-risk': { label: 'Forecast over budget', tone: 'warning' },
  over: { label: 'Over budget', tone: 'error' },
};

/** The month's spend against the budget, with the forecast and alert state. */
export function BudgetGauge(props: { budget: SpendBudget | null }) {
  const { budget } = props;
  if (!budget) return null;
  const state = BUDGET[budget.state];
  const pct =
    budget.monthlyUsd && budget.monthlyUsd > 0
      ? Math.min(100, (budget.monthToDate / budget.monthlyUsd) * 100)
      : 0;
  return (
    <Box mb={2}>
      <Typography variant="subtitle2" component="h3">
        Budget {budget.month}{' '}
        <StatusChip label={state.label} tone={state.tone} />
      </Typography>
      {budget.monthlyUsd !== null ? (
        <>
          <LinearProgress
            variant="determinate"
            value={pct}
            color={budget.state === 'ok' ? 'primary' : 'secondary'}
            aria-label={`Month to date ${formatUsd(
              budget.monthToDate,
            )} of ${formatUsd(budget.monthlyUsd)}`}
          />
          <Typography variant="body2">
            {formatUsd(budget.monthToDate)} of {formatUsd(budget.monthlyUsd)}{' '}
            month to date; forecast {formatUsd(budget.forecast)} by month end
          </Typography>
        </>
      ) : (
        <Typography variant="body2">No monthly budget is set.</Typography>
      )}
    </Box>
  );
}

/** `$0.25` below $10 (so that small ticks do not all read `$0`), else compact. */
function axisUsd(value: number): string {
  return Math.abs(value) < 10
    ? `$${value.toFixed(2)}`
    : `$${formatCompact(value)}`;
}

/**
 * Daily spend as an area chart, with the budget and the forecast as daily
 * lines when the entity has a monthly budget (the month's amount spread over
 * its days), and anomalous days marked.
 */
export function DailyTrend(props: {
  report: EntitySpendReport;
  height?: number;
}) {
  const { budget, anomalies = [] } = props.report;
  const [year, month] = (budget?.month ?? '2000-01').split('-').map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const dailyBudget =
    typeof budget?.monthlyUsd === 'number'
      ? budget.monthlyUsd / daysInMonth
      : null;
  const dailyForecast = budget ? budget.forecast / daysInMonth : null;
  return (
    <figure
      style={{ margin: 0 }}
      aria-label={`Daily spend from ${props.report.range.from} to ${props.report.range.to}`}
    >
      <ResponsiveContainer width="100%" height={props.height ?? 220}>
        <AreaChart
          data={props.report.byDay}
          margin={{ top: 8, right: 16, left: 8, bottom: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis
            tickFormatter={v => axisUsd(Number(v))}
            tick={{ fontSize: 11 }}
            width={60}
            allowDecimals
          />
          <Tooltip formatter={(v: unknown) => formatUsd(Number(v))} />
          <Area
            type="monotone"
            dataKey="cost"
            name="Cost"
            stroke={CHART_COLORS[0]}
            fill={CHART_COLORS[0]}
            fillOpacity={0.25}
            isAnimationActive={false}
            dot={false}
          />
          {dailyBudget !== null && (
            <ReferenceLine
              y={dailyBudget}
              stroke={CHART_COLORS[3]}
              strokeDasharray="6 3"
              label={{
                value: 'Budget / day',
                position: 'insideTopRight',
                fontSize: 11,
              }}
            />
          )}
          {dailyForecast !== null && dailyForecast > 0 && (
            <ReferenceLine
              y={dailyForecast}
              stroke={CHART_COLORS[1]}
              strokeDasharray="2 2"
              label={{
                value: 'Forecast / day',
                position: 'insideBottomRight',
                fontSize: 11,
              }}
            />
          )}
          {anomalies.map(a => (
            <ReferenceLine key={a.date} x={a.date} stroke="#d32f2f" />
          ))}
        </AreaChart>
      </ResponsiveContainer>
      {(dailyBudget !== null || anomalies.length > 0) && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="figcaption"
        >
          {dailyBudget !== null &&
            `Budget ${formatUsd(dailyBudget)} a day; forecast ${formatUsd(
              dailyForecast ?? 0,
            )} a day. `}
          {anomalies.map(a => (
            <span key={a.date} role="alert">
              Unusual spend on {a.date}: {formatUsd(a.cost)} (usually{' '}
              {formatUsd(a.baseline)}).{' '}
            </span>
          ))}
        </Typography>
      )}
    </figure>
  );
}

/** A breakdown as a bar chart (top rows) and a table with the values. */
export function Breakdown(props: {
  title: string;
  rows: SpendBreakdownRow[];
  /** What shares are of; default the rows' sum. */
  total?: number;
  noneLabel: string;
  chart?: boolean;
  limit?: number;
  /**
   * The kind of entity a key names (`airesource` for skills, `api` for MCP
   * servers): rows link to it. Keys that are entity refs always link.
   */
  linkKind?: string;
  /** Say which keys are raw identities that match no catalog User (the by-user breakdown). */
  users?: boolean;
}) {
  const classes = useStyles();
  const rows = props.rows.slice(0, props.limit ?? 10);
  const total = props.total ?? props.rows.reduce((sum, r) => sum + r.cost, 0);
  // Entity refs (users, repositories) read better without `kind:default/`.
  const label = (key: string | null) =>
    key === null ? props.noneLabel : shortRef(key);
  const isRef = (key: string) => /^[a-z]+:[^/]+\/.+/i.test(key);
  const unmatched = props.users
    ? props.rows.filter(r => r.key !== null && !isRef(r.key)).length
    : 0;
  const name = (key: string | null) => {
    if (key === null) return props.noneLabel;
    if (isRef(key)) return <EntityRefLink entityRef={key} />;
    if (props.users) return `${key} (unmatched)`;
    if (props.linkKind) {
      return (
        <EntityRefLink
          entityRef={`${props.linkKind}:default/${key}`}
          title={key}
        />
      );
    }
    return key;
  };
  return (
    <Box mb={2}>
      <Typography variant="subtitle2" component="h3">
        {props.title}
      </Typography>
      {unmatched > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          {unmatched} raw{' '}
          {unmatched === 1 ? 'identity matches' : 'identities match'} no catalog
          User (set spec.profile.email on the User).
        </Typography>
      )}
      {rows.length === 0 ? (
        <Typography variant="body2">No data.</Typography>
      ) : (
        <>
          {props.chart && (
            <ResponsiveContainer
              width="100%"
              height={Math.max(80, rows.length * 26)}
            >
              <BarChart
                data={rows.map(r => ({ name: label(r.key), cost: r.cost }))}
                layout="vertical"
                margin={{ left: 8, right: 16 }}
              >
                <XAxis type="number" hide />
                <YAxis
                  type="category"
                  dataKey="name"
                  width={150}
                  tick={{ fontSize: 11 }}
                />
                <Tooltip formatter={(v: unknown) => formatUsd(Number(v))} />
                <Bar dataKey="cost" name="Cost" isAnimationActive={false}>
                  {rows.map((r, i) => (
                    <Cell
                      key={r.key ?? '(none)'}
                      fill={CHART_COLORS[i % CHART_COLORS.length]}
                    />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          )}
          <Table size="small" aria-label={props.title}>
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell align="right" className={classes.number}>
                  Cost
                </TableCell>
                <TableCell align="right" className={classes.number}>
                  Share
                </TableCell>
                <TableCell align="right" className={classes.number}>
                  Tokens
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map(r => (
                <TableRow key={r.key ?? '(none)'}>
                  <TableCell>{name(r.key)}</TableCell>
                  <TableCell align="right" className={classes.number}>
                    {formatUsd(r.cost)}
                  </TableCell>
                  <TableCell align="right" className={classes.number}>
                    {formatPercent(total > 0 ? r.cost / total : null)}
                  </TableCell>
                  <TableCell align="right" className={classes.number}>
                    {formatCompact(
                      r.tokens.input +
                        r.tokens.output +
                        r.tokens.cacheRead +
                        r.tokens.cacheCreation,
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </Box>
  );
}

/**
 * What a report's breakdowns count, when it is not its range: a person's and
 * a repository's breakdowns older than the retention setting are kept per
 * month, and a month that overlaps the range counts whole. Their shares are
 * then of their own sum, not of the range's total.
 */
export function BreakdownRangeNote(props: { report: EntitySpendReport }) {
  const classes = useStyles();
  const range = props.report.breakdownRange;
  if (!range) return null;
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      role="note"
      className={classes.note}
    >
      The breakdowns below count {range.from} to {range.to}: breakdowns older
      than the retention period are kept per month, and a month that overlaps
      the range counts whole. The totals and the daily trend are exact.
    </Typography>
  );
}

/** The total a report's breakdown shares are of: the range's, unless whole months widen them. */
export function breakdownTotal(report: EntitySpendReport): number | undefined {
  return report.breakdownRange ? undefined : report.totals.cost;
}
