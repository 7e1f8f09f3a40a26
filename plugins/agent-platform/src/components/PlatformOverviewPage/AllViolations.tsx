import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { PlatformOverview } from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { RefOrText, TextWithRefs } from '../common/RefList';
import { StatusChip } from '../common/StatusChip';
import { daysUntil } from '../common/Violations';
import { allViolations } from '../../lib/overview';
import { DataTable } from './DataTable';

/**
 * Every team's violations (those of `severity` when given), each with where
 * to act (the team page: its exception request form), and the exceptions
 * in force with their expiry.
 */
export function AllViolations(props: {
  overview: PlatformOverview;
  severity?: (s: 'error' | 'warning') => boolean;
  now?: Date;
}) {
  const all = allViolations(props.overview);
  const keep = props.severity ?? (() => true);
  const violations = all.violations.filter(v => keep(v.severity));
  const { excepted } = all;
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
              sortValue: v => (v.severity === 'error' ? 0 : 1),
              text: v => (v.severity === 'error' ? 'Error' : 'Warning'),
            },
            {
              header: 'Team',
              style: { whiteSpace: 'nowrap' },
              cell: v => <EntityRefLink entityRef={v.team} />,
              sortValue: v => v.team,
            },
            { header: 'Rule', cell: v => v.rule, sortValue: v => v.rule },
            {
              header: 'Message',
              cell: v => <TextWithRefs text={v.message} />,
              sortValue: v => v.message,
            },
            {
              header: 'Act',
              cell: v => (
                <EntityRefLink entityRef={v.team}>
                  Fix or request an exception
                </EntityRefLink>
              ),
              sortValue: v => v.team,
              data: false,
            },
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
                sortValue: e => e.exception.until,
              },
              {
                header: 'Team',
                cell: e => <EntityRefLink entityRef={e.team} />,
                sortValue: e => e.team,
              },
              {
                header: 'Rule',
                cell: e => (
                  <>
                    {e.rule}: <TextWithRefs text={e.item} />
                  </>
                ),
                sortValue: e => `${e.rule}: ${e.item}`,
              },
              {
                header: 'Approved by',
                cell: e => (
                  <RefOrText
                    value={e.exception.approvedBy}
                    defaultKind="user"
                  />
                ),
                sortValue: e => e.exception.approvedBy,
              },
            ]}
          />
        </Box>
      )}
    </>
  );
}
