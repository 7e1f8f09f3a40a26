import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { messageOf } from '../../lib/errors';

/**
 * "Notify owners": sends the team one notification about its agent config
 * (the backend writes it from the snapshot). Shown only to those the
 * permission policy lets notify (the platform team by default).
 */
export function NotifyOwnersButton(props: { team: string }) {
  const api = useApi(agentPlatformApiRef);
  const allowed = useAsync(() => api.canNotifyTeams(), [api]);
  const [state, setState] = useState<
    { status: 'idle' | 'sending' } | { status: 'sent' | 'failed'; text: string }
  >({ status: 'idle' });
  if (!allowed.value?.allowed) return null;
  if (state.status === 'sent' || state.status === 'failed') {
    return (
      <Typography
        variant="caption"
        role="status"
        color={state.status === 'failed' ? 'error' : 'textSecondary'}
      >
        {state.text}
      </Typography>
    );
  }
  return (
    <Button
      size="small"
      variant="outlined"
      disabled={state.status === 'sending'}
      onClick={async () => {
        setState({ status: 'sending' });
        try {
          const sent = await api.notifyTeam(props.team);
          setState({ status: 'sent', text: `Notified ${sent.team}` });
        } catch (error) {
          setState({ status: 'failed', text: messageOf(error) });
        }
      }}
    >
      Notify owners
    </Button>
  );
}
