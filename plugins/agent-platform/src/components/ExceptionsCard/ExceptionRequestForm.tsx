import { FormEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { NewExceptionRequest } from '../../api';
import { messageOf } from '../../lib/errors';

const addDays = (days: number, now = new Date()) =>
  new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The form a team member asks for an exception with: the rule (or MCP
 * server), why, and for how many days (at most `maxDays`). The backend checks
 * everything again; its message is shown as it is.
 */
export function ExceptionRequestForm(props: {
  team: string;
  maxDays: number;
  onSubmit: (request: NewExceptionRequest) => Promise<unknown>;
}) {
  const { team, maxDays, onSubmit } = props;
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [days, setDays] = useState(String(Math.min(30, maxDays)));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const dayCount = Number(days);
  const daysInvalid =
    !Number.isInteger(dayCount) || dayCount < 1 || dayCount > maxDays;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      // Day 1 is today: n days end n - 1 days from now.
      await onSubmit({ team, target, reason, until: addDays(dayCount - 1) });
      setTarget('');
      setReason('');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box component="form" onSubmit={submit} aria-label="Request an exception">
      <Typography variant="subtitle2">Request an exception</Typography>
      <TextField
        id="exception-request-target"
        label="Rule or MCP server"
        placeholder="Read(./.env) or api:default/postgres-prod"
        value={target}
        onChange={e => setTarget(e.target.value)}
        fullWidth
        margin="dense"
        required
      />
      <TextField
        id="exception-request-reason"
        label="Reason"
        value={reason}
        onChange={e => setReason(e.target.value)}
        fullWidth
        margin="dense"
        multiline
        required
      />
      <TextField
        id="exception-request-days"
        label="Days"
        type="number"
        value={days}
        onChange={e => setDays(e.target.value)}
        margin="dense"
        error={daysInvalid}
        helperText={`1 to ${maxDays}, from today`}
        inputProps={{ min: 1, max: maxDays }}
        required
      />
      {error && (
        <Typography color="error" role="alert">
          {error}
        </Typography>
      )}
      <Box mt={1}>
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={busy || daysInvalid || !target.trim() || !reason.trim()}
        >
          Request
        </Button>
      </Box>
    </Box>
  );
}
