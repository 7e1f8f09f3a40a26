import {
  addDays,
  buildEntitySpendReport,
  buildPlatformSpendTable,
  cacheHitRatio,
  effectiveMonthlyBudget,
  emptySpendTotals,
  parseSpendRange,
  periodChange,
  previousRange,
  SpendRangeError,
  spendBudget,
} from './report';

const NOW = new Date('2026-11-21T12:00:00Z');

describe('ranges', () => {
  it('defaults to the last 30 days and computes the previous range', () => {
    expect(parseSpendRange({}, NOW)).toEqual({
      from: '2026-10-23',
      to: '2026-11-21',
    });
    expect(previousRange({ from: '2026-11-01', to: '2026-11-10' })).toEqual({
      from: '2026-10-22',
      to: '2026-10-31',
    });
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it.each([
    [
      { from: '2026-13-01' },
      'Query parameter from must be a date YYYY-MM-DD, got "2026-13-01"',
    ],
    [
      { to: '2026-02-30' },
      'Query parameter to must be a date YYYY-MM-DD, got "2026-02-30"',
    ],
    [
      { from: ['a'] },
      'Query parameter from must be a date YYYY-MM-DD, got ["a"]',
    ],
    [
      { from: '2026-11-02', to: '2026-11-01' },
      'Query parameter from (2026-11-02) is after to (2026-11-01)',
    ],
    [
      { from: '2020-01-01', to: '2026-11-01' },
      'The range 2020-01-01..2026-11-01 is 2497 days long; at most 731 are allowed',
    ],
  ])('rejects %j', (query, message) => {
    expect(() => parseSpendRange(query, NOW)).toThrow(
      new SpendRangeError(message),
    );
  });
});

describe('ratios and budgets', () => {
  it('computes change and cache hit ratio', () => {
    expect(periodChange(150, 100)).toBe(0.5);
    expect(periodChange(5, 0)).toBeNull();
    expect(
      cacheHitRatio({
        input: 100,
        output: 50,
        cacheRead: 300,
        cacheCreation: 100,
      }),
    ).toBe(0.6);
    expect(
      cacheHitRatio({ input: 0, output: 5, cacheRead: 0, cacheCreation: 0 }),
    ).toBeNull();
  });

  it('takes the monthly budget of the team capped by the base', () => {
    const configs = {
      base: 'airesource:default/org-base',
      team: 'airesource:default/payments-agent-config',
    };
    expect(
      effectiveMonthlyBudget(
        {
          monthlyUsd: { value: 4000, layer: 'team:payments' },
          monthlyUsdCap: { value: 5000, layer: 'base@2.4.0' },
        },
        configs,
      ),
    ).toEqual({ monthlyUsd: 4000, source: configs.team });
    expect(
      effectiveMonthlyBudget(
        {
          monthlyUsd: { value: 6000, layer: 'team:payments' },
          monthlyUsdCap: { value: 5000, layer: 'base@2.4.0' },
        },
        configs,
      ),
    ).toEqual({ monthlyUsd: 5000, source: configs.base });
    expect(
      effectiveMonthlyBudget(
        { monthlyUsdCap: { value: 5000, layer: 'base@2.4.0' } },
        configs,
      ),
    ).toEqual({ monthlyUsd: null, source: null });
  });

  it.each([
    [null, 100, 'none', 150],
    [300, 100, 'ok', 150],
    [140, 100, 'at-risk', 150],
    [90, 100, 'over', 150],
  ])(
    'budget %p with %p spent by the 21st of a 30-day month... state %p',
    (monthlyUsd, mtd, state, _x) => {
      const now = new Date('2026-11-20T08:00:00Z');
      expect(
        spendBudget({
          monthlyUsd,
          source: monthlyUsd ? 'x' : null,
          monthToDate: mtd,
          now,
        }),
      ).toEqual({
        month: '2026-11',
        monthlyUsd,
        source: monthlyUsd ? 'x' : null,
        monthToDate: 100,
        forecast: 150,
        state,
      });
    },
  );
});

describe('report assembly', () => {
  it('zero-fills days, sums totals, compares with the previous range and sorts breakdowns', () => {
    const day = (
      cost: number,
      extra: Partial<ReturnType<typeof emptySpendTotals>> = {},
    ) => ({
      ...emptySpendTotals(),
      cost,
      ...extra,
    });
    const report = buildEntitySpendReport({
      entityRef: 'group:default/payments',
      range: { from: '2026-11-01', to: '2026-11-03' },
      days: [
        { date: '2026-10-30', totals: day(2) },
        {
          date: '2026-11-01',
          totals: day(0.1, {
            sessions: 2,
            pullRequests: 1,
            tokens: { input: 10, output: 1, cacheRead: 30, cacheCreation: 0 },
          }),
        },
        { date: '2026-11-03', totals: day(0.2, { sessions: 1 }) },
      ],
      breakdowns: {
        model: [
          {
            key: 'a',
            cost: 0.1,
            tokens: { input: 1, output: 0, cacheRead: 0, cacheCreation: 0 },
          },
          {
            key: 'b',
            cost: 0.2,
            tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 },
          },
        ],
        skill: [],
        mcpServer: [],
        user: [],
        repo: [],
      },
      budget: null,
    });
    expect(report.byDay.map(d => [d.date, d.cost])).toEqual([
      ['2026-11-01', 0.1],
      ['2026-11-02', 0],
      ['2026-11-03', 0.2],
    ]);
    expect(report.totals.cost).toBe(0.3);
    expect(report.totals.sessions).toBe(3);
    expect(report.cacheHitRatio).toBe(0.75);
    expect(report.costPerSession).toBe(0.1);
    expect(report.costPerPullRequest).toBe(0.3);
    expect(report.previous).toEqual({
      range: { from: '2026-10-29', to: '2026-10-31' },
      cost: 2,
      change: -0.85,
    });
    expect(report.byModel.map(r => r.key)).toEqual(['b', 'a']);
  });

  it('lists every team, other groups and the unattributed row, sorted by cost', () => {
    const totals = (cost: number) => ({ ...emptySpendTotals(), cost });
    const tk = { input: 1, output: 1, cacheRead: 0, cacheCreation: 0 };
    const table = buildPlatformSpendTable({
      range: { from: '2026-11-01', to: '2026-11-30' },
      teams: [
        { ref: 'group:default/payments', title: 'Payments', budget: null },
        { ref: 'group:default/search', title: 'Search', budget: null },
      ],
      current: [
        { team: 'group:default/payments', totals: totals(5) },
        { team: null, totals: totals(1.5) },
        { team: 'group:default/engineering', totals: totals(2) },
      ],
      previous: [{ team: 'group:default/payments', cost: 4 }],
      breakdowns: [
        {
          team: 'group:default/payments',
          dimension: 'model',
          row: { key: 'claude-opus-4-5', cost: 1.0000004, tokens: tk },
        },
        {
          team: 'group:default/payments',
          dimension: 'model',
          row: { key: 'claude-sonnet-4-6', cost: 3.9999996, tokens: tk },
        },
        {
          team: 'group:default/payments',
          dimension: 'skill',
          row: { key: null, cost: 5, tokens: tk },
        },
        {
          team: null,
          dimension: 'model',
          row: { key: null, cost: 1.5, tokens: tk },
        },
      ],
    });
    // Each row's breakdowns: its own, rounded as costs are, highest cost first.
    const byTeam = new Map(table.rows.map(r => [r.team, r]));
    expect(
      byTeam.get('group:default/payments')!.byModel.map(r => [r.key, r.cost]),
    ).toEqual([
      ['claude-sonnet-4-6', 4],
      ['claude-opus-4-5', 1],
    ]);
    expect(
      byTeam.get('group:default/payments')!.bySkill.map(r => r.key),
    ).toEqual([null]);
    expect(byTeam.get(null)!.byModel.map(r => r.cost)).toEqual([1.5]);
    expect(byTeam.get(null)!.bySkill).toEqual([]);
    expect(byTeam.get('group:default/search')!.byModel).toEqual([]);
    expect(
      table.rows.map(r => [r.team, r.title, r.cost, r.previousCost, r.change]),
    ).toEqual([
      ['group:default/payments', 'Payments', 5, 4, 0.25],
      ['group:default/engineering', 'engineering', 2, 0, null],
      [null, 'Unattributed', 1.5, 0, null],
      ['group:default/search', 'Search', 0, 0, null],
    ]);
    expect(table.totals.cost).toBe(8.5);
  });
});
