import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  BaseReleaseAdoption,
  CampaignRepo,
  CampaignRepoState,
  CampaignSummary,
} from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { messageOf } from '../../lib/errors';
import { StatusChip, Tone } from '../common/StatusChip';

const STATES: Array<[CampaignRepoState, string, Tone]> = [
  ['queued', 'Queued', 'neutral'],
  ['opening', 'Opening', 'info'],
  ['opened', 'Opened', 'info'],
  ['merged', 'Merged', 'ok'],
  ['closed', 'Closed', 'warning'],
  ['failed', 'Failed', 'error'],
  ['skipped', 'Skipped', 'neutral'],
];
const labelOf = (state: CampaignRepoState) =>
  STATES.find(s => s[0] === state) ?? STATES[0];
const POLL_MS = 5000;

const isActive = (c: CampaignSummary) =>
  c.progress.queued + c.progress.opening > 0;

/** The repositories that pin a release below the latest, from the snapshot's adoption. */
export function reposBelowLatest(releases: BaseReleaseAdoption[]) {
  const latest = releases.findIndex(r => r.latest);
  if (latest < 0) return { latest: undefined, repos: [] as string[] };
  // Newest first: every release after the latest is older.
  return {
    latest: releases[latest].version,
    repos: releases.slice(latest + 1).flatMap(r => r.repos),
  };
}

function Progress(props: { campaign: CampaignSummary }) {
  const { progress } = props.campaign;
  const done = progress.total - progress.queued - progress.opening;
  const percent = progress.total
    ? Math.round((done / progress.total) * 100)
    : 0;
  return (
    <Box mb={1} mt={1}>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={`Campaign progress: ${done} of ${progress.total} repositories done`}
      />
      <Typography variant="body2" component="div">
        {done} of {progress.total} done ({percent}%):{' '}
        {STATES.filter(([state]) => progress[state] > 0)
          .map(([state, label]) => `${progress[state]} ${label.toLowerCase()}`)
          .join(', ')}
      </Typography>
    </Box>
  );
}

