import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  SpendRange,
  SpendReconciliation,
} from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { formatUsd } from '../../lib/format';
import { AsyncContent } from '../common/AsyncContent';

/** A difference of at least a cent is shown as one. */
const differs = (difference: number | null) =>
  difference !== null && Math.abs(difference) >= 0.01;

function signedUsd(value: number): string {
  const sign = Math.sign(value);
  const prefix = sign > 0 ? '+' : '';
  return `${sign < 0 ? '-' : prefix}${formatUsd(Math.abs(value))}`;
}

/**
 * A team's spend per source and day (the backend's reconciliation): what
 * OpenTelemetry reported, what the Admin API usage report says, what is
 * counted, and the days where the two differ, with the rule that picks one
 * source per user-day.
 */
export function SpendReconciliationSection(props: {
  teamRef: string;
  range: SpendRange;
}) {
  const api = useApi(agentPlatformApiRef);
  const state = useAsync(
    () => api.getSpendReconciliation(props.teamRef, props.range),
    [api, props.teamRef, props.range.from, props.range.to],
  );
  return (
    <Box>
      <Typography variant="h6" component="h3">
        Sources and reconciliation
      </Typography>
      <AsyncContent
        what="spend reconciliation"
        state={state}
        emptyTitle="No reconciliation for this entity"
      >
        {r => <ReconciliationTable reconciliation={r} />}
      </AsyncContent>
    </Box>
  );
}

function ReconciliationTable(props: { reconciliation: SpendReconciliation }) {
  const { rule, totals } = props.reconciliation;
  // Days where a source sent something; the rest are all zero.
  const days = props.reconciliation.days
    .filter(d => d.otlp > 0 || d.adminApi > 0 || d.counted > 0)
    .reverse();
  const differing = days.filter(d => differs(d.difference)).length;
  return (
    <>
      <Typography variant="body2" color="textSecondary" paragraph>
        {rule}
      </Typography>
      <Typography variant="body2" paragraph>
        OpenTelemetry {formatUsd(totals.otlp)} · Admin API report{' '}
        {formatUsd(totals.adminApi)} · counted {formatUsd(totals.counted)}
        {' · '}
        {differing === 0
          ? 'no day where both sources differ'
          : `${differing} day${
              differing === 1 ? '' : 's'
            } where the report differs from telemetry`}
      </Typography>
      {days.length > 0 && (
        <Box style={{ overflowX: 'auto', maxHeight: 360 }}>
          <Table size="small" aria-label="Spend per source and day">
            <TableHead>
              <TableRow>
                <TableCell>Day</TableCell>
                <TableCell align="right">OpenTelemetry</TableCell>
                <TableCell align="right">Admin API report</TableCell>
                <TableCell align="right">Counted</TableCell>
                <TableCell align="right">Report - telemetry</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {days.map(d => (
                <TableRow key={d.date}>
                  <TableCell>{d.date}</TableCell>
                  <TableCell align="right">{formatUsd(d.otlp)}</TableCell>
                  <TableCell align="right">{formatUsd(d.adminApi)}</TableCell>
                  <TableCell align="right">{formatUsd(d.counted)}</TableCell>
                  <TableCell
                    align="right"
                    style={
                      differs(d.difference) ? { fontWeight: 600 } : undefined
                    }
                  >
                    {d.difference === null
                      ? 'one source only'
                      : signedUsd(d.difference)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </>
  );
}
