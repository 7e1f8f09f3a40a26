import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  componentRepoUrl,
  DriftReport,
  RepoOverview,
  TargetResolution,
  TeamDriftSummary,
} from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';
import { StatusChip } from '../common/StatusChip';
import { isGroup } from '../../lib/filters';
import { useEntityRef } from '../../lib/useEntityRef';
import { useRenderStartedAsync } from '../../lib/useRenderStartedAsync';
import { RepoUpgradeButton, TeamRepoUpgrades } from './UpgradeActions';

const useStyles = makeStyles((theme: Theme) => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(120px, 1fr))',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  code: {
    display: 'block',
    padding: theme.spacing(1),
    fontFamily: 'monospace',
    fontSize: '0.85rem',
    backgroundColor: theme.palette.type === 'dark' ? '#263238' : '#f5f5f5',
    color: theme.palette.text.primary,
    overflowX: 'auto',
    whiteSpace: 'pre',
    borderRadius: 4,
  },
  bar: {
    height: 12,
    backgroundColor: theme.palette.primary.main,
    borderRadius: 2,
  },
}));

/** The status line of a drift report, in words. */
export function driftStatus(drift: DriftReport): {
  label: string;
  tone: 'ok' | 'warning' | 'error';
} {
  if (drift.pinWithdrawn)
    return { label: 'Pinned release withdrawn', tone: 'error' };
  if (drift.pinUnknown) return { label: 'Unknown release', tone: 'error' };
  if (drift.upToDate) return { label: 'Up to date', tone: 'ok' };
  const n = drift.releasesBehind;
  return {
    label: `${n} ${n === 1 ? 'release' : 'releases'} behind`,
    tone: drift.missedSecurity ? 'error' : 'warning',
  };
}

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <div>
      <Typography variant="caption" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <Typography variant="body1" component="div">
        {props.children}
      </Typography>
    </div>
  );
}

/** Where the pin line lives, in words, from the observed repo config or the team config. */
function upgradeWhere(
  resolution: TargetResolution,
  pinFile?: { file: string; line: number },
): ReactNode {
  if (resolution.pin?.source === 'input' && pinFile) {
    return (
      <>
        In <code>{pinFile.file}</code>, line {pinFile.line}, replace the pin
        line with:
      </>
    );
  }
  const config =
    resolution.pin?.source === 'team'
      ? resolution.configs.team
      : resolution.configs.repo;
  if (config && resolution.pin?.source !== 'input') {
    return (
      <>
        In <EntityRefLink entityRef={config} />, set <code>extends</code> to the
        new release; in the repositories' context files the pin line reads:
      </>
    );
  }
  return <>Replace the pin line with:</>;
}

/** The drift facts of one resolution. */
export function DriftDetails(props: {
  resolution: TargetResolution;
  pinFile?: { file: string; line: number };
}) {
  const classes = useStyles();
  const { resolution, pinFile } = props;
  const drift = resolution.drift;
  if (!drift) {
    return (
      <Typography variant="body2">
        No base pin applies
        {resolution.release
          ? `; release ${resolution.release.version} of ${resolution.release.base} is used`
          : ''}
        .
      </Typography>
    );
  }
  const status = driftStatus(drift);
  const security = drift.missed.filter(r => r.security);
  return (
    <>
      <div className={classes.facts}>
        <Fact label="Pinned release">
          {drift.base}@{drift.pinned.replace(`${drift.base}@`, '')}
        </Fact>
        <Fact label="Latest release">{drift.latest ?? '—'}</Fact>
        <Fact label="Status">
          <StatusChip label={status.label} tone={status.tone} />
          {drift.pinDeprecated && (
            <StatusChip label="Deprecated pin" tone="warning" />
          )}
        </Fact>
      </div>
      {security.length > 0 && (
        <Typography variant="body2" role="alert" gutterBottom>
          <strong>Missed security release:</strong>{' '}
          {security.map(r => r.version).join(', ')}
        </Typography>
      )}
      {drift.pinDeprecated && (
        <Typography variant="body2" gutterBottom>
          The pinned release {drift.pinned} is deprecated.
        </Typography>
      )}
      {drift.missed.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3">
            Release notes missed
          </Typography>
          <List dense aria-label="Release notes missed">
            {drift.missed.map(release => (
              <ListItem key={release.version} disableGutters>
                <ListItemText
                  primary={
                    <>
                      {release.version}
                      {release.date ? ` (${release.date})` : ''}{' '}
                      {release.security && (
                        <StatusChip label="Security" tone="error" />
                      )}
                      {release.deprecated && (
                        <StatusChip label="Deprecated" tone="warning" />
                      )}
                    </>
                  }
                  secondary={release.notes ?? 'No notes'}
                />
              </ListItem>
            ))}
          </List>
        </>
      )}
      {!drift.upToDate && drift.upgradeLine && (
        <Box mt={1}>
          <Typography variant="subtitle2" component="h3">
            To upgrade to {drift.latest}
          </Typography>
          <Typography variant="body2" gutterBottom>
            {upgradeWhere(resolution, pinFile)}
          </Typography>
          <code className={classes.code} aria-label="Upgrade line">
            {drift.upgradeLine}
          </code>
        </Box>
      )}
    </>
  );
}

