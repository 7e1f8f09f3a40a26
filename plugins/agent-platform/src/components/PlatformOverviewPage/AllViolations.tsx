import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  ExceptionsView,
  FederationViolation,
  PlatformOverview,
} from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { RefOrText, TextWithRefs } from '../common/RefList';
import { StatusChip } from '../common/StatusChip';
import { daysUntil } from '../common/Violations';
import { allViolations } from '../../lib/overview';
import { DataTable } from './DataTable';

/** Exception requests, and approving or denying one (what the exceptions card does). */
export interface ViolationExceptions {
  view: ExceptionsView;
  decide: (id: string, decision: 'approve' | 'deny') => void;
}

function Act(props: {
  v: FederationViolation & { team: string };
  exceptions?: ViolationExceptions;
}) {
  const { v, exceptions } = props;
  const pending = exceptions?.view.requests.find(
    r => r.state === 'pending' && r.team === v.team && r.target === v.item,
  );
  if (pending && exceptions?.view.canDecide) {
    return (
      <Box display="flex" alignItems="center" flexWrap="wrap">
        <Typography variant="caption" component="span">
          Exception requested until {pending.until}:
        </Typography>
        <Button
          size="small"
          color="primary"
          onClick={() => exceptions.decide(pending.id, 'approve')}
          aria-label={`Approve the exception for ${v.item} (${v.team}) from the violation`}
        >
          Approve
        </Button>
        <Button
          size="small"
          onClick={() => exceptions.decide(pending.id, 'deny')}
          aria-label={`Deny the exception for ${v.item} (${v.team}) from the violation`}
        >
          Deny
        </Button>
      </Box>
    );
  }
  if (pending) {
    return (
      <StatusChip
        label={`Exception requested until ${pending.until}`}
        tone="info"
      />
    );
  }
  if (v.asset) {
    // A subagent's tool refused by the team's rules: the subagent is what
    // changes (no exception applies to it).
    return <EntityRefLink entityRef={v.asset}>Fix the subagent</EntityRefLink>;
  }
  return (
    <EntityRefLink entityRef={v.team}>
      Fix or request an exception
    </EntityRefLink>
  );
}

/**
 * Every team's violations (those of `severity` when given), each with where
 * to act: approve or deny a pending exception request for it (approvers),
 * else the team page (its exception request form); then the exceptions in
 * force with their expiry.
 */
export function AllViolations(props: {
  overview: PlatformOverview;
  severity?: (s: 'error' | 'warning') => boolean;
  exceptions?: ViolationExceptions;
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
              cell: v => <Act v={v} exceptions={props.exceptions} />,
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
