import useAsync from 'react-use/esm/useAsync';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';

/**
 * Stale agent files: repositories unchanged while the base moved on, and
 * teams that have not reviewed their config since a security release.
 *
 * @public
 */
export function StalenessCard(props: { team?: string } = {}) {
  const { team } = props;
  const api = useApi(agentPlatformApiRef);
  const state = useAsync(() => api.getStaleness(team), [api, team]);
  return (
    <InfoCard
      title="Stale agent files"
      titleTypographyProps={{ component: 'h3' }}
    >
      <AsyncContent
        what="staleness"
        state={state}
        emptyTitle="Nothing stale"
        isEmpty={r =>
          r.staleRepos.length === 0 &&
          r.unreviewedTeams.length === 0 &&
          r.undatedRepos.length === 0
        }
      >
        {report => (
          <>
            <Typography variant="subtitle2" component="h4">
              Repositories unchanged for over {report.staleAfterDays} days,
              behind the base
            </Typography>
            {report.staleRepos.length === 0 ? (
              <Typography variant="body2">None.</Typography>
            ) : (
              <List dense aria-label="Stale repositories">
                {report.staleRepos.map(r => (
                  <ListItem key={r.component}>
                    <Typography variant="body2">
                      <EntityRefLink entityRef={r.component} />: agent files
                      unchanged for {r.daysUnchanged} days, pinned to{' '}
                      {r.pin ?? 'no release'}; {r.newerReleases.length} newer
                      release(s), latest {r.latest}
                    </Typography>
                  </ListItem>
                ))}
              </List>
            )}
            <Typography variant="subtitle2" component="h4">
              Teams not reviewed since a security release
            </Typography>
            {report.unreviewedTeams.length === 0 ? (
              <Typography variant="body2">None.</Typography>
            ) : (
              <List dense aria-label="Unreviewed teams">
                {report.unreviewedTeams.map(t => (
                  <ListItem key={t.team}>
                    <Typography variant="body2">
                      <EntityRefLink entityRef={t.team} />:{' '}
                      {t.reviewed
                        ? `last reviewed ${t.reviewed}`
                        : 'never reviewed'}
                      , pinned to {t.pin}; missed{' '}
                      {t.securityReleases
                        .map(s => `${s.version} (${s.date})`)
                        .join(', ')}
                    </Typography>
                  </ListItem>
                ))}
              </List>
            )}
            {report.undatedRepos.length > 0 && (
              <Typography variant="body2" color="textSecondary">
                {report.undatedRepos.length} repositories have no known change
                date for their agent files and are not judged.
              </Typography>
            )}
          </>
        )}
      </AsyncContent>
    </InfoCard>
  );
}
