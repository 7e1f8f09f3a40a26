import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import type { EntitySpendReport } from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { AsyncContent } from '../common/AsyncContent';
import { useEntityRef } from '../../lib/useEntityRef';
import { RangeSelect } from './RangeSelect';
import {
  BudgetGauge,
  Breakdown,
  BreakdownRangeNote,
  breakdownTotal,
  DailyTrend,
  isEmptyReport,
  SpendStats,
} from './SpendParts';
import { useSpend } from './useSpend';
import Button from '@material-ui/core/Button';
import { spendReportToCsv } from '../../lib/spendCsv';
import { parseEntityRef } from '@backstage/catalog-model';
import { SpendReconciliationSection } from './Reconciliation';

/** Saves a report as a CSV file. */
function downloadCsv(report: EntitySpendReport) {
  const blob = new Blob([spendReportToCsv(report)], { type: 'text/csv' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `spend-${report.entityRef.replace(/[:/]/g, '-')}-${
    report.range.from
  }-${report.range.to}.csv`;
  link.click();
  URL.revokeObjectURL(url);
}

/** The Spend tab's breakdowns, in order; model mix and skills get a chart. */
const BREAKDOWNS: Array<{
  title: string;
  rows:
    | 'byModel'
    | 'bySkill'
    | 'byMcpServer'
    | 'byUser'
    | 'byRepo'
    | 'byTeam'
    | 'byAgent'
    | 'byPlugin'
    | 'byQuerySource'
    | 'byEffort';
  noneLabel: string;
  chart?: boolean;
  linkKind?: string;
  users?: boolean;
}> = [
  {
    title: 'By team',
    rows: 'byTeam',
    noneLabel: '(unattributed)',
    chart: true,
  },
  {
    title: 'Model mix',
    rows: 'byModel',
    noneLabel: '(unknown model)',
    chart: true,
  },
  {
    title: 'By skill',
    rows: 'bySkill',
    noneLabel: '(no skill)',
    chart: true,
    linkKind: 'airesource',
  },
  {
    title: 'By MCP server',
    rows: 'byMcpServer',
    noneLabel: '(no MCP server)',
    linkKind: 'api',
  },
  {
    title: 'By user',
    rows: 'byUser',
    noneLabel: '(unknown user)',
    users: true,
  },
  { title: 'By repository', rows: 'byRepo', noneLabel: '(no repository)' },
  { title: 'By subagent', rows: 'byAgent', noneLabel: '(main agent)' },
  { title: 'By plugin', rows: 'byPlugin', noneLabel: '(no plugin)' },
  { title: 'By query source', rows: 'byQuerySource', noneLabel: '(not sent)' },
  { title: 'By effort', rows: 'byEffort', noneLabel: '(not sent)' },
];

const EMPTY =
  'Spend appears once Claude Code telemetry (OpenTelemetry) or the Admin API usage report is ingested for this entity.';

/**
 * The frame both spend views share: the card with its range selector, the
 * loading, empty and error states, and the totals, budget gauge and daily
 * trend of the report; `children` adds more below.
 */
function SpendReportCard(props: {
  subheader?: string;
  chartHeight: number;
  children?: (report: EntitySpendReport) => ReactNode;
}) {
  const entityRef = useEntityRef();
  const { days, setDays, state } = useSpend(entityRef, 30);
  return (
    <InfoCard
      titleTypographyProps={{ component: 'h2' }}
      title="Agent spend"
      {...(props.subheader ? { subheader: props.subheader } : {})}
      action={
        <Box mt={1} mr={1}>
          <RangeSelect days={days} onChange={setDays} />
        </Box>
      }
    >
      <AsyncContent
        what="agent spend"
        state={state}
        emptyTitle="No spend recorded"
        emptyDescription={EMPTY}
        isEmpty={isEmptyReport}
      >
        {report => (
          <>
            <SpendStats report={report} />
            <BudgetGauge budget={report.budget} />
            <DailyTrend report={report} height={props.chartHeight} />
            {props.children?.(report)}
          </>
        )}
      </AsyncContent>
    </InfoCard>
  );
}

/**
 * The spend summary card: totals, change, cache hit ratio, cost per pull
 * request, the budget gauge and the daily trend of the last 30 days.
 *
 * @public
 */
export function SpendSummaryCard() {
  return (
    <SpendReportCard
      subheader="Claude Code cost attributed to this entity"
      chartHeight={160}
    />
  );
}

/**
 * The Spend tab: everything of the card, plus model mix, spend by skill, by
 * MCP server, by user and by repository, with a range selector.
 *
 * @public
 */
export function SpendContent() {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <SpendReportCard chartHeight={260}>
          {report => (
            <Grid container spacing={3}>
              <Grid item xs={12}>
                <Button
                  size="small"
                  variant="outlined"
                  onClick={() => downloadCsv(report)}
                >
                  Download CSV
                </Button>
                <BreakdownRangeNote report={report} />
              </Grid>
              {BREAKDOWNS.filter(
                // A department's teams; nothing to show elsewhere.
                b => b.rows !== 'byTeam' || (report.byTeam ?? []).length > 0,
              ).map(b => (
                <Grid item xs={12} md={6} key={b.title}>
                  <Breakdown
                    title={b.title}
                    rows={report[b.rows] ?? []}
                    total={breakdownTotal(report)}
                    noneLabel={b.noneLabel}
                    chart={b.chart}
                    linkKind={b.linkKind}
                    users={b.users}
                  />
                </Grid>
              ))}
              {parseEntityRef(report.entityRef).kind.toLocaleLowerCase(
                'en-US',
              ) === 'group' && (
                <Grid item xs={12}>
                  <SpendReconciliationSection
                    teamRef={report.entityRef}
                    range={report.range}
                  />
                </Grid>
              )}
            </Grid>
          )}
        </SpendReportCard>
      </Grid>
    </Grid>
  );
}
