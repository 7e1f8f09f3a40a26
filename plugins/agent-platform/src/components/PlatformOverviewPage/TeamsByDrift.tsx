import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  PlatformOverview,
  TeamOverview,
} from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { StatusChip, Tone } from '../common/StatusChip';
import { driftStatus } from '../BaseVersionCard/BaseVersionCard';
import { teamsByDrift } from '../../lib/overview';
import { DataTable } from './DataTable';
import { NotifyOwnersButton } from './NotifyOwnersButton';

const count = (t: TeamOverview, severity: 'error' | 'warning') =>
  t.violations.filter(v => v.severity === severity).length;

const violationCounts = (t: TeamOverview) => {
  const errors = count(t, 'error');
  const warnings = count(t, 'warning');
  return `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${
    warnings === 1 ? 'warning' : 'warnings'
  }`;
};

const status = (t: TeamOverview) =>
  t.drift ? driftStatus(t.drift) : { label: 'No pin', tone: 'error' as Tone };

/** Needs an upgrade: no pin, an unknown or withdrawn pin, or releases behind. */
const needsUpgrade = (t: TeamOverview) =>
  !t.drift ||
  t.drift.pinUnknown ||
  t.drift.pinWithdrawn ||
  t.drift.releasesBehind > 0;

/**
 * Teams ordered by drift, each behind the latest release with where to act:
 * its team page (the upgrade buttons of its repositories) and the base's
 * page (the upgrade campaign for every repository).
 */
export function TeamsByDrift(props: { overview: PlatformOverview }) {
  const teams = teamsByDrift(props.overview);
  const base =
    props.overview.bases.length === 1 ? props.overview.bases[0] : undefined;
  if (teams.length === 0)
    return (
      <Typography variant="body2">
        No team with an agent config matches.
      </Typography>
    );
  return (
    <DataTable
      label="Teams by drift"
      rows={teams}
      rowKey={t => t.config}
      columns={[
        {
          header: 'Team',
          style: { whiteSpace: 'nowrap' },
          cell: t => <EntityRefLink entityRef={t.team} />,
          sortValue: t => t.team,
        },
        {
          header: 'Pin',
          style: { whiteSpace: 'nowrap' },
          cell: t => t.pin ?? '—',
          sortValue: t => t.pin,
        },
        {
          header: 'Status',
          cell: t => {
            const s = status(t);
            return (
              <>
                <StatusChip label={s.label} tone={s.tone} />
                {t.drift?.missedSecurity && (
                  <StatusChip label="Missed security" tone="error" />
                )}
                {t.drift?.pinDeprecated && (
                  <StatusChip label="Deprecated pin" tone="warning" />
                )}
              </>
            );
          },
          // Unknown or withdrawn pins first, then missed security, then most behind.
          sortValue: t =>
            t.drift
              ? (t.drift.pinUnknown || t.drift.pinWithdrawn ? 500 : 0) +
                (t.drift.missedSecurity ? 100 : 0) +
                (t.drift.pinDeprecated ? 50 : 0) +
                t.drift.releasesBehind
              : 1000,
          text: t =>
            [
              status(t).label,
              t.drift?.missedSecurity ? 'Missed security' : '',
              t.drift?.pinDeprecated ? 'Deprecated pin' : '',
            ]
              .filter(Boolean)
              .join('; '),
        },
        {
          header: 'Repos matching',
          align: 'right',
          cell: t => `${t.repoDrift.matching} / ${t.repoDrift.total}`,
          sortValue: t => t.repoDrift.matching,
          text: t => `${t.repoDrift.matching} / ${t.repoDrift.total}`,
        },
        {
          header: 'Violations',
          align: 'right',
          cell: violationCounts,
          sortValue: t => count(t, 'error') * 1000 + count(t, 'warning'),
          text: violationCounts,
        },
        {
          header: 'Act',
          cell: t =>
            needsUpgrade(t) || t.violations.length > 0 ? (
              <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
                {needsUpgrade(t) && (
                  <EntityRefLink entityRef={t.team}>
                    Upgrade its repositories
                  </EntityRefLink>
                )}
                {needsUpgrade(t) && base && (
                  <EntityRefLink entityRef={base.ref}>
                    Upgrade campaign to {base.latest ?? 'the latest'}
                  </EntityRefLink>
                )}
                <NotifyOwnersButton team={t.team} />
              </Box>
            ) : (
              '—'
            ),
          sortValue: t => (needsUpgrade(t) ? 0 : 1),
          data: false,
        },
      ]}
    />
  );
}
