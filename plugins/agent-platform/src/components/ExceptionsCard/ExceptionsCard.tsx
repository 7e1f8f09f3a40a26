import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  ExceptionRequestView,
  ExceptionsView,
} from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { agentPlatformExceptionsApiRef } from '../../api';
import { messageOf } from '../../lib/errors';
import { AsyncContent } from '../common/AsyncContent';
import { RefOrText, TextWithRefs } from '../common/RefList';
import { ExceptionRequestForm } from './ExceptionRequestForm';

const STATE_LABEL: Record<ExceptionRequestView['state'], string> = {
  pending: 'waiting for approval',
  denied: 'denied',
  scheduled: 'approved, starts later',
  active: 'approved, in force',
  expired: 'expired',
};

const isEmpty = (view: ExceptionsView) =>
  view.requests.length === 0 && view.inConfig.length === 0 && !view.canRequest;

/**
 * Exceptions of one team (`team`, a Group ref) or of every team: the
 * exceptions its config holds (and why one does not count), its requests
 * with their state, a request form for the team's members, and approve and
 * deny buttons for approvers. What the caller may do comes from the backend
 * (the permission framework decides).
 *
 * @public
 */
export function ExceptionsCard(props: { team?: string }) {
  const { team } = props;
  const api = useApi(agentPlatformExceptionsApiRef);
  const state = useAsyncRetry(() => api.getExceptions(team), [api, team]);
  const [actionError, setActionError] = useState<string>();

  const decide = async (id: string, decision: 'approve' | 'deny') => {
    setActionError(undefined);
    try {
      await api.decideException(id, decision);
    } catch (e) {
      setActionError(messageOf(e));
    }
    state.retry();
  };

  return (
    <InfoCard title="Exceptions" titleTypographyProps={{ component: 'h2' }}>
      <AsyncContent
        what="exceptions"
        state={state}
        emptyTitle="No exceptions"
        emptyDescription="No team config holds an exception and nobody has asked for one."
        isEmpty={isEmpty}
      >
        {view => (
          <>
            {view.inConfig.length > 0 && (
              <>
                <Typography variant="subtitle2">Held by the config</Typography>
                <List dense aria-label="Held exceptions">
                  {view.inConfig.map(e => (
                    <ListItem key={`${e.config}:${e.target}:${e.until}`}>
                      <ListItemText
                        primary={
                          <>
                            <TextWithRefs text={e.target} /> until {e.until}
                            {!team && (
                              <>
                                {' '}
                                (<EntityRefLink entityRef={e.team} />)
                              </>
                            )}
                          </>
                        }
                        secondary={
                          e.rejected ? (
                            <>
                              Does not count: <TextWithRefs text={e.rejected} />
                            </>
                          ) : (
                            <>
                              Approved by{' '}
                              <RefOrText
                                value={e.approvedBy}
                                defaultKind="user"
                              />
                              : {e.reason}
                            </>
                          )
                        }
                        secondaryTypographyProps={
                          e.rejected ? { color: 'error' } : undefined
                        }
                      />
                    </ListItem>
                  ))}
                </List>
              </>
            )}
            {view.requests.length > 0 && (
              <>
                <Typography variant="subtitle2">Requests</Typography>
                <List dense aria-label="Exception requests">
                  {view.requests.map(r => (
                    <ListItem key={r.id}>
                      <ListItemText
                        primary={
                          <>
                            <TextWithRefs text={r.target} />, {r.since} to{' '}
                            {r.until}
                            {!team && (
                              <>
                                {' '}
                                (<EntityRefLink entityRef={r.team} />)
                              </>
                            )}
                            : {STATE_LABEL[r.state]}
                          </>
                        }
                        secondary={
                          <>
                            {r.reason} (asked by{' '}
                            <RefOrText
                              value={r.requestedBy}
                              defaultKind="user"
                            />
                            {r.decidedBy && (
                              <>
                                ; decided by{' '}
                                <RefOrText
                                  value={r.decidedBy}
                                  defaultKind="user"
                                />
                              </>
                            )}
                            )
                          </>
                        }
                      />
                      {view.canDecide && r.state === 'pending' && (
                        <Box display="flex" ml={1}>
                          <Button
                            color="primary"
                            onClick={() => decide(r.id, 'approve')}
                            aria-label={`Approve ${r.target} for ${r.team}`}
                          >
                            Approve
                          </Button>
                          <Button
                            onClick={() => decide(r.id, 'deny')}
                            aria-label={`Deny ${r.target} for ${r.team}`}
                          >
                            Deny
                          </Button>
                        </Box>
                      )}
                    </ListItem>
                  ))}
                </List>
              </>
            )}
            {actionError && (
              <Typography color="error" role="alert">
                {actionError}
              </Typography>
            )}
            {team && view.canRequest && (
              <ExceptionRequestForm
                team={team}
                maxDays={view.maxDays}
                onSubmit={async request => {
                  await api.requestException(request);
                  state.retry();
                }}
              />
            )}
          </>
        )}
      </AsyncContent>
    </InfoCard>
  );
}
