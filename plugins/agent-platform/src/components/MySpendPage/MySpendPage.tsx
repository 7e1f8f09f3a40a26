import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Content, Header, InfoCard, Page } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { lastDays } from '../../lib/format';
import { AsyncContent } from '../common/AsyncContent';
import { RangeSelect } from '../Spend/RangeSelect';
import {
  Breakdown,
  BreakdownRangeNote,
  breakdownTotal,
  DailyTrend,
  isEmptyReport,
  SpendStats,
} from '../Spend/SpendParts';

/**
 * My spend: the signed-in engineer's own Claude Code usage (the backend
 * reads whose it is from the sign-in, never from the page), with the daily
 * trend and the breakdowns by model, skill and repository.
 *
 * @public
 */
export function MySpendPage() {
  const api = useApi(agentPlatformApiRef);
  const [days, setDays] = useState(30);
  const state = useAsync(
    () => api.getMySpend(lastDays(days, new Date())),
    [api, days],
  );
  return (
    <Page themeId="tool">
      <Header title="My agent spend" subtitle="Your own Claude Code usage" />
      <Content>
        <InfoCard
          title="Your spend"
          action={
            <Box mt={1} mr={1}>
              <RangeSelect days={days} onChange={setDays} />
            </Box>
          }
        >
          <AsyncContent
            what="your spend"
            state={state}
            emptyTitle="No usage recorded for you"
            emptyDescription="Your spend appears once Claude Code telemetry carrying your e-mail, or the Admin API usage report, is ingested."
            isEmpty={isEmptyReport}
          >
            {report => (
              <>
                <SpendStats report={report} />
                <DailyTrend report={report} height={220} />
                <BreakdownRangeNote report={report} />
                <Grid container spacing={3}>
                  <Grid item xs={12} md={6}>
                    <Breakdown
                      title="Model mix"
                      rows={report.byModel}
                      total={breakdownTotal(report)}
                      noneLabel="(unknown model)"
                    />
                  </Grid>
                  <Grid item xs={12} md={6}>
                    <Breakdown
                      title="By skill"
                      rows={report.bySkill}
                      total={breakdownTotal(report)}
                      noneLabel="(no skill)"
                    />
                  </Grid>
                  <Grid item xs={12} md={6}>
                    <Breakdown
                      title="By repository"
                      rows={report.byRepo}
                      total={breakdownTotal(report)}
                      noneLabel="(no repository)"
                    />
                  </Grid>
                </Grid>
              </>
            )}
          </AsyncContent>
        </InfoCard>
      </Content>
    </Page>
  );
}
