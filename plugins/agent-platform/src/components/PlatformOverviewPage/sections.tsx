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
    <Scroll>
      <Table size="small" aria-label="Teams by drift">
        <TableHead>
          <TableRow>
            <TableCell>Team</TableCell>
            <TableCell>Pin</TableCell>
            <TableCell>Status</TableCell>
            <TableCell align="right">Repos matching</TableCell>
            <TableCell align="right">Violations</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {teams.map(t => {
            const status = t.drift
              ? driftStatus(t.drift)
              : { label: 'No pin', tone: 'error' as Tone };
            return (
              <TableRow key={t.config}>
                <TableCell>
                  <EntityRefLink entityRef={t.team} />
                </TableCell>
                <TableCell>{t.pin ?? '—'}</TableCell>
                <TableCell>
                  <StatusChip label={status.label} tone={status.tone} />
                  {t.drift?.missedSecurity && (
                    <StatusChip label="Missed security" tone="error" />
                  )}
                  {t.drift?.pinDeprecated && (
                    <StatusChip label="Deprecated pin" tone="warning" />
                  )}
                </TableCell>
                <TableCell align="right">
                  {t.repoDrift.matching} / {t.repoDrift.total}
                </TableCell>
                <TableCell align="right">
                  {t.violations.filter(v => v.severity === 'error').length}{' '}
                  errors,{' '}
                  {t.violations.filter(v => v.severity === 'warning').length}{' '}
                  warnings
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Scroll>
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
        <Scroll>
          <Table size="small" aria-label="Violations">
            <TableHead>
              <TableRow>
                <TableCell>Severity</TableCell>
                <TableCell>Team</TableCell>
                <TableCell>Rule</TableCell>
                <TableCell>Message</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {violations.map((v, i) => (
                <TableRow key={`${v.team}-${v.rule}-${v.item}-${i}`}>
                  <TableCell>
                    <StatusChip
                      label={v.severity === 'error' ? 'Error' : 'Warning'}
                      tone={v.severity === 'error' ? 'error' : 'warning'}
                    />
                  </TableCell>
                  <TableCell>
                    <EntityRefLink entityRef={v.team} />
                  </TableCell>
                  <TableCell>{v.rule}</TableCell>
                  <TableCell>{v.message}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Scroll>
      )}
      {excepted.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2" component="h3">
            Exceptions in force
          </Typography>
          <Scroll>
            <Table size="small" aria-label="Exceptions">
              <TableHead>
                <TableRow>
                  <TableCell>Expires</TableCell>
                  <TableCell>Team</TableCell>
                  <TableCell>Rule</TableCell>
                  <TableCell>Approved by</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {excepted.map((e, i) => {
                  const days = daysUntil(e.exception.until, now);
                  return (
                    <TableRow key={`${e.team}-${e.item}-${i}`}>
                      <TableCell>
                        <StatusChip
                          label={`${e.exception.until} (${days} days)`}
                          tone={days <= 14 ? 'warning' : 'info'}
                        />
                      </TableCell>
                      <TableCell>
                        <EntityRefLink entityRef={e.team} />
                      </TableCell>
                      <TableCell>
                        {e.rule}: <code>{e.item}</code>
                      </TableCell>
                      <TableCell>{e.exception.approvedBy}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Scroll>
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
    <Scroll>
      <Table size="small" aria-label="Model mix departures">
        <TableHead>
          <TableRow>
            <TableCell>Team</TableCell>
            <TableCell align="right">Outside routing</TableCell>
            <TableCell>Models outside</TableCell>
            <TableCell>Routing</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.departures.map(d => (
            <TableRow key={d.team}>
              <TableCell>
                <EntityRefLink entityRef={d.team} />
              </TableCell>
              <TableCell align="right">{formatPercent(d.share)}</TableCell>
              <TableCell>
                {d.outside
                  .map(o => `${o.model} (${formatUsd(o.cost)})`)
                  .join(', ')}
              </TableCell>
              <TableCell>{d.routed.join(', ')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Scroll>
  );
}

/** Teams per skill. */
export function SkillReuseTable(props: { reuse: SkillReuse[] }) {
  if (props.reuse.length === 0)
    return <Typography variant="body2">No skills in the catalog.</Typography>;
  return (
    <Scroll>
      <Table size="small" aria-label="Skill reuse">
        <TableHead>
          <TableRow>
            <TableCell>Skill</TableCell>
            <TableCell>Scope</TableCell>
            <TableCell align="right">Teams</TableCell>
            <TableCell>Used by</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.reuse.map(s => (
            <TableRow key={s.skill}>
              <TableCell>
                <EntityRefLink entityRef={s.skill} title={s.title} />
                {s.lifecycle === 'deprecated' && (
                  <StatusChip label="Deprecated" tone="warning" />
                )}
              </TableCell>
              <TableCell style={{ whiteSpace: 'nowrap' }}>
                {s.scope ?? '—'}
              </TableCell>
              <TableCell align="right">{s.teams.length}</TableCell>
              <TableCell>
                {s.inBase && <StatusChip label="In the base" tone="info" />}
                <RefList refs={s.teams} none={s.inBase ? '' : 'no team'} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Scroll>
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
        <Scroll>
          <Table size="small" aria-label="Promotion candidates">
            <TableHead>
              <TableRow>
                <TableCell>Skill</TableCell>
                <TableCell>Owner</TableCell>
                <TableCell>Other teams (configs)</TableCell>
                <TableCell>Other teams (telemetry)</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {props.candidates.map(c => (
                <TableRow key={c.skill}>
                  <TableCell>
                    <EntityRefLink entityRef={c.skill} />
                  </TableCell>
                  <TableCell>
                    {c.owner ? <EntityRefLink entityRef={c.owner} /> : '—'}
                  </TableCell>
                  <TableCell>
                    <RefList refs={c.configTeams} none="—" />
                  </TableCell>
                  <TableCell>
                    {c.telemetryTeams.length === 0
                      ? '—'
                      : c.telemetryTeams.map((t, i) => (
                          <span key={t.team}>
                            {i > 0 && ', '}
                            <EntityRefLink entityRef={t.team} /> (
                            {formatUsd(t.cost)})
                          </span>
                        ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Scroll>
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
    <Table size="small" aria-label="Unowned assets">
      <TableHead>
        <TableRow>
          <TableCell>Asset</TableCell>
          <TableCell>Why</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.assets.map(a => (
          <TableRow key={a.ref}>
            <TableCell>
              <EntityRefLink entityRef={a.ref} />
            </TableCell>
            <TableCell>{a.reason}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
