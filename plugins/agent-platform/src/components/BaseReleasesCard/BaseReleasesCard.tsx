import useAsync from 'react-use/esm/useAsync';
import {
  CopyTextButton,
  InfoCard,
  Link,
  MarkdownContent,
} from '@backstage/core-components';
import { discoveryApiRef, useApi } from '@backstage/frontend-plugin-api';
import type { BaseReleaseAdoption } from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';
import { RefList } from '../common/RefList';
import { StatusChip } from '../common/StatusChip';
import { useEntityRef } from '../../lib/useEntityRef';
import { UpgradeCampaigns } from './UpgradeCampaigns';

function Flags(props: { release: BaseReleaseAdoption }) {
  const r = props.release;
  return (
    <>
      {r.latest && <StatusChip label="Latest" tone="ok" />}
      {r.security && <StatusChip label="Security" tone="info" />}
      {r.deprecated && <StatusChip label="Deprecated" tone="warning" />}
      {r.withdrawn && <StatusChip label="Withdrawn" tone="error" />}
    </>
  );
}

// The two lines a team runs in Claude Code to install the release as a plugin.
function PluginInstall(props: {
  base: string;
  version: string;
  apiBase: string;
}) {
  const lines = `/plugin marketplace add ${props.apiBase}/releases/${props.base}/${props.version}/marketplace.json\n/plugin install ${props.base}@${props.base}`;
  return (
    <Typography variant="body2" component="div">
      <Box display="flex" alignItems="center" style={{ gap: 4 }}>
        <strong>Install as a Claude Code plugin:</strong>
        <CopyTextButton
          text={lines}
          tooltipText="Copied"
          aria-label={`Copy the Claude Code plugin install lines of ${props.version}`}
        />
      </Box>
      <Box component="pre" m={0} style={{ whiteSpace: 'pre-wrap' }}>
        <code>{lines}</code>
      </Box>
    </Typography>
  );
}

function Release(props: {
  release: BaseReleaseAdoption;
  base: string;
  apiBase?: string;
}) {
  const r = props.release;
  const id = `release-${r.version.replace(/[^a-zA-Z0-9]/g, '-')}`;
  return (
    <Box component="section" aria-labelledby={id} mb={3}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="h6" component="h3" id={id}>
          {r.version}
        </Typography>
        {r.date && (
          <Typography variant="body2" color="textSecondary">
            {r.date}
          </Typography>
        )}
        <Flags release={r} />
      </Box>
      {r.notes ? (
        <MarkdownContent content={r.notes} />
      ) : (
        <Typography variant="body2" color="textSecondary">
          No release notes.
        </Typography>
      )}
      <Typography variant="subtitle2" component="h4">
        {r.previous ? `What changed since ${r.previous}` : 'What it sets'}
      </Typography>
      {r.changes.length > 0 ? (
        // Already Markdown bullet lines (describeReleaseDiff).
        <MarkdownContent content={r.changes.join('\n')} />
      ) : (
        <Typography variant="body2" color="textSecondary">
          No change to rules, servers, skills, hooks, routing or budget.
        </Typography>
      )}
      {props.apiBase && !r.withdrawn && (
        <Typography variant="body2" component="div">
          <strong>Managed settings:</strong>{' '}
          <Link
            to={`${props.apiBase}/releases/${props.base}/${r.version}/managed-settings.json`}
          >
            managed-settings.json
          </Link>
        </Typography>
      )}
      {props.apiBase && !r.withdrawn && (
        <PluginInstall
          base={props.base}
          version={r.version}
          apiBase={props.apiBase}
        />
      )}
      <Typography variant="body2" component="div">
        <strong>Teams pinning it ({r.teams.length}):</strong>{' '}
        <RefList refs={r.teams} none="none" />
      </Typography>
      <Typography variant="body2" component="div">
        <strong>Repositories pinning it ({r.repos.length}):</strong>{' '}
        <RefList refs={r.repos} none="none" />
      </Typography>
    </Box>
  );
}

/**
 * The org base's releases: every release newest first, with its date, flags,
 * release notes, what changed since the release before (computed by the core
 * from the configs), its managed settings to download, the lines that
 * install it as a Claude Code plugin, and the team configs
 * and repositories that pin it, as the backend's platform snapshot has them;
 * above them, the upgrade campaigns that move every repository below the
 * latest release forward.
 *
 * @public
 */
export function BaseReleasesCard() {
  const entityRef = useEntityRef();
  const api = useApi(agentPlatformApiRef);
  const discoveryApi = useApi(discoveryApiRef);
  const state = useAsync(
    () => api.getBaseReleases(entityRef),
    [api, entityRef],
  );
  const apiBase = useAsync(
    () => discoveryApi.getBaseUrl('agent-platform'),
    [discoveryApi],
  ).value;
  const base = entityRef.slice(entityRef.indexOf('/') + 1);
  return (
    <InfoCard
      titleTypographyProps={{ component: 'h2' }}
      title="Releases"
      subheader="Every release of this base, with who pins it"
    >
      <AsyncContent
        what="releases"
        state={state}
        emptyTitle="No releases"
        isEmpty={a => a.releases.length === 0}
      >
        {a => (
          <>
            <UpgradeCampaigns baseRef={entityRef} releases={a.releases} />
            {a.releases.map(r => (
              <Release
                key={r.version}
                release={r}
                base={base}
                apiBase={apiBase}
              />
            ))}
          </>
        )}
      </AsyncContent>
    </InfoCard>
  );
}
