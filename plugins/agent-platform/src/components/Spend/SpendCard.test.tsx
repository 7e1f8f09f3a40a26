import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SpendContent, SpendSummaryCard } from './SpendCard';
import {
  emptySpendReport,
  entities,
  fakeApi,
  httpError,
  makeSpendReport,
} from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';

const dayCount = (range: { from?: string; to?: string }) =>
  (Date.parse(range.to!) - Date.parse(range.from!)) / 86_400_000 + 1;

describe('SpendSummaryCard', () => {
  it('shows a loading state', async () => {
    const api = fakeApi({ getEntitySpend: () => new Promise(() => {}) });
    renderOnEntity(<SpendSummaryCard />, { entity: entities.checkout, api });
    expect(
      await screen.findByRole('status', { name: 'Loading agent spend' }),
    ).toBeInTheDocument();
  });

  it('shows totals, change, cache hit ratio, cost per PR and the budget state', async () => {
    const report = makeSpendReport({ days: 30 });
    const api = fakeApi({ getEntitySpend: async () => report });
    renderOnEntity(<SpendSummaryCard />, { entity: entities.checkout, api });
    // 1 + 2 + ... + 30 = 465 dollars.
    expect(await screen.findByText('$465.00')).toBeInTheDocument();
    expect(screen.getByText('+100.0%')).toBeInTheDocument();
    expect(screen.getByText('previous $232.50')).toBeInTheDocument();
    expect(screen.getByText('75.0%')).toBeInTheDocument();
    expect(screen.getByText('$23.25')).toBeInTheDocument(); // 465 / 20 PRs
    expect(screen.getByText('Forecast over budget')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', {
        name: 'Month to date $1,800.00 of $2,500.00',
      }),
    ).toHaveAttribute('aria-valuenow', '72');
    expect(
      screen.getByText(/forecast\s+\$2,700.00 by month end/),
    ).toBeInTheDocument();
    const [ref, range] = api.getEntitySpend.mock.calls[0];
    expect(ref).toBe('group:default/checkout');
    expect(dayCount(range!)).toBe(30);
  });

  it('shows a clean empty state before any telemetry', async () => {
    const api = fakeApi({ getEntitySpend: async () => emptySpendReport });
    renderOnEntity(<SpendSummaryCard />, { entity: entities.checkout, api });
    expect(await screen.findByText('No spend recorded')).toBeInTheDocument();
    expect(
      screen.getByText(/Spend appears once Claude Code telemetry/),
    ).toBeInTheDocument();
  });

  it('shows permission denied on 403, and an error panel on 500', async () => {
    const denied = await httpError(
      403,
      'Only the team and the platform team see this spend',
    );
    const api = fakeApi({ getEntitySpend: () => Promise.reject(denied) });
    renderOnEntity(<SpendSummaryCard />, { entity: entities.jonas, api });
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
    expect(
      screen.getByText(/Only the team and the platform team see this spend/),
    ).toBeInTheDocument();

    const broken = await httpError(500, 'Database unavailable');
    const api2 = fakeApi({ getEntitySpend: () => Promise.reject(broken) });
    renderOnEntity(<SpendSummaryCard />, {
      entity: entities.checkout,
      api: api2,
    });
    expect(
      await screen.findByText(/Could not load the agent spend/),
    ).toBeInTheDocument();
  });

  it('reloads with the range chosen', async () => {
    const api = fakeApi({ getEntitySpend: async () => makeSpendReport() });
    renderOnEntity(<SpendSummaryCard />, { entity: entities.checkout, api });
    await screen.findByText('$465.00');
    await userEvent.click(
      screen.getByRole('button', { name: 'Range: last 30 days' }),
    );
    await userEvent.click(screen.getByRole('option', { name: 'Last 90 days' }));
    await screen.findByRole('button', { name: 'Range: last 90 days' });
    expect(api.getEntitySpend).toHaveBeenCalledTimes(2);
    expect(dayCount(api.getEntitySpend.mock.calls[1][1]!)).toBe(90);
  });
});

