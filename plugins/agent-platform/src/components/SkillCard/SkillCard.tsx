import useAsync from 'react-use/esm/useAsync';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { RELATION_SKILL_USED_BY } from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';
import { AssetUsageRows, LabeledRow } from '../common/LabeledRow';
import { RefList } from '../common/RefList';
import { StatusChip, Tone } from '../common/StatusChip';
import { SkillEvalHistory } from './SkillEvalHistory';
import { isNotFound, isPermissionDenied } from '../../lib/errors';
import { formatUsd, lastDays } from '../../lib/format';
import {
  loadTeamSpends,
  loadUsage,
  skillUseFromTelemetry,
} from '../../lib/usage';

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
type Telemetry =
  | { status: 'ok'; teams: Array<{ team: string; cost: number }> }
  | { status: 'unavailable'; reason: string };

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
  const catalogApi = useApi(catalogApiRef);
  const api = useApi(agentPlatformApiRef);
  const spec = (entity.spec ?? {}) as Record<string, any>;
  const usage = useAsync(
    () => loadUsage(catalogApi, entity, RELATION_SKILL_USED_BY),
    [catalogApi, entity],
  );
  const telemetry = useAsync(async (): Promise<Telemetry> => {
    try {
      const reports = await loadTeamSpends(api, lastDays(30, new Date()));
      return {
        status: 'ok',
        teams: skillUseFromTelemetry(reports, entity.metadata.name),
      };
    } catch (error) {
      if (isPermissionDenied(error)) {
        return {
          status: 'unavailable',
          reason: 'only the platform team sees spend telemetry across teams',
        };
      }
      if (isNotFound(error)) {
        return {
          status: 'unavailable',
          reason: 'no spend telemetry has been ingested',
        };
      }
      return { status: 'unavailable', reason: (error as Error).message };
    }
  }, [api, entity.metadata.name]);
  // A deprecated skill still reaches teams through old base releases; the
  // overview (platform team only) knows which.
  const skillRef = `airesource:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`.toLocaleLowerCase('en-US');
  const deprecated = spec.lifecycle === 'deprecated';
  const throughBase = useAsync(async () => {
    if (!deprecated) return [];
    try {
      const overview = await api.getOverview();
      return (
        overview.deprecated.skills.find(s => s.ref === skillRef)?.usedBy ?? []
      );
    } catch {
      return [];
    }
  }, [api, deprecated, skillRef]);
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
      {(throughBase.value ?? []).length > 0 && (
        <LabeledRow label="Through base">
          <RefList refs={throughBase.value ?? []} /> (still on a base release
          that lists it)
        </LabeledRow>
      )}
      <Typography variant="subtitle2" component="h3">
        Used by (telemetry, last 30 days)
      </Typography>
      <AsyncContent
        what="skill telemetry"
        state={telemetry}
        emptyTitle="No telemetry"
      >
        {t => <TelemetryUse telemetry={t} />}
      </AsyncContent>
    </InfoCard>
  );
}
