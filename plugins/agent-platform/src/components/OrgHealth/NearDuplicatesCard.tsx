import useAsync from 'react-use/esm/useAsync';
import { InfoCard, Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';
import { StatusChip } from '../common/StatusChip';
import { formatPercent, shortRef } from '../../lib/format';

/** The scaffolder form of the promote-skill template, prefilled. */
export function promoteLink(skillRef: string): string {
  return `/create/templates/default/promote-skill?formData=${encodeURIComponent(
    JSON.stringify({ skill: skillRef }),
  )}`;
}

/**
 * Near-duplicate skills: each pair, its similarity, whether it is a
 * consolidation or a promotion candidate, and a link to promote.
 *
 * @public
 */
export function NearDuplicatesCard() {
  const api = useApi(agentPlatformApiRef);
  const state = useAsync(() => api.getNearDuplicates(), [api]);
  return (
    <InfoCard
      title="Near-duplicate skills"
      titleTypographyProps={{ component: 'h3' }}
    >
      <AsyncContent
        what="near-duplicate skills"
        state={state}
        emptyTitle="No near-duplicate skills"
        emptyDescription="No two skills share enough of their text."
        isEmpty={r => r.pairs.length === 0 && r.skipped.length === 0}
      >
        {report => (
          <>
            <Typography variant="body2" color="textSecondary">
              {report.method}; pairs at or above{' '}
              {formatPercent(report.threshold, 0)} of {report.compared} skills.
            </Typography>
            <Table size="small" aria-label="Near-duplicate skills">
              <TableHead>
                <TableRow>
                  <TableCell>Skills</TableCell>
                  <TableCell align="right">Similarity</TableCell>
                  <TableCell>Candidate for</TableCell>
                  <TableCell>What to do</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {report.pairs.map(p => (
                  <TableRow key={`${p.a}|${p.b}`}>
                    <TableCell>
                      {shortRef(p.a)} ↔ {shortRef(p.b)}
                    </TableCell>
                    <TableCell align="right">
                      {formatPercent(p.similarity, 0)}
                    </TableCell>
                    <TableCell>
                      <StatusChip
                        label={p.kind}
                        tone={p.kind === 'promotion' ? 'info' : 'warning'}
                      />
                    </TableCell>
                    <TableCell>
                      {p.reason}
                      {p.promote && (
                        <>
                          {' '}
                          <Link to={promoteLink(p.promote)}>
                            Promote {shortRef(p.promote)}
                          </Link>
                        </>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {report.skipped.length > 0 && (
              <Typography variant="body2" color="textSecondary">
                Not compared:{' '}
                {report.skipped
                  .map(s => `${shortRef(s.ref)} (${s.reason})`)
                  .join(', ')}
              </Typography>
            )}
          </>
        )}
      </AsyncContent>
    </InfoCard>
  );
}