describe('SpendContent', () => {
  it("shows a team's spend per source and day, and the days the report differs", async () => {
    const report = {
      ...makeSpendReport({ days: 30 }),
      entityRef: 'group:default/checkout',
    };
    const api = fakeApi({
      getEntitySpend: async () => report,
      getSpendReconciliation: async (teamRef, range) => ({
        entityRef: teamRef,
        range: { from: range!.from!, to: range!.to! },
        currency: 'USD' as const,
        rule: "Each user's day counts one source.",
        days: [
          {
            date: '2026-12-01',
            otlp: 0,
            adminApi: 0,
            counted: 0,
            difference: null,
          },
          {
            date: '2026-12-02',
            otlp: 3,
            adminApi: 3,
            counted: 3,
            difference: 0,
          },
          {
            date: '2026-12-03',
            otlp: 2.5,
            adminApi: 4,
            counted: 4,
            difference: 1.5,
          },
          {
            date: '2026-12-04',
            otlp: 1.25,
            adminApi: 0,
            counted: 1.25,
            difference: null,
          },
        ],
        totals: { otlp: 6.75, adminApi: 7, counted: 8.25 },
      }),
    });
    renderOnEntity(<SpendContent />, { entity: entities.checkout, api });
    const table = await screen.findByRole('table', {
      name: 'Spend per source and day',
    });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(r => r.textContent),
    ).toEqual([
      '2026-12-04$1.25$0.00$1.25one source only',
      '2026-12-03$2.50$4.00$4.00+$1.50',
      '2026-12-02$3.00$3.00$3.00$0.00',
    ]);
    expect(
      screen.getByText(/1 day where the report differs from telemetry/),
    ).toHaveTextContent(
      'OpenTelemetry $6.75 · Admin API report $7.00 · counted $8.25 · 1 day where the report differs from telemetry',
    );
    expect(
      screen.getByText("Each user's day counts one source."),
    ).toBeInTheDocument();
    // The same range as the report above it.
    const [teamRef, range] = api.getSpendReconciliation.mock.calls[0];
    expect([teamRef, range]).toEqual(['group:default/checkout', report.range]);
  });

  it('shows the model mix, skills, MCP servers, users and repositories', async () => {
    const report = makeSpendReport({ days: 30, models: 3 });
    const api = fakeApi({ getEntitySpend: async () => report });
    renderOnEntity(<SpendContent />, { entity: entities.cartService, api });
    const models = await screen.findByRole('table', { name: 'Model mix' });
    // Weights 3:2:1 of $465.
    expect(
      within(models)
        .getAllByRole('row')
        .slice(1)
        .map(r => r.textContent),
    ).toEqual([
      // tokens: input + output/4 + cacheRead 3x + cacheCreation/2 of 3000, 2000, 1000.
      'claude-sonnet-4-6$232.5050.0%14.3K',
      'claude-opus-4-8$155.0033.3%9.5K',
      'claude-haiku-4-5$77.5016.7%4.8K',
    ]);
    const skills = screen.getByRole('table', { name: 'By skill' });
    expect(
      within(skills)
        .getAllByRole('row')
        .slice(1)
        .map(r => (r as HTMLTableRowElement).cells[0].textContent),
    ).toEqual(['code-review', 'pci-checklist', '(no skill)']);
    expect(
      screen.getByRole('table', { name: 'By MCP server' }),
    ).toHaveTextContent('github$139.5030.0%');
    expect(screen.getByRole('table', { name: 'By user' })).toHaveTextContent(
      'jonas.berg$465.00100.0%',
    );
    expect(
      screen.getByRole('table', { name: 'By repository' }),
    ).toHaveTextContent('cart-service$465.00100.0%');
  });

  it('says which days the breakdowns count when folded months widen them, and gives shares of their own sum', async () => {
    const report = makeSpendReport({ days: 30, models: 3 });
    // The folded month adds $35 to the model mix beyond the range's total.
    const folded = {
      ...report,
      breakdownRange: { from: '2026-10-01', to: report.range.to },
      byModel: [...report.byModel, { ...report.byModel[0], key: 'claude-haiku-3', cost: 35 }],
    };
    const api = fakeApi({ getEntitySpend: async () => folded });
    renderOnEntity(<SpendContent />, { entity: entities.cartService, api });
    expect(await screen.findByRole('note')).toHaveTextContent(
      `The breakdowns below count 2026-10-01 to ${report.range.to}: breakdowns older than the retention period are kept per month`,
    );
    const models = screen.getByRole('table', { name: 'Model mix' });
    // $232.50 of $465 + $35.
    expect(within(models).getAllByRole('row')[1]).toHaveTextContent(
      'claude-sonnet-4-6$232.5046.5%',
    );
  });

  it('renders 365 days of 10 models', async () => {
    const report = makeSpendReport({ days: 365, models: 10 });
    const api = fakeApi({ getEntitySpend: async () => report });
    renderOnEntity(<SpendContent />, { entity: entities.checkout, api });
    const models = await screen.findByRole('table', { name: 'Model mix' });
    expect(within(models).getAllByRole('row')).toHaveLength(11);
    // 365 * 366 / 2 dollars.
    expect(screen.getByRole('table', { name: 'By user' })).toHaveTextContent(
      '$66,795.00',
    );
    expect(
      screen.getByRole('figure', {
        name: 'Daily spend from 2025-11-21 to 2026-11-20',
      }),
    ).toBeInTheDocument();
  });

  it('shows the empty state without telemetry', async () => {
    const api = fakeApi({ getEntitySpend: async () => emptySpendReport });
    renderOnEntity(<SpendContent />, { entity: entities.checkout, api });
    expect(await screen.findByText('No spend recorded')).toBeInTheDocument();
  });
});