function Repos(props: { repos: CampaignRepo[] }) {
  return (
    <Table size="small" aria-label="Repositories of the campaign">
      <TableHead>
        <TableRow>
          <TableCell>Repository</TableCell>
          <TableCell>From</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Pull request or reason</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.repos.map(repo => {
          const [, label, tone] = labelOf(repo.state);
          return (
            <TableRow key={repo.id}>
              <TableCell style={{ whiteSpace: 'nowrap' }}>
                <EntityRefLink entityRef={repo.repoRef} />
              </TableCell>
              <TableCell style={{ whiteSpace: 'nowrap' }}>
                {repo.fromVersion ?? '—'}
              </TableCell>
              <TableCell>
                <StatusChip label={label} tone={tone} />
              </TableCell>
              <TableCell style={{ wordBreak: 'break-word' }}>
                {repo.prUrl && (
                  <Link to={repo.prUrl}>Pull request #{repo.prNumber}</Link>
                )}
                {repo.reason && (
                  <Typography variant="body2" component="span">
                    {repo.reason}
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/**
 * Upgrade campaigns of a base, on its Releases card: the platform team opens
 * upgrade pull requests for every repository below the latest release in one
 * click; everyone follows each campaign's progress and each repository's
 * state (queued, opening, opened, merged, closed, failed with the reason),
 * refreshed while a campaign runs.
 *
 * @public
 */
export function UpgradeCampaigns(props: {
  baseRef: string;
  releases: BaseReleaseAdoption[];
}) {
  const { baseRef, releases } = props;
  const api = useApi(agentPlatformApiRef);
  const list = useAsyncRetry(() => api.getCampaigns(baseRef), [api, baseRef]);
  const newest = list.value?.campaigns[0];
  const detail = useAsyncRetry(
    async () => (newest ? api.getCampaign(newest.id) : undefined),
    [api, newest?.id, newest ? JSON.stringify(newest.progress) : ''],
  );
  const [starting, setStarting] = useState(false);
  const [message, setMessage] = useState<string>();
  const active = list.value?.campaigns.some(isActive) ?? false;
  const { retry } = list;
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(retry, POLL_MS);
    return () => clearInterval(timer);
  }, [active, retry]);

  const retryFailed = async (id: number) => {
    setMessage(undefined);
    try {
      const answer = await api.retryCampaign(id);
      setMessage(
        `Campaign #${id}: ${answer.requeued} failed repositor${
          answer.requeued === 1 ? 'y' : 'ies'
        } queued again.`,
      );
      list.retry();
    } catch (e) {
      setMessage(`Could not retry the campaign: ${messageOf(e as Error)}`);
    }
  };
  const { latest, repos } = reposBelowLatest(releases);
  const start = async () => {
    if (!latest) return;
    setStarting(true);
    setMessage(undefined);
    try {
      const answer = await api.startCampaign(baseRef, latest);
      setMessage(
        answer.added > 0
          ? `Campaign #${answer.campaign.id} started: ${
              answer.added
            } pull request(s) queued${
              answer.alreadyPlanned
                ? `, ${answer.alreadyPlanned} already in an earlier campaign`
                : ''
            }.`
          : `Every repository below ${latest} is already in campaign #${answer.campaign.id}; no pull request is opened twice.`,
      );
      list.retry();
    } catch (e) {
      setMessage(`Could not start the campaign: ${messageOf(e as Error)}`);
    } finally {
      setStarting(false);
    }
  };

  return (
    <Box component="section" aria-labelledby="upgrade-campaigns" mb={3}>
      <Typography variant="h6" component="h3" id="upgrade-campaigns">
        Upgrade campaigns
      </Typography>
      {latest && (
        <Box display="flex" alignItems="center" style={{ gap: 12 }} my={1}>
          <Button
            variant="contained"
            color="primary"
            disabled={
              starting || repos.length === 0 || list.value?.canStart !== true
            }
            onClick={start}
          >
            Open upgrade pull requests to {latest}
          </Button>
          <Typography variant="body2" color="textSecondary">
            {repos.length === 0
              ? `Every repository is on ${latest}.`
              : `${repos.length} ${
                  repos.length === 1 ? 'repository pins' : 'repositories pin'
                } a release below ${latest}.`}
            {list.value && !list.value.canStart
              ? ' Only the platform team can start a campaign.'
              : ''}
          </Typography>
        </Box>
      )}
      {message && (
        <Typography variant="body2" role="status" gutterBottom>
          {message}
        </Typography>
      )}
      {list.error && (
        <Typography variant="body2" color="error">
          Could not load the campaigns: {messageOf(list.error)}
        </Typography>
      )}
      {list.value?.campaigns.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No campaign yet.
        </Typography>
      )}
      {list.value?.campaigns.map(campaign => (
        <Box key={campaign.id} mt={2}>
          <Typography variant="subtitle2" component="h4">
            Campaign #{campaign.id}: {campaign.base} {campaign.version}
            {isActive(campaign) ? ' (running)' : ''}
          </Typography>
          <Typography variant="caption" color="textSecondary" component="div">
            Started by <EntityRefLink entityRef={campaign.createdBy} /> on{' '}
            {campaign.createdAt.slice(0, 16).replace('T', ' ')} UTC
          </Typography>
          <Progress campaign={campaign} />
          {campaign.progress.failed > 0 && list.value?.canStart && (
            <Button
              size="small"
              variant="outlined"
              onClick={() => retryFailed(campaign.id)}
            >
              Retry the {campaign.progress.failed} failed
            </Button>
          )}
          {campaign.id === newest?.id && detail.value && (
            <Repos repos={detail.value.repos} />
          )}
        </Box>
      ))}
    </Box>
  );
}
