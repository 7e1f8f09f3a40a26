import { ReactNode, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Content, InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { OverviewSpendInsights } from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';
import { RangeSelect } from '../Spend/RangeSelect';
import { lastDays } from '../../lib/format';
import { AllViolations } from './AllViolations';
import { DeprecatedInUse } from './DeprecatedInUse';
import { ModelMixTable } from './ModelMixTable';
import { OverviewTotals } from './OverviewTotals';
import { PromotionCandidates } from './PromotionCandidates';
import { ReleaseDistribution } from './ReleaseDistribution';
import { SkillReuseTable } from './SkillReuseTable';
import { SpendByTeam } from './SpendByTeam';
import { TeamsByDrift } from './TeamsByDrift';
import { UnownedAssets } from './UnownedAssets';
import { ExceptionsCard } from '../ExceptionsCard';
import { OrgHealthSection } from '../OrgHealth';

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

function ModelMix(props: { insights: OverviewSpendInsights }) {
  return <ModelMixTable departures={props.insights.modelMix} />;
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
  const [days, setDays] = useState(30);
  const overview = useAsync(() => api.getOverview(), [api]);
  const spend = useAsync(
    () => api.getPlatformSpend(lastDays(days, new Date())),
    [api, days],
  );
  // Computed by the backend from the snapshot and the spend table: the page
  // only renders it.
  const insights = useAsync(
    () => api.getSpendInsights(lastDays(days, new Date())),
    [api, days],
  );

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
            state={insights}
            emptyTitle="No telemetry"
            emptyDescription="Spend appears once Claude Code telemetry or the Admin API usage report is ingested."
          >
            {i => <ModelMix insights={i} />}
          </AsyncContent>
        </Section>
        {overviewSection('Skill reuse (teams per skill)', 'ap-reuse', o => (
          <SkillReuseTable reuse={o.skills} />
        ))}
        <Section title="Promotion candidates" id="ap-promotion">
          <AsyncContent
            what="promotion candidates"
            state={{
              loading: overview.loading || insights.loading,
              error: overview.error,
              value: overview.value,
            }}
            emptyTitle="No skills"
          >
            {o => (
              <PromotionCandidates
                candidates={
                  insights.value?.promotionCandidates ?? o.promotionCandidates
                }
                telemetry={insights.value !== undefined}
              />
            )}
          </AsyncContent>
        </Section>
        {overviewSection('Unowned assets', 'ap-unowned', o => (
          <UnownedAssets assets={o.unowned} />
        ))}
        <Grid item xs={12}>
          {/* Requests waiting for approval, approved and expiring exceptions. */}
          <ExceptionsCard />
        </Grid>
        <Grid item xs={12}>
          <OrgHealthSection />
        </Grid>
      </Grid>
    </Content>
  );
}
