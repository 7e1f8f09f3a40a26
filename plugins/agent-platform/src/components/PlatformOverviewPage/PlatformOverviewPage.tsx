import { ReactNode, useEffect, useMemo, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Content, InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { OverviewSpendInsights } from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { agentPlatformExceptionsApiRef } from '../../api';
import { messageOf } from '../../lib/errors';
import { AsyncContent } from '../common/AsyncContent';
import { RangeSelect } from '../Spend/RangeSelect';
import { lastDays } from '../../lib/format';
import {
  filterOverview,
  FILTER_KEYS,
  narrowsTeams,
  OverviewFilters,
  readFilters,
} from '../../lib/overviewFilters';
import { OverviewFilterBar } from './OverviewFilterBar';
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

/** The filters in the URL query string, and a setter that keeps the rest of it. */
function useUrlFilters(): [OverviewFilters, (f: OverviewFilters) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const set = (next: OverviewFilters) => {
    const updated = new URLSearchParams(params);
    for (const key of FILTER_KEYS) {
      const value = next[key];
      if (value) updated.set(key, value);
      else updated.delete(key);
    }
    setParams(updated, { replace: true });
  };
  return [filters, set];
}

/** Scrolls to the element the URL's `#anchor` names once it is rendered. */
function useScrollToAnchor(ready: boolean) {
  const { hash, search } = useLocation();
  useEffect(() => {
    if (!ready || !hash) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    target?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  }, [ready, hash, search]);
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
  const [filters, setFilters] = useUrlFilters();
  const filtered = useMemo(
    () => overview.value && filterOverview(overview.value, filters),
    [overview.value, filters],
  );
  const narrowed = narrowsTeams(filters);
  useScrollToAnchor(!overview.loading);
  // Pending exception requests, to approve or deny from the violation they
  // are about; the exceptions card below reloads after each decision.
  const exceptionsApi = useApi(agentPlatformExceptionsApiRef);
  const exceptions = useAsyncRetry(
    () => exceptionsApi.getExceptions(filters.team),
    [exceptionsApi, filters.team],
  );
  const [decisions, setDecisions] = useState(0);
  const [decisionError, setDecisionError] = useState<string>();
  const decide = async (id: string, decision: 'approve' | 'deny') => {
    setDecisionError(undefined);
    try {
      await exceptionsApi.decideException(id, decision);
    } catch (e) {
      setDecisionError(messageOf(e));
    }
    exceptions.retry();
    setDecisions(n => n + 1);
  };
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
    render: (o: NonNullable<typeof filtered>) => ReactNode,
    md?: 6 | 12,
  ) => (
    <Section title={title} id={id} md={md}>
      <AsyncContent
        what="platform overview"
        state={overview}
        emptyTitle="No overview"
      >
        {() => (filtered ? render(filtered) : null)}
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
          () => (
            <>
              <OverviewTotals overview={overview.value!} />
              <Box mt={3}>
                <OverviewFilterBar
                  overview={overview.value!}
                  filters={filters}
                  onChange={setFilters}
                />
              </Box>
            </>
          ),
          12,
        )}
        {overviewSection(
          'Release distribution across teams',
          'ap-releases',
          o => (
            <ReleaseDistribution overview={o.overview} />
          ),
        )}
        {overviewSection(
          'Deprecated assets still in use',
          'ap-deprecated',
          o => (
            <DeprecatedInUse overview={o.overview} />
          ),
        )}
        {overviewSection(
          'Teams by drift',
          'ap-drift',
          o => (
            <TeamsByDrift overview={o.overview} />
          ),
          12,
        )}
        {overviewSection(
          'Violations',
          'ap-violations',
          o => (
            <>
              <AllViolations
                overview={o.overview}
                severity={o.severity}
                exceptions={
                  exceptions.value
                    ? { view: exceptions.value, decide }
                    : undefined
                }
              />
              {decisionError && (
                <Typography color="error" role="alert">
                  {decisionError}
                </Typography>
              )}
            </>
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
            {t => (
              <SpendByTeam
                table={{
                  ...t,
                  rows: filtered ? filtered.spendRows(t.rows) : t.rows,
                }}
                filtered={narrowed}
              />
            )}
          </AsyncContent>
        </Section>
        <Section title="Model mix departing from the routing" id="ap-models">
          <AsyncContent
            what="model mix"
            state={insights}
            emptyTitle="No telemetry"
            emptyDescription="Spend appears once Claude Code telemetry or the Admin API usage report is ingested."
          >
            {(i: OverviewSpendInsights) => (
              <ModelMixTable
                departures={
                  filtered ? filtered.modelMix(i.modelMix) : i.modelMix
                }
              />
            )}
          </AsyncContent>
        </Section>
        {overviewSection('Unowned assets', 'ap-unowned', o => (
          <UnownedAssets assets={o.overview.unowned} />
        ))}
        {overviewSection(
          'Skill reuse (teams per skill)',
          'ap-reuse',
          o => (
            <SkillReuseTable reuse={o.overview.skills} />
          ),
          12,
        )}
        <Section title="Promotion candidates" id="ap-promotion" md={12}>
          <AsyncContent
            what="promotion candidates"
            state={{
              loading: overview.loading || insights.loading,
              error: overview.error,
              value: overview.value,
            }}
            emptyTitle="No skills"
          >
            {() => (
              <PromotionCandidates
                candidates={
                  insights.value && filtered
                    ? filtered.promotionCandidates(
                        insights.value.promotionCandidates,
                      )
                    : filtered?.overview.promotionCandidates ?? []
                }
                telemetry={insights.value !== undefined}
              />
            )}
          </AsyncContent>
        </Section>
        <Grid item xs={12}>
          {/* Requests waiting for approval, approved and expiring exceptions. */}
          <ExceptionsCard key={decisions} team={filters.team} />
        </Grid>
        <Grid item xs={12}>
          <OrgHealthSection />
        </Grid>
      </Grid>
    </Content>
  );
}
