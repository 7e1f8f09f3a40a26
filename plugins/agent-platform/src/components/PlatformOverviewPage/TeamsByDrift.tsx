import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { PlatformOverview } from '@agent-platform/plugin-agent-platform-common';
import Typography from '@material-ui/core/Typography';
import { StatusChip, Tone } from '../common/StatusChip';
import { driftStatus } from '../BaseVersionCard/BaseVersionCard';
import { teamsByDrift } from '../../lib/overview';
import { DataTable } from './DataTable';

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
            `${
              t.violations.filter(v => v.severity === 'error').length
            } errors, ${
              t.violations.filter(v => v.severity === 'warning').length
            } warnings`,
        },
      ]}
    />
  );
}
