import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { PlatformOverview } from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { StatusChip } from '../common/StatusChip';
import { daysUntil } from '../common/Violations';
import { allViolations } from '../../lib/overview';
import { DataTable } from './DataTable';

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
