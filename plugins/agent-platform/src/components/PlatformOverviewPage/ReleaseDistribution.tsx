import type { PlatformOverview } from '@agent-platform/plugin-agent-platform-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
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
import { RefList } from '../common/RefList';
import { StatusChip } from '../common/StatusChip';
import { CHART_COLORS } from '../common/palette';
import { Scroll } from './DataTable';

/** Teams and repositories per release, as a chart and a table. */
export function ReleaseDistribution(props: { overview: PlatformOverview }) {
  const data = [...props.overview.releases].reverse().map(r => ({
    version: r.version,
    teams: r.teams.length,
    repos: r.repos.length,
  }));
  return (
    <>
      <figure
        style={{ margin: 0 }}
        aria-label="Teams and repositories per release"
      >
        <ResponsiveContainer width="100%" height={220}>
          <BarChart
            data={data}
            margin={{ top: 8, right: 16, left: 0, bottom: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="version" tick={{ fontSize: 11 }} />
            <YAxis allowDecimals={false} width={32} />
            <Tooltip />
            <Legend />
            <Bar
              dataKey="teams"
              name="Teams"
              fill={CHART_COLORS[0]}
              isAnimationActive={false}
            />
            <Bar
              dataKey="repos"
              name="Repositories"
              fill={CHART_COLORS[1]}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <Scroll>
        <Table size="small" aria-label="Release distribution">
          <TableHead>
            <TableRow>
              <TableCell>Release</TableCell>
              <TableCell>Flags</TableCell>
              <TableCell>Teams</TableCell>
              <TableCell align="right">Repositories</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {props.overview.releases.map(r => (
              <TableRow key={r.version}>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {r.version}
                </TableCell>
                <TableCell>
                  {!r.known && <StatusChip label="Unknown" tone="error" />}
                  {r.security && <StatusChip label="Security" tone="info" />}
                  {r.deprecated && (
                    <StatusChip label="Deprecated" tone="warning" />
                  )}
                  {r.withdrawn && <StatusChip label="Withdrawn" tone="error" />}
                </TableCell>
                <TableCell>
                  <RefList refs={r.teams} none="—" />
                </TableCell>
                <TableCell align="right">{r.repos.length}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Scroll>
    </>
  );
}
