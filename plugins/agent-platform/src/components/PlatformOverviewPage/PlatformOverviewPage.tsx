import { ReactNode, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Content, InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';
import { RangeSelect } from '../Spend/RangeSelect';
import { isNotFound, isPermissionDenied } from '../../lib/errors';
import { lastDays } from '../../lib/format';
import {
  modelMixDepartures,
  promotionCandidates,
  skillReuse,
  unownedAssets,
} from '../../lib/overview';
import { loadTeamSpends, TeamSpend } from '../../lib/usage';
import {
  AllViolations,
  DeprecatedInUse,
  ModelMixTable,
  OverviewTotals,
  PromotionCandidates,
  ReleaseDistribution,
  SkillReuseTable,
  SpendByTeam,
  TeamsByDrift,
  UnownedAssets,
} from './sections';

function Section(props: {
  title: string;
  id: string;
  children: ReactNode;
  action?: ReactNode;
  md?: 6 | 12;
}) {
  return (
    <Grid item xs={12} md={props.md ?? 6}>
      <section aria-labelledby={props.id}>
        <InfoCard
          titleTypographyProps={{ component: 'h2' }}
          title={<span id={props.id}>{props.title}</span>}
          action={props.action}
        >
          {props.children}
        </InfoCard>
      </section>
    </Grid>
  );
}

/** The catalog data the page reads besides the overview. */
interface CatalogData {
  skills: Entity[];
  configs: Entity[];
  assets: Entity[];
  groups: Entity[];
  users: Entity[];
}

async function loadCatalog(
  catalogApi: typeof catalogApiRef.T,
): Promise<CatalogData> {
  const [skills, configs, servers, groups, users] = await Promise.all([
    catalogApi.getEntities({
      filter: { kind: 'AiResource', 'spec.type': 'skill' },
    }),
    catalogApi.getEntities({
      filter: { kind: 'AiResource', 'spec.type': 'agent-config' },
      fields: [
        'kind',
        'metadata',
        'spec.level',
        'spec.owner',
        'spec.component',
        'spec.type',
      ],
    }),
    catalogApi.getEntities({
      filter: { kind: 'API', 'spec.type': 'mcp-server' },
      fields: ['kind', 'metadata', 'spec.owner', 'spec.type'],
    }),
    catalogApi.getEntities({
      filter: { kind: 'Group' },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    }),
    catalogApi.getEntities({
      filter: { kind: 'User' },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    }),
  ]);
  return {
    skills: skills.items,
    configs: configs.items,
    assets: [...skills.items, ...servers.items, ...configs.items],
    groups: groups.items,
    users: users.items,
  };
}

/** Spend telemetry per team plus each team's routed models; `unavailable` explains its absence. */
type Telemetry =
  | {
      status: 'ok';
      reports: Map<string, TeamSpend>;
      routing: Map<string, string[]>;
    }
  | { status: 'unavailable'; reason: string };

function ModelMix(props: { telemetry: Telemetry }) {
  const t = props.telemetry;
  if (t.status !== 'ok') {
    return (
      <Typography variant="body2" color="textSecondary">
        Not available: {t.reason}.
      </Typography>
    );
  }
  if ([...t.reports.values()].every(r => r.cost === 0)) {
    return (
      <Typography variant="body2" color="textSecondary">
        No spend recorded in this range.
      </Typography>
    );
  }
  return (
    <ModelMixTable departures={modelMixDepartures(t.reports, t.routing)} />
  );
}

/**
 * The platform overview page: releases across teams, drift, violations,
 * deprecated assets in use, spend by team, model mix departures, skill reuse,
 * promotion candidates and unowned assets.
 *
 * @public
 */
export function PlatformOverviewPage() {
  const api = useApi(agentPlatformApiRef);
  const catalogApi = useApi(catalogApiRef);
  const [days, setDays] = useState(30);
  const overview = useAsync(() => api.getOverview(), [api]);
  const spend = useAsync(
    () => api.getPlatformSpend(lastDays(days, new Date())),
    [api, days],
  );
  const catalog = useAsync(() => loadCatalog(catalogApi), [catalogApi]);
  const telemetry = useAsync(async (): Promise<Telemetry> => {
    try {
      const range = lastDays(days, new Date());
      // Two requests whatever the number of teams: every team's spend by
      // model (the platform table) and every team's routed models (the
      // overview). Without the overview there is no routing to depart from.
      const [reports, teamsOverview] = await Promise.all([
        loadTeamSpends(api, range),
        api.getOverview().catch(() => undefined),
      ]);
      const routing = new Map(
        (teamsOverview?.teams ?? []).map(t => [t.team, t.routedModels]),
      );
      return { status: 'ok', reports, routing };
    } catch (error) {
      if (isPermissionDenied(error))
        return { status: 'unavailable', reason: 'permission denied' };
      if (isNotFound(error))
        return {
          status: 'unavailable',
          reason: 'no spend telemetry has been ingested',
        };
      return { status: 'unavailable', reason: (error as Error).message };
    }
  }, [api, days]);

  const overviewSection = (
    title: string,
    id: string,
    render: (o: NonNullable<typeof overview.value>) => ReactNode,
    md?: 6 | 12,
  ) => (
    <Section title={title} id={id} md={md}>
      <AsyncContent
        what="platform overview"
        state={overview}
        emptyTitle="No overview"
      >
        {render}
      </AsyncContent>
    </Section>
  );

  return (
    <Content>
      <Box mb={2}>
        <Typography variant="h4" component="h1">
          Agent platform overview
        </Typography>
        <Typography variant="body2" color="textSecondary">
          How every team's coding agents build on the org base: releases, drift,
          violations, spend and reuse.
        </Typography>
      </Box>
      <Grid container spacing={3}>
        {overviewSection(
          'Totals',
          'ap-totals',
          o => (
            <OverviewTotals overview={o} />
          ),
          12,
        )}
        {overviewSection(
          'Release distribution across teams',
          'ap-releases',
          o => (
            <ReleaseDistribution overview={o} />
          ),
        )}
        {overviewSection(
          'Deprecated assets still in use',
          'ap-deprecated',
          o => (
            <DeprecatedInUse overview={o} />
          ),
        )}
        {overviewSection(
          'Teams by drift',
          'ap-drift',
          o => (
            <TeamsByDrift overview={o} />
          ),
          12,
        )}
        {overviewSection(
          'Violations',
          'ap-violations',
          o => (
            <AllViolations overview={o} />
          ),
          12,
        )}
        <Section
          title="Spend by team"
          id="ap-spend"
          md={12}
          action={
            <Box mt={1} mr={1}>
              <RangeSelect days={days} onChange={setDays} />
            </Box>
          }
        >
          <AsyncContent
            what="spend by team"
            state={spend}
            emptyTitle="No spend recorded"
            emptyDescription="Spend appears once Claude Code telemetry or the Admin API usage report is ingested."
            isEmpty={t => t.rows.every(r => r.cost === 0)}
          >
            {t => <SpendByTeam table={t} />}
          </AsyncContent>
        </Section>
        <Section title="Model mix departing from the routing" id="ap-models">
          <AsyncContent
            what="model mix"
            state={telemetry}
            emptyTitle="No telemetry"
          >
            {t => <ModelMix telemetry={t} />}
          </AsyncContent>
        </Section>
        <Section title="Skill reuse (teams per skill)" id="ap-reuse">
          <AsyncContent
            what="skill reuse"
            state={catalog}
            emptyTitle="No skills"
          >
            {c => <SkillReuseTable reuse={skillReuse(c.skills, c.configs)} />}
          </AsyncContent>
        </Section>
        <Section title="Promotion candidates" id="ap-promotion">
          <AsyncContent
            what="promotion candidates"
            state={{
              loading: catalog.loading || telemetry.loading,
              error: catalog.error,
              value: catalog.value,
            }}
            emptyTitle="No skills"
          >
            {c => {
              const reports =
                telemetry.value?.status === 'ok'
                  ? telemetry.value.reports
                  : undefined;
              return (
                <PromotionCandidates
                  candidates={promotionCandidates(
                    skillReuse(c.skills, c.configs),
                    c.skills,
                    reports,
                  )}
                  telemetry={reports !== undefined}
                />
              );
            }}
          </AsyncContent>
        </Section>
        <Section title="Unowned assets" id="ap-unowned">
          <AsyncContent
            what="unowned assets"
            state={catalog}
            emptyTitle="No assets"
          >
            {c => (
              <UnownedAssets
                assets={unownedAssets(c.assets, c.groups, c.users)}
              />
            )}
          </AsyncContent>
        </Section>
      </Grid>
    </Content>
  );
}
