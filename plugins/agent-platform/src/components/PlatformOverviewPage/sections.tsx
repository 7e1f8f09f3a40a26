import { useMemo, useState } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  PlatformOverview,
  PlatformSpendRow,
  PlatformSpendTable,
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
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import { RefList } from '../common/RefList';
import { StatusChip, Tone } from '../common/StatusChip';
import { CHART_COLORS } from '../common/palette';
import { daysUntil } from '../common/Violations';
import { driftStatus } from '../BaseVersionCard/BaseVersionCard';
import { formatChange, formatUsd, formatPercent } from '../../lib/format';
import {
  allViolations,
  ModelMixDeparture,
  PromotionCandidate,
  SkillReuse,
  teamsByDrift,
  UnownedAsset,
} from '../../lib/overview';

function Scroll(props: { children: React.ReactNode }) {
  return <Box style={{ overflowX: 'auto' }}>{props.children}</Box>;
}

/** One column of a {@link DataTable}. */
interface Column<T> {
  header: string;
  align?: 'right';
  style?: React.CSSProperties;
  cell: (row: T) => React.ReactNode;
}

/** A small table of rows, one cell per column; scrolls sideways unless `scroll` is false. */
function DataTable<T>(props: {
  label: string;
  rows: T[];
  rowKey: (row: T, index: number) => string;
  columns: Column<T>[];
  scroll?: boolean;
}) {
  const table = (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          {props.columns.map(c => (
            <TableCell key={c.header} align={c.align}>
              {c.header}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map((row, i) => (
          <TableRow key={props.rowKey(row, i)}>
            {props.columns.map(c => (
              <TableCell key={c.header} align={c.align} style={c.style}>
                {c.cell(row)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
  return props.scroll === false ? table : <Scroll>{table}</Scroll>;
}

/** Headline totals of the overview. */
export function OverviewTotals(props: {
  overview: PlatformOverview & { builtAt: string };
}) {
  const { totals } = props.overview;
  const items: Array<[string, number]> = [
    ['Teams', totals.teams],
    ['Repositories', totals.repos],
    ['Teams with errors', totals.teamsWithErrors],
    ['Teams behind', totals.teamsBehind],
    ['Missing a security release', totals.teamsMissingSecurity],
  ];
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 24 }}
      aria-label="Totals"
      role="group"
    >
      {items.map(([label, value]) => (
        <div key={label}>
          <Typography variant="caption" color="textSecondary" component="div">
            {label}
          </Typography>
          <Typography variant="h5" component="div">
            {value}
          </Typography>
        </div>
      ))}
      <Typography
        variant="caption"
        color="textSecondary"
        style={{ alignSelf: 'flex-end' }}
      >
        Snapshot built {props.overview.builtAt}
      </Typography>
    </Box>
  );
}

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

/** Teams ordered by drift. */
export function TeamsByDrift(props: { overview: PlatformOverview }) {
  const teams = teamsByDrift(props.overview);
  if (teams.length === 0)
    return (
      <Typography variant="body2">No team has an agent config.</Typography>
    );
  return (
    <DataTable
      label="Teams by drift"
      rows={teams}
      rowKey={t => t.config}
      columns={[
        { header: 'Team', cell: t => <EntityRefLink entityRef={t.team} /> },
        { header: 'Pin', cell: t => t.pin ?? '—' },
        {
          header: 'Status',
          cell: t => {
            const status = t.drift
              ? driftStatus(t.drift)
              : { label: 'No pin', tone: 'error' as Tone };
            return (
              <>
                <StatusChip label={status.label} tone={status.tone} />
                {t.drift?.missedSecurity && (
                  <StatusChip label="Missed security" tone="error" />
                )}
                {t.drift?.pinDeprecated && (
                  <StatusChip label="Deprecated pin" tone="warning" />
                )}
              </>
            );
          },
        },
        {
          header: 'Repos matching',
          align: 'right',
          cell: t => `${t.repoDrift.matching} / ${t.repoDrift.total}`,
        },
        {
          header: 'Violations',
          align: 'right',
          cell: t =>
            `${t.violations.filter(v => v.severity === 'error').length} errors, ${
              t.violations.filter(v => v.severity === 'warning').length
            } warnings`,
        },
      ]}
    />
  );
}

/** Every team's violations, and the exceptions with their expiry. */
export function AllViolations(props: {
  overview: PlatformOverview;
  now?: Date;
}) {
  const { violations, excepted } = allViolations(props.overview);
  const now = props.now ?? new Date();
  return (
    <>
      {violations.length === 0 ? (
        <Typography variant="body2">No violations.</Typography>
      ) : (
        <DataTable
          label="Violations"
          rows={violations}
          rowKey={(v, i) => `${v.team}-${v.rule}-${v.item}-${i}`}
          columns={[
            {
              header: 'Severity',
              cell: v => (
                <StatusChip
                  label={v.severity === 'error' ? 'Error' : 'Warning'}
                  tone={v.severity === 'error' ? 'error' : 'warning'}
                />
              ),
            },
            { header: 'Team', cell: v => <EntityRefLink entityRef={v.team} /> },
            { header: 'Rule', cell: v => v.rule },
            { header: 'Message', cell: v => v.message },
          ]}
        />
      )}
      {excepted.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2" component="h3">
            Exceptions in force
          </Typography>
          <DataTable
            label="Exceptions"
            rows={excepted}
            rowKey={(e, i) => `${e.team}-${e.item}-${i}`}
            columns={[
              {
                header: 'Expires',
                cell: e => {
                  const days = daysUntil(e.exception.until, now);
                  return (
                    <StatusChip
                      label={`${e.exception.until} (${days} days)`}
                      tone={days <= 14 ? 'warning' : 'info'}
                    />
                  );
                },
              },
              {
                header: 'Team',
                cell: e => <EntityRefLink entityRef={e.team} />,
              },
              {
                header: 'Rule',
                cell: e => (
                  <>
                    {e.rule}: <code>{e.item}</code>
                  </>
                ),
              },
              { header: 'Approved by', cell: e => e.exception.approvedBy },
            ]}
          />
        </Box>
      )}
    </>
  );
}

/** Deprecated releases, skills and MCP servers still in use. */
export function DeprecatedInUse(props: { overview: PlatformOverview }) {
  const { releases, skills, mcpServers } = props.overview.deprecated;
  if (releases.length + skills.length + mcpServers.length === 0) {
    return (
      <Typography variant="body2">Nothing deprecated is in use.</Typography>
    );
  }
  return (
    <Scroll>
      <Table size="small" aria-label="Deprecated assets in use">
        <TableHead>
          <TableRow>
            <TableCell>Asset</TableCell>
            <TableCell>Replacement</TableCell>
            <TableCell>Still used by</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {releases.map(r => (
            <TableRow key={`release-${r.version}`}>
              <TableCell>
                Release {r.version}{' '}
                {r.withdrawn ? (
                  <StatusChip label="Withdrawn" tone="error" />
                ) : (
                  <StatusChip label="Deprecated" tone="warning" />
                )}
              </TableCell>
              <TableCell>latest release</TableCell>
              <TableCell>
                <RefList refs={[...r.teams, ...r.repos]} />
              </TableCell>
            </TableRow>
          ))}
          {skills.map(s => (
            <TableRow key={s.ref}>
              <TableCell>
                <EntityRefLink entityRef={s.ref} />
              </TableCell>
              <TableCell>
                {s.replacedBy ? (
                  <EntityRefLink entityRef={s.replacedBy} />
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell>
                <RefList refs={s.usedBy} />
              </TableCell>
            </TableRow>
          ))}
          {mcpServers.map(s => (
            <TableRow key={s.ref}>
              <TableCell>
                <EntityRefLink entityRef={s.ref} />
              </TableCell>
              <TableCell>—</TableCell>
              <TableCell>
                <RefList refs={s.usedBy} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Scroll>
  );
}

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

/** Teams whose model mix departs from their routing. */
export function ModelMixTable(props: { departures: ModelMixDeparture[] }) {
  if (props.departures.length === 0) {
    return (
      <Typography variant="body2">
        Every team's spend follows its model routing.
      </Typography>
    );
  }
  return (
    <DataTable
      label="Model mix departures"
      rows={props.departures}
      rowKey={d => d.team}
      columns={[
        { header: 'Team', cell: d => <EntityRefLink entityRef={d.team} /> },
        {
          header: 'Outside routing',
          align: 'right',
          cell: d => formatPercent(d.share),
        },
        {
          header: 'Models outside',
          cell: d =>
            d.outside.map(o => `${o.model} (${formatUsd(o.cost)})`).join(', '),
        },
        { header: 'Routing', cell: d => d.routed.join(', ') },
      ]}
    />
  );
}

/** Teams per skill. */
export function SkillReuseTable(props: { reuse: SkillReuse[] }) {
  if (props.reuse.length === 0)
    return <Typography variant="body2">No skills in the catalog.</Typography>;
  return (
    <DataTable
      label="Skill reuse"
      rows={props.reuse}
      rowKey={r => r.skill}
      columns={[
        {
          header: 'Skill',
          cell: r => (
            <>
              <EntityRefLink entityRef={r.skill} title={r.title} />
              {r.lifecycle === 'deprecated' && (
                <StatusChip label="Deprecated" tone="warning" />
              )}
            </>
          ),
        },
        {
          header: 'Scope',
          style: { whiteSpace: 'nowrap' },
          cell: r => r.scope ?? '—',
        },
        { header: 'Teams', align: 'right', cell: r => r.teams.length },
        {
          header: 'Used by',
          cell: r => (
            <>
              {r.inBase && <StatusChip label="In the base" tone="info" />}
              <RefList refs={r.teams} none={r.inBase ? '' : 'no team'} />
            </>
          ),
        },
      ]}
    />
  );
}

/** Team-local skills other teams already use. */
export function PromotionCandidates(props: {
  candidates: PromotionCandidate[];
  telemetry: boolean;
}) {
  return (
    <>
      {!props.telemetry && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          From agent configs only: no spend telemetry is available.
        </Typography>
      )}
      {props.candidates.length === 0 ? (
        <Typography variant="body2">
          No team-local skill is used by another team.
        </Typography>
      ) : (
        <DataTable
          label="Promotion candidates"
          rows={props.candidates}
          rowKey={c => c.skill}
          columns={[
            { header: 'Skill', cell: c => <EntityRefLink entityRef={c.skill} /> },
            {
              header: 'Owner',
              cell: c => (c.owner ? <EntityRefLink entityRef={c.owner} /> : '—'),
            },
            {
              header: 'Other teams (configs)',
              cell: c => <RefList refs={c.configTeams} none="—" />,
            },
            {
              header: 'Other teams (telemetry)',
              cell: c =>
                c.telemetryTeams.length === 0
                  ? '—'
                  : c.telemetryTeams.map((t, i) => (
                      <span key={t.team}>
                        {i > 0 && ', '}
                        <EntityRefLink entityRef={t.team} /> (
                        {formatUsd(t.cost)})
                      </span>
                    )),
            },
          ]}
        />
      )}
    </>
  );
}

/** Assets without a usable owner. */
export function UnownedAssets(props: { assets: UnownedAsset[] }) {
  if (props.assets.length === 0)
    return (
      <Typography variant="body2">
        Every asset has an owner in the catalog.
      </Typography>
    );
  return (
    <DataTable
      label="Unowned assets"
      rows={props.assets}
      rowKey={a => a.ref}
      scroll={false}
      columns={[
        { header: 'Asset', cell: a => <EntityRefLink entityRef={a.ref} /> },
        { header: 'Why', cell: a => a.reason },
      ]}
    />
  );
}
