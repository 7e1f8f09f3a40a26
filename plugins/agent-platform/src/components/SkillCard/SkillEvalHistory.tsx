import useAsync from 'react-use/esm/useAsync';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  SkillEvalBar,
  SkillEvalHistory as History,
} from '@agent-platform/plugin-agent-platform-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';
import { LabeledRow } from '../common/LabeledRow';
import { StatusChip, Tone } from '../common/StatusChip';

const TONE: Record<string, Tone> = {
  passing: 'ok',
  failing: 'error',
  pending: 'warning',
  none: 'neutral',
};

function BarRow(props: { bar: SkillEvalBar; version: string | null }) {
  const { bar, version } = props;
  if (bar.verified && bar.latest) {
    const { counts, suite, ranAt } = bar.latest;
    return (
      <LabeledRow label="Evaluation">
        <StatusChip label={bar.status} tone={TONE[bar.status]} />
        <StatusChip label="measured" tone="info" /> {suite}: {counts.passed} of{' '}
        {counts.total} passed, run {ranAt.slice(0, 10)}
        {bar.declared && bar.declared !== bar.status
          ? ` (SKILL.md declares ${bar.declared})`
          : ''}
      </LabeledRow>
    );
  }
  return (
    <LabeledRow label="Evaluation">
      <StatusChip label={bar.status} tone={TONE[bar.status] ?? 'neutral'} />
      <StatusChip
        label="unverified"
        tone="warning"
        title="Declared in SKILL.md; no evaluation run was posted for this version"
      />{' '}
      self-declared; no run posted for version {version ?? '(none)'}
    </LabeledRow>
  );
}

/**
 * A skill's eval bar (measured from posted runs, or self-declared and shown
 * as unverified) and its posted evaluation runs, newest first.
 *
 * @public
 */
export function SkillEvalHistory(props: {
  skillRef: string;
  /** The skill's own `evalStatus`, shown (unverified) while the history loads or when it cannot. */
  declared?: string;
}) {
  const api = useApi(agentPlatformApiRef);
  const state = useAsync(
    () => api.getSkillEvals(props.skillRef),
    [api, props.skillRef],
  );
  if (!state.value) {
    return (
      <>
        <BarRow
          bar={{ status: (props.declared as any) ?? 'none', verified: false }}
          version={null}
        />
        {state.error && (
          <Typography variant="body2" color="textSecondary">
            Evaluation runs not available: {state.error.message}
          </Typography>
        )}
      </>
    );
  }
  return (
    <>
      <BarRow bar={state.value.bar} version={state.value.version} />
      <Typography variant="subtitle2" component="h3">
        Evaluation runs
      </Typography>
      <AsyncContent
        what="evaluation runs"
        state={state}
        emptyTitle="No evaluation run was posted"
        emptyDescription="The skill's CI posts its runs with agent-context eval."
        isEmpty={h => h.results.length === 0}
      >
        {(history: History) => (
          <Table size="small" aria-label="Evaluation runs">
            <TableHead>
              <TableRow>
                <TableCell>Run</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>Suite</TableCell>
                <TableCell>Outcome</TableCell>
                <TableCell align="right">Passed / failed / skipped</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {history.results.map(r => (
                <TableRow key={`${r.ranAt}-${r.receivedAt}-${r.suite}`}>
                  <TableCell>
                    {r.runUrl ? (
                      <Link to={r.runUrl}>
                        {r.ranAt.slice(0, 16).replace('T', ' ')}
                      </Link>
                    ) : (
                      r.ranAt.slice(0, 16).replace('T', ' ')
                    )}
                  </TableCell>
                  <TableCell>{r.version}</TableCell>
                  <TableCell>{r.suite}</TableCell>
                  <TableCell>
                    <StatusChip
                      label={r.outcome}
                      tone={r.outcome === 'passed' ? 'ok' : 'error'}
                    />
                  </TableCell>
                  <TableCell align="right">
                    {r.counts.passed} / {r.counts.failed} / {r.counts.skipped}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </AsyncContent>
    </>
  );
}
