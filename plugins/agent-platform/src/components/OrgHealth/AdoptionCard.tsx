import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { AdoptionRow } from '@agent-platform/plugin-agent-platform-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';
import { StatusChip, Tone } from '../common/StatusChip';
import { formatPercent, formatUsd } from '../../lib/format';

type Key =
  | 'title'
  | 'depth'
  | 'activeEngineers'
  | 'sessionsPerEngineerPerWeek'
  | 'skillShare'
  | 'costPerPullRequest'
  | 'cost';
const COLUMNS: Array<{ key: Key; label: string; numeric?: boolean }> = [
  { key: 'title', label: 'Team' },
  { key: 'depth', label: 'Depth' },
  { key: 'activeEngineers', label: 'Active engineers', numeric: true },
  {
    key: 'sessionsPerEngineerPerWeek',
    label: 'Sessions / engineer / week',
    numeric: true,
  },
  { key: 'skillShare', label: 'Spend on skills', numeric: true },
  { key: 'costPerPullRequest', label: 'Cost per PR', numeric: true },
  { key: 'cost', label: 'Cost', numeric: true },
];
const DEPTH: Record<AdoptionRow['depth'], [number, Tone]> = {
  none: [0, 'error'],
  light: [1, 'warning'],
  regular: [2, 'info'],
  heavy: [3, 'ok'],
};

function compare(a: AdoptionRow, b: AdoptionRow, key: Key): number {
  if (key === 'title') return a.title.localeCompare(b.title);
  if (key === 'depth') return DEPTH[a.depth][0] - DEPTH[b.depth][0];
  // Missing values (no engineer, no PR) sort as the lowest.
  return (a[key] ?? -1) - (b[key] ?? -1);
}

/**
 * Adoption depth per team over the last 28 days, sortable by any column;
 * teams that barely use agents first by default.
 *
 * @public
 */
export function AdoptionCard() {
  const api = useApi(agentPlatformApiRef);
  const state = useAsync(() => api.getAdoption(), [api]);
  const [sort, setSort] = useState<{ key: Key; asc: boolean } | undefined>();
  return (
    <InfoCard title="Adoption depth" titleTypographyProps={{ component: 'h3' }}>
      <AsyncContent
        what="adoption"
        state={state}
        emptyTitle="No teams"
        isEmpty={t => t.rows.length === 0}
      >
        {table => {
          const rows = sort
            ? [...table.rows].sort(
                (a, b) => (sort.asc ? 1 : -1) * compare(a, b, sort.key),
              )
            : table.rows;
          return (
            <Table size="small" aria-label="Adoption depth">
              <TableHead>
                <TableRow>
                  {COLUMNS.map(c => (
                    <TableCell key={c.key} align={c.numeric ? 'right' : 'left'}>
                      <TableSortLabel
                        active={sort?.key === c.key}
                        direction={
                          sort?.key === c.key && !sort.asc ? 'desc' : 'asc'
                        }
                        onClick={() =>
                          setSort(s => ({
                            key: c.key,
                            asc: s?.key === c.key ? !s.asc : true,
                          }))
                        }
                      >
                        {c.label}
                      </TableSortLabel>
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map(r => (
                  <TableRow key={r.team}>
                    <TableCell>{r.title}</TableCell>
                    <TableCell>
                      <StatusChip label={r.depth} tone={DEPTH[r.depth][1]} />
                    </TableCell>
                    <TableCell align="right">{r.activeEngineers}</TableCell>
                    <TableCell align="right">
                      {r.sessionsPerEngineerPerWeek ?? '—'}
                    </TableCell>
                    <TableCell align="right">
                      {formatPercent(r.skillShare, 0)}
                    </TableCell>
                    <TableCell align="right">
                      {r.costPerPullRequest === null
                        ? '—'
                        : formatUsd(r.costPerPullRequest)}
                    </TableCell>
                    <TableCell align="right">{formatUsd(r.cost)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          );
        }}
      </AsyncContent>
    </InfoCard>
  );
}