/** How a team's repositories pin the base. */
export function TeamPinDistribution(props: { summary: TeamDriftSummary }) {
  const classes = useStyles();
  const { summary } = props;
  if (summary.total === 0) {
    return (
      <Typography variant="body2">
        The team owns no repositories with agent configs.
      </Typography>
    );
  }
  const max = Math.max(...summary.distribution.map(b => b.count), 1);
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" component="h3">
        Repository pins ({summary.matching} of {summary.total} match the team
        {summary.teamVersion ? ` pin ${summary.teamVersion}` : ''})
      </Typography>
      <table
        aria-label="Repository pins by release"
        style={{ width: '100%', borderCollapse: 'collapse' }}
      >
        <thead>
          <tr>
            <th style={{ textAlign: 'left' }}>Release</th>
            <th style={{ textAlign: 'right', width: 60 }}>Repos</th>
            <th style={{ width: '50%' }}>
              <span style={{ position: 'absolute', left: -10000 }}>Share</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.distribution.map(bucket => (
            <tr key={bucket.version}>
              <td>{bucket.version}</td>
              <td style={{ textAlign: 'right' }}>{bucket.count}</td>
              <td>
                <div
                  className={classes.bar}
                  style={{ width: `${(bucket.count / max) * 100}%` }}
                  aria-hidden
                />
              </td>
            </tr>
          ))}
          {summary.unpinned.length > 0 && (
            <tr>
              <td>No pin</td>
              <td style={{ textAlign: 'right' }}>{summary.unpinned.length}</td>
              <td />
            </tr>
          )}
        </tbody>
      </table>
      {summary.differing.length > 0 && (
        <Typography variant="body2" component="div">
          Differ from the team:{' '}
          {summary.differing.map((d, i) => (
            <span key={d.repo}>
              {i > 0 && ', '}
              <EntityRefLink entityRef={d.repo} /> ({d.pin})
            </span>
          ))}
        </Typography>
      )}
    </Box>
  );
}

interface BaseVersionData {
  resolution: TargetResolution;
  pinFile?: { file: string; line: number };
  team?: TeamDriftSummary;
  teamRepos?: RepoOverview[];
}

/**
 * The base version card: pinned release, latest, how far behind, missed
 * security releases, a deprecated pin, the release notes missed and the line
 * to change, and for a repository behind, an "Upgrade" button that starts
 * the upgrade template with it filled in; for a Group, the distribution of
 * its repositories' pins and an "Upgrade" button per repository behind.
 *
 * @public
 */
export function BaseVersionCard() {
  const { entity } = useEntity();
  const entityRef = useEntityRef();
  const api = useApi(agentPlatformApiRef);
  // Started while the card renders, not after its (throttled) reveal: see useRenderStartedAsync.
  const state = useRenderStartedAsync(async (): Promise<BaseVersionData> => {
    // Both requests at once (a cold team page used to wait for one after the other);
    // the effective config's failure is the one shown. The team's repositories come as
    // the platform snapshot computed them.
    const teamRequest = isGroup(entity)
      ? api.getTeamOverview(entityRef)
      : Promise.resolve(undefined);
    teamRequest.catch(() => undefined);
    const resolution = await api.getEffectiveConfig(entityRef);
    const overview = await teamRequest;
    return {
      resolution,
      pinFile: resolution.pinLocation,
      team: overview?.repoDrift,
      teamRepos: overview?.repos,
    };
  }, [api, entityRef]);

  return (
    <InfoCard
      titleTypographyProps={{ component: 'h2' }}
      title="Base version"
      subheader="The org base release this entity's agents build on"
    >
      <AsyncContent
        what="base version"
        state={state}
        emptyTitle="No agent config applies here"
      >
        {data => {
          const latest = data.resolution.drift?.latest;
          const behind = latest && data.resolution.drift?.upToDate === false;
          return (
            <>
              <DriftDetails
                resolution={data.resolution}
                pinFile={data.pinFile}
              />
              {behind &&
                entity.kind.toLocaleLowerCase('en-US') === 'component' && (
                  <Box mt={1}>
                    <RepoUpgradeButton
                      component={entityRef}
                      repoUrl={componentRepoUrl(entity)}
                      to={latest}
                    />
                  </Box>
                )}
              {data.team && <TeamPinDistribution summary={data.team} />}
              {latest && data.teamRepos && (
                <TeamRepoUpgrades repos={data.teamRepos} latest={latest} />
              )}
            </>
          );
        }}
      </AsyncContent>
    </InfoCard>
  );
}
