import useAsync from 'react-use/esm/useAsync';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import type { AssetUsageAnswer } from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';
import { AssetUsageRows } from '../common/AssetUsageRows';
import { LabeledRow } from '../common/LabeledRow';
import { StatusChip, Tone } from '../common/StatusChip';
import { SkillEvalHistory } from './SkillEvalHistory';
import { formatUsd, lastDays } from '../../lib/format';

const LIFECYCLE: Record<string, Tone> = {
  production: 'ok',
  experimental: 'info',
  deprecated: 'error',
};
const SCOPE: Record<string, string> = {
  team: 'Team-local',
  org: 'Organisation-wide',
};

/** Telemetry: teams whose agents used the skill in the last 30 days. */
type Telemetry = AssetUsageAnswer['telemetry'];

function TelemetryUse(props: { telemetry: Telemetry }) {
  const t = props.telemetry;
  if (t.status === 'unavailable') {
    return (
      <Typography variant="body2" color="textSecondary">
        Not available: {t.reason}.
      </Typography>
    );
  }
  if (t.teams.length === 0) {
    return <Typography variant="body2">No team's agents used it.</Typography>;
  }
  return (
    <Typography variant="body2" component="div">
      {t.teams.map((row, i) => (
        <span key={row.team}>
          {i > 0 && ', '}
          <EntityRefLink entityRef={row.team} /> ({formatUsd(row.cost)})
        </span>
      ))}
    </Typography>
  );
}

/**
 * The skill card: version, lifecycle, scope, owner, evaluation (measured
 * runs, or the declared status as unverified), who uses it (from
 * the agent configs and from telemetry), deprecation and replacement.
 *
 * @public
 */
export function SkillCard() {
  const { entity } = useEntity();
  const api = useApi(agentPlatformApiRef);
  const spec = (entity.spec ?? {}) as Record<string, any>;
  const skillRef = `airesource:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`.toLocaleLowerCase('en-US');
  const deprecated = spec.lifecycle === 'deprecated';
  // One request: the snapshot's usage, and telemetry when the user may read it.
  const usage = useAsync(
    () => api.getAssetUsage(skillRef, lastDays(30, new Date())),
    [api, skillRef],
  );
  return (
    <InfoCard
      titleTypographyProps={{ component: 'h2' }}
      title="Skill"
      subheader={entity.metadata.title ?? entity.metadata.name}
    >
      {deprecated && (
        <Box mb={2} role="alert">
          <Typography variant="body2">
            <strong>Deprecated.</strong>{' '}
            {spec.replacedBy ? (
              <>
                Use{' '}
                <EntityRefLink
                  entityRef={spec.replacedBy}
                  defaultKind="AiResource"
                />{' '}
                instead.
              </>
            ) : (
              'No replacement is named.'
            )}
          </Typography>
        </Box>
      )}
      <LabeledRow label="Version">{spec.version ?? 'not versioned'}</LabeledRow>
      <LabeledRow label="Lifecycle">
        <StatusChip
          label={spec.lifecycle ?? 'unknown'}
          tone={LIFECYCLE[spec.lifecycle] ?? 'neutral'}
        />
      </LabeledRow>
      <LabeledRow label="Scope">{SCOPE[spec.scope] ?? 'not stated'}</LabeledRow>
      <LabeledRow label="Owner">
        {spec.owner ? (
          <EntityRefLink entityRef={spec.owner} defaultKind="Group" />
        ) : (
          'unowned'
        )}
      </LabeledRow>
      {spec.allowedTools && (
        <LabeledRow label="Allowed tools">
          <code>{spec.allowedTools}</code>
        </LabeledRow>
      )}
      <SkillEvalHistory skillRef={skillRef} declared={spec.evalStatus} />
      <Typography variant="subtitle2" component="h3">
        Used by (agent configs)
      </Typography>
      <AssetUsageRows
        what="skill usage"
        emptyTitle="No agent config lists this skill"
        state={usage}
      />
      {deprecated && (usage.value?.viaBase.length ?? 0) > 0 && (
        <Typography variant="body2" gutterBottom>
          Teams still on a base release that lists it get it until they upgrade.
        </Typography>
      )}
      <Typography variant="subtitle2" component="h3">
        Used by (telemetry, last 30 days)
      </Typography>
      <AsyncContent
        what="skill telemetry"
        state={usage}
        emptyTitle="No telemetry"
      >
        {u => <TelemetryUse telemetry={u.telemetry} />}
      </AsyncContent>
    </InfoCard>
  );
}
