import type {
  PlatformOverview,
  ReleaseUsage,
} from '@agent-platform/plugin-agent-platform-common';
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
import { Link } from '@backstage/core-components';
import { overviewLink } from '../../lib/overviewFilters';
import { RefList } from '../common/RefList';
import { StatusChip } from '../common/StatusChip';
import { CHART_COLORS } from '../common/palette';
import { DataTable } from './DataTable';

const flags = (r: ReleaseUsage) =>
  [
    r.known ? '' : 'Unknown',
    r.security ? 'Security' : '',
    r.deprecated ? 'Deprecated' : '',
    r.withdrawn ? 'Withdrawn' : '',
  ]
    .filter(Boolean)
    .join(' ');

/** Teams and repositories per release, as a chart and a table. */
export function ReleaseDistribution(props: { overview: PlatformOverview }) {
  // Sorting by release keeps the backend's order (semver, unknown pins last).
  const order = new Map(
    props.overview.releases.map((r, i) => [r.version, -i] as const),
  );
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
      <DataTable
        label="Release distribution"
        rows={props.overview.releases}
        rowKey={r => r.version}
        columns={[
          {
            header: 'Release',
            style: { whiteSpace: 'nowrap' },
            // The teams on this release, with the release filter set.
            cell: r => (
              <Link
                to={overviewLink({ release: r.version }, 'ap-drift')}
                title={`Show the teams on ${r.version}`}
              >
                {r.version}
              </Link>
            ),
            // Newest first is the order the backend sends.
            sortValue: r => order.get(r.version),
            text: r => r.version,
          },
          {
            header: 'Flags',
            cell: r => (
              <>
                {!r.known && <StatusChip label="Unknown" tone="error" />}
                {r.security && <StatusChip label="Security" tone="info" />}
                {r.deprecated && (
                  <StatusChip label="Deprecated" tone="warning" />
                )}
                {r.withdrawn && <StatusChip label="Withdrawn" tone="error" />}
              </>
            ),
            sortValue: r => flags(r),
          },
          {
            header: 'Teams',
            cell: r => <RefList refs={r.teams} none="—" />,
            sortValue: r => r.teams.length,
            text: r => r.teams.join(' '),
          },
          {
            header: 'Repositories',
            align: 'right',
            cell: r => r.repos.length,
            sortValue: r => r.repos.length,
          },
        ]}
      />
    </>
  );
}
