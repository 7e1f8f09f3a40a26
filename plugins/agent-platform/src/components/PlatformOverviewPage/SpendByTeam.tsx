import { useMemo, useState } from 'react';
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
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import { StatusChip, Tone } from '../common/StatusChip';
import { CHART_COLORS } from '../common/palette';
import { formatChange, formatUsd } from '../../lib/format';
import { Scroll } from './DataTable';

const BUDGET_LABEL: Record<string, { label: string; tone: Tone }> = {
  none: { label: 'No budget', tone: 'neutral' },
  ok: { label: 'Within budget', tone: 'ok' },
  'at-risk': { label: 'Forecast over', tone: 'warning' },
  over: { label: 'Over budget', tone: 'error' },
};

type SortKey = 'title' | 'cost' | 'change' | 'sessions' | 'pullRequests';

/** Sorts spend rows; the unattributed row always stays last. */
export function sortSpendRows(
  rows: PlatformSpendRow[],
  key: SortKey,
  desc: boolean,
): PlatformSpendRow[] {
  const value = (r: PlatformSpendRow): number | string => {
    if (key === 'title') return r.title.toLocaleLowerCase('en-US');
    if (key === 'change') return r.change ?? -Infinity;
    return r[key];
  };
  const teams = rows.filter(r => r.team !== null);
  const rest = rows.filter(r => r.team === null);
  teams.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    let c = 0;
    if (va < vb) c = -1;
    else if (va > vb) c = 1;
    return desc ? -c : c;
  });
  return [...teams, ...rest];
}

/** Spend per team: sortable table, chart, budget state, the unattributed row. */
export function SpendByTeam(props: { table: PlatformSpendTable }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({
    key: 'cost',
    desc: true,
  });
  const rows = useMemo(
    () => sortSpendRows(props.table.rows, sort.key, sort.desc),
    [props.table.rows, sort],
  );
  const direction = sort.desc ? 'desc' : 'asc';
  const header = (
    key: SortKey,
    label: string,
    align: 'left' | 'right' = 'right',
  ) => (
    <TableCell
      align={align}
      sortDirection={sort.key === key ? direction : false}
    >
      <TableSortLabel
        active={sort.key === key}
        direction={sort.key === key && !sort.desc ? 'asc' : 'desc'}
        onClick={() =>
          setSort(s => ({ key, desc: s.key === key ? !s.desc : true }))
        }
      >
        {label}
      </TableSortLabel>
    </TableCell>
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
      <Scroll>
        <Table size="small" aria-label="Spend by team table">
          <TableHead>
            <TableRow>
              {header('title', 'Team', 'left')}
              {header('cost', 'Cost')}
              {header('change', 'Change')}
              {header('sessions', 'Sessions')}
              {header('pullRequests', 'Pull requests')}
              <TableCell>Budget</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(r => {
              const budget = BUDGET_LABEL[r.budget?.state ?? 'none'];
              return (
                <TableRow key={r.team ?? 'unattributed'}>
                  <TableCell>
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
                        <StatusChip
                          label={`Anomaly ${r.anomaly.date}`}
                          tone="warning"
                        />
                      </span>
                    )}
                  </TableCell>
                  <TableCell align="right">{formatUsd(r.cost)}</TableCell>
                  <TableCell align="right">{formatChange(r.change)}</TableCell>
                  <TableCell align="right">{r.sessions}</TableCell>
                  <TableCell align="right">{r.pullRequests}</TableCell>
                  <TableCell>
                    <StatusChip label={budget.label} tone={budget.tone} />
                    {r.budget?.monthlyUsd
                      ? ` ${formatUsd(r.budget.monthToDate)} of ${formatUsd(
                          r.budget.monthlyUsd,
                        )}`
                      : ''}
                  </TableCell>
                </TableRow>
              );
            })}
            <TableRow>
              <TableCell>
                <strong>Total</strong>
              </TableCell>
              <TableCell align="right">
                <strong>{formatUsd(props.table.totals.cost)}</strong>
              </TableCell>
              <TableCell colSpan={4} />
            </TableRow>
          </TableBody>
        </Table>
      </Scroll>
    </>
  );
}
