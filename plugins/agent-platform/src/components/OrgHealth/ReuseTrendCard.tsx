import useAsync from 'react-use/esm/useAsync';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';
import { formatPercent } from '../../lib/format';

/**
 * Reuse over time: per week, the share of teams and repositories using
 * registry skills and servers rather than their own, and the trend.
 *
 * @public
 */
export function ReuseTrendCard() {
  const api = useApi(agentPlatformApiRef);
  const state = useAsync(() => api.getReuse(26), [api]);
  return (
    <InfoCard
      title="Reuse over time"
      titleTypographyProps={{ component: 'h3' }}
    >
      <AsyncContent what="reuse" state={state} emptyTitle="No reuse measured">
        {reuse => {
          const first = reuse.history[0];
          const { current } = reuse;
          const change = first ? current.teamShare - first.teamShare : null;
          let trend = 'flat';
          if (change !== null && change > 0) trend = 'rising';
          if (change !== null && change < 0) trend = 'falling';
          return (
            <>
              <Typography variant="body2">
                This week {current.teamsReusing} of {current.teams} teams (
                {formatPercent(current.teamShare, 0)}) and{' '}
                {current.reposReusing} of {current.repos} repositories (
                {formatPercent(current.repoShare, 0)}) use registry skills or
                servers.
                {change !== null &&
                  ` Team share ${trend} since ${first!.week} (${formatPercent(
                    first!.teamShare,
                    0,
                  )}).`}
              </Typography>
              <Table size="small" aria-label="Reuse per week">
                <TableHead>
                  <TableRow>
                    <TableCell>Week of</TableCell>
                    <TableCell align="right">Teams reusing</TableCell>
                    <TableCell align="right">Repositories reusing</TableCell>
                    <TableCell align="right">Registry / own assets</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {reuse.history.map(w => (
                    <TableRow key={w.week}>
                      <TableCell>{w.week}</TableCell>
                      <TableCell align="right">
                        {formatPercent(w.teamShare, 0)}
                      </TableCell>
                      <TableCell align="right">
                        {formatPercent(w.repoShare, 0)}
                      </TableCell>
                      <TableCell align="right">
                        {w.registryAssets} / {w.ownAssets}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          );
        }}
      </AsyncContent>
    </InfoCard>
  );
}
