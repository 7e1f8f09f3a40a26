import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  PlatformSpendRow,
  PlatformSpendTable,
} from '@agent-platform/plugin-agent-platform-common';
import {
  Bar,
  BarChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { StatusChip, Tone } from '../common/StatusChip';
import { CHART_COLORS } from '../common/palette';
import { formatChange, formatUsd } from '../../lib/format';
import { Column, DataTable, visibleRows } from './DataTable';

const BUDGET_LABEL: Record<string, { label: string; tone: Tone }> = {
  none: { label: 'No budget', tone: 'neutral' },
  ok: { label: 'Within budget', tone: 'ok' },
  'at-risk': { label: 'Forecast over', tone: 'warning' },
  over: { label: 'Over budget', tone: 'error' },
};

const budgetOf = (r: PlatformSpendRow) =>
  BUDGET_LABEL[r.budget?.state ?? 'none'];
const budgetText = (r: PlatformSpendRow) =>
  r.budget?.monthlyUsd
    ? ` ${formatUsd(r.budget.monthToDate)} of ${formatUsd(r.budget.monthlyUsd)}`
    : '';

const COLUMNS: Column<PlatformSpendRow>[] = [
  {
    header: 'Team',
    cell: r => (
      <>
        {r.team ? (
          <EntityRefLink entityRef={r.team} title={r.title} />
        ) : (
          <em>{r.title}</em>
        )}
        {r.anomaly && (
          <span
            title={`${formatUsd(r.anomaly.cost)} on ${
              r.anomaly.date
            }, above ${formatUsd(
              r.anomaly.threshold,
            )} (trailing median ${formatUsd(r.anomaly.baseline)})`}
          >
            {' '}
            <StatusChip label={`Anomaly ${r.anomaly.date}`} tone="warning" />
          </span>
        )}
      </>
    ),
    sortValue: r => r.title,
    text: r => (r.anomaly ? `${r.title} (anomaly ${r.anomaly.date})` : r.title),
  },
  {
    header: 'Cost',
    align: 'right',
    cell: r => formatUsd(r.cost),
    sortValue: r => r.cost,
  },
  {
    header: 'Change',
    align: 'right',
    cell: r => formatChange(r.change),
    sortValue: r => r.change ?? undefined,
  },
  {
    header: 'Sessions',
    align: 'right',
    cell: r => r.sessions,
    sortValue: r => r.sessions,
  },
  {
    header: 'Pull requests',
    align: 'right',
    cell: r => r.pullRequests,
    sortValue: r => r.pullRequests,
  },
  {
    header: 'Budget',
    cell: r => (
      <>
        <StatusChip label={budgetOf(r).label} tone={budgetOf(r).tone} />
        {budgetText(r)}
      </>
    ),
    // Over budget first when descending.
    sortValue: r =>
      ['none', 'ok', 'at-risk', 'over'].indexOf(r.budget?.state ?? 'none'),
    text: r => `${budgetOf(r).label}${budgetText(r)}`,
  },
];

const unattributed = (r: PlatformSpendRow) => r.team === null;

/**
 * Spend per team: a chart (most spent first) and a table that sorts,
 * searches and exports; the unattributed row always stays last. With
 * `filtered`, the rows are those of some teams and the total stays the
 * org's, said as such.
 */
export function SpendByTeam(props: {
  table: PlatformSpendTable;
  filtered?: boolean;
}) {
  const rows = visibleRows(
    props.table.rows,
    COLUMNS,
    '',
    { header: 'Cost', desc: true },
    unattributed,
  );
  return (
    <>
      <figure style={{ margin: 0 }} aria-label="Spend by team">
        <ResponsiveContainer
          width="100%"
          height={Math.max(120, rows.length * 28)}
        >
          <BarChart
            data={rows.map(r => ({ name: r.title, cost: r.cost }))}
            layout="vertical"
            margin={{ left: 8, right: 16 }}
          >
            <XAxis
              type="number"
              tickFormatter={v => formatUsd(Number(v))}
              tick={{ fontSize: 11 }}
            />
            <YAxis
              type="category"
              dataKey="name"
              width={120}
              tick={{ fontSize: 11 }}
            />
            <Tooltip formatter={(v: unknown) => formatUsd(Number(v))} />
            <Bar
              dataKey="cost"
              name="Cost"
              fill={CHART_COLORS[0]}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <DataTable
        label="Spend by team table"
        rows={props.table.rows}
        rowKey={r => r.team ?? 'unattributed'}
        columns={COLUMNS}
        defaultSort={{ header: 'Cost', desc: true }}
        pinLast={unattributed}
        footer={
          <TableRow>
            <TableCell>
              <strong>
                {props.filtered ? 'Total of every team' : 'Total'}
              </strong>
            </TableCell>
            <TableCell align="right">
              <strong>{formatUsd(props.table.totals.cost)}</strong>
            </TableCell>
            <TableCell colSpan={4} />
          </TableRow>
        }
      />
    </>
  );
}