describe('SpendContent, what the breakdowns and the trend say', () => {
  it('links rows to their entities, counts unmatched identities, draws budget and forecast, flags anomalies and exports CSV', async () => {
    const report = makeSpendReport({ days: 30 });
    report.byUser = [
      {
        key: 'user:default/jonas.berg',
        cost: 10,
        tokens: report.totals.tokens,
      },
      {
        key: 'someone@contractor.example',
        cost: 5,
        tokens: report.totals.tokens,
      },
    ];
    report.anomalies = [
      {
        date: report.byDay[29].date,
        cost: 30,
        baseline: 15,
        threshold: 25,
        score: 5,
      },
    ];
    const api = fakeApi({ getEntitySpend: async () => report });
    const createObjectURL = jest.fn(() => 'blob:spend');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    renderOnEntity(<SpendContent />, { entity: entities.checkout, api });
    const users = await screen.findByRole('table', { name: 'By user' });
    expect(
      within(users).getByRole('link', { name: 'jonas.berg' }),
    ).toBeInTheDocument();
    expect(
      within(users).getByText('someone@contractor.example (unmatched)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/1 raw identity matches no catalog User/),
    ).toBeInTheDocument();
    const skills = screen.getByRole('table', { name: 'By skill' });
    expect(
      within(skills).getByRole('link', { name: 'code-review' }),
    ).toHaveAttribute('href', '/catalog/default/airesource/code-review');
    expect(
      screen.getAllByText(/Budget \$[\d,.]+ a day; forecast \$[\d,.]+ a day/)
        .length,
    ).toBeGreaterThan(0);
    expect(
      screen
        .getAllByRole('alert')
        .some(a =>
          /Unusual spend on .*: \$30\.00 \(usually \$15\.00\)/.test(
            a.textContent ?? '',
          ),
        ),
    ).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(createObjectURL).toHaveBeenCalledTimes(1);
  });
});
