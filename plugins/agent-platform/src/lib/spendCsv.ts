import type { EntitySpendReport } from '@agent-platform/plugin-agent-platform-common';
import { csvField } from './csv';

const BREAKDOWNS = [
  ['model', 'byModel'],
  ['skill', 'bySkill'],
  ['mcp_server', 'byMcpServer'],
  ['user', 'byUser'],
  ['repo', 'byRepo'],
  ['agent', 'byAgent'],
  ['plugin', 'byPlugin'],
  ['query_source', 'byQuerySource'],
  ['effort', 'byEffort'],
  ['team', 'byTeam'],
] as const;

/**
 * A spend report as CSV (RFC 4180): one row per day, then one per
 * breakdown row, in the columns `section, key, date, cost_usd,
 * input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens`;
 * a breakdown row's date is the days it counts (`from..to`).
 */
export function spendReportToCsv(report: EntitySpendReport): string {
  const lines = [
    'section,key,date,cost_usd,input_tokens,output_tokens,cache_read_tokens,cache_creation_tokens',
  ];
  for (const day of report.byDay) {
    const t = day.tokens;
    lines.push(
      [
        'day',
        report.entityRef,
        day.date,
        day.cost,
        t.input,
        t.output,
        t.cacheRead,
        t.cacheCreation,
      ]
        .map(csvField)
        .join(','),
    );
  }
  for (const [section, rows] of BREAKDOWNS) {
    // The days a breakdown counts: whole folded months for a user's or a
    // repository's (see breakdownRange); a department's teams, the range.
    const range =
      section === 'team' ? report.range : report.breakdownRange ?? report.range;
    for (const row of report[rows] ?? []) {
      const t = row.tokens;
      lines.push(
        [
          section,
          row.key,
          `${range.from}..${range.to}`,
          row.cost,
          t.input,
          t.output,
          t.cacheRead,
          t.cacheCreation,
        ]
          .map(csvField)
          .join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
