import { spendReportToCsv } from './spendCsv';
import { makeSpendReport } from '../__testUtils__';

describe('spendReportToCsv', () => {
  it('writes the days and the breakdowns, quoting fields that need it', () => {
    const report = makeSpendReport({ days: 2 });
    report.byRepo = [
      {
        key: 'acme, "payments"',
        cost: 1.5,
        tokens: { input: 1, output: 2, cacheRead: 3, cacheCreation: 4 },
      },
    ];
    const lines = spendReportToCsv(report).split('\r\n');
    expect(lines[0]).toBe(
      'section,key,date,cost_usd,input_tokens,output_tokens,cache_read_tokens,cache_creation_tokens',
    );
    expect(lines[1]).toMatch(
      /^day,group:default\/checkout,\d{4}-\d{2}-\d{2},1,/,
    );
    expect(lines).toContain(
      `repo,"acme, ""payments""",${report.range.from}..${report.range.to},1.5,1,2,3,4`,
    );
    expect(lines[lines.length - 1]).toBe('');
  });

  it('dates breakdown rows with the days they count when folded months widen them', () => {
    const report = {
      ...makeSpendReport({ days: 2 }),
      breakdownRange: { from: '2026-08-01', to: '2026-12-06' },
    };
    const lines = spendReportToCsv(report).split('\r\n');
    const model = lines.find(l => l.startsWith('model,'))!;
    expect(model.split(',')[2]).toBe('2026-08-01..2026-12-06');
    // Days keep their own dates.
    expect(lines[1].split(',')[2]).toBe(report.byDay[0].date);
  });
});
