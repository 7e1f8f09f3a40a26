import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PlatformOverviewPage } from './PlatformOverviewPage';
import {
  cartServiceResolution,
  entities,
  fakeApi,
  httpError,
  makePlatformSpend,
  platformOverview,
} from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';

const catalog = [
  entities.checkout,
  entities.payments,
  entities.platform,
  entities.checkoutTeamConfig,
  entities.paymentsTeamConfig,
  entities.cartServiceRepoConfig,
  entities.pciChecklist,
  entities.changelogWriter,
  entities.orphanSkill,
  entities.github,
];

const cells = (row: HTMLElement) =>
  within(row)
    .queryAllByRole('cell')
    .map(c => c.textContent);

function fullApi() {
  return fakeApi({
    getOverview: async () => platformOverview,
    getPlatformSpend: async () => makePlatformSpend(),
    getEffectiveConfig: async () => cartServiceResolution,
  });
}

describe('PlatformOverviewPage', () => {
  it('shows the totals and the release distribution of the example org', async () => {
    renderOnEntity(<PlatformOverviewPage />, { api: fullApi(), catalog });
    const totals = await screen.findByRole('group', { name: 'Totals' });
    expect(totals).toHaveTextContent(
      'Teams7Repositories9Teams with errors2Teams behind4Missing a security release2',
    );
    const releases = screen.getByRole('table', {
      name: 'Release distribution',
    });
    const rows = within(releases).getAllByRole('row').slice(1);
    expect(rows.map(r => cells(r)[0])).toEqual([
      '2.4.0',
      '2.3.0',
      '2.2.0',
      '2.1.0',
      '2.0.0',
      '1.8.0',
    ]);
    expect(cells(rows[2])[1]).toBe('Security');
    expect(cells(rows[5])[1]).toBe('Deprecated');
  });

  it('renders the model mix, skill reuse, promotion candidates and unowned assets the backend computed', async () => {
    const api = fakeApi({
      getOverview: async () => ({
        ...platformOverview,
        unowned: [
          {
            ref: 'airesource:default/orphan-skill',
            reason: 'owner group:default/ghosts is not in the catalog',
          },
        ],
      }),
      getPlatformSpend: async () => makePlatformSpend(),
      getSpendInsights: async () => ({
        range: { from: '2026-10-23', to: '2026-11-21' },
        modelMix: [
          {
            team: 'group:default/payments',
            routed: ['claude-haiku-4-5', 'claude-sonnet-4-6'],
            outside: [{ model: 'claude-opus-4-8', cost: 500 }],
            share: 1 / 3,
            total: 1500,
          },
        ],
        promotionCandidates: [
          {
            skill: 'airesource:default/dbt-model-review',
            owner: 'group:default/data-eng',
            configTeams: [],
            telemetryTeams: [{ team: 'group:default/payments', cost: 403.93 }],
          },
        ],
      }),
    });
    renderOnEntity(<PlatformOverviewPage />, { api, catalog });
    const mix = await screen.findByRole('table', {
      name: 'Model mix departures',
    });
    expect(
      within(mix)
        .getAllByRole('row')
        .slice(1)
        .map(r => cells(r).slice(1).join(' | ')),
    ).toEqual([
      '33.3% | claude-opus-4-8 ($500.00) | claude-haiku-4-5, claude-sonnet-4-6',
    ]);
    // The page derives nothing itself: no catalog reads, no per-team requests.
    expect(api.getEntitySpend).not.toHaveBeenCalled();
    expect(api.getEffectiveConfig).not.toHaveBeenCalled();
    expect(api.getSpendInsights).toHaveBeenCalledTimes(1);
    const reuse = screen.getByRole('table', { name: 'Skill reuse' });
    const reuseRows = within(reuse).getAllByRole('row').slice(1);
    // The snapshot's usage: every team gets code-review from the base.
    expect(cells(reuseRows[0])).toEqual([
      'Code review',
      'platform',
      'org',
      '7',
      'Through the base: 7',
    ]);
    expect(
      reuseRows.map(r => cells(r)).find(c => c[0] === 'PCI checklist'),
    ).toEqual(['PCI checklist', 'payments', 'team', '1', 'payments']);
    const promotion = await screen.findByRole('table', {
      name: 'Promotion candidates',
    });
    expect(cells(within(promotion).getAllByRole('row')[1])).toEqual([
      'dbt-model-review',
      'data-eng',
      '—',
      'payments ($403.93)',
      'Promote dbt-model-review',
    ]);
    const unowned = screen.getByRole('table', { name: 'Unowned assets' });
    expect(cells(within(unowned).getAllByRole('row')[1])).toEqual([
      'orphan-skill',
      'owner group:default/ghosts is not in the catalog',
    ]);
  });

  it('applies the filters of the URL to every table, and keeps new ones in the URL', async () => {
    renderOnEntity(<PlatformOverviewPage />, {
      api: fullApi(),
      catalog,
      route: '/?team=group%3Adefault%2Fmobile&severity=warning',
    });
    const drift = await screen.findByRole('table', { name: 'Teams by drift' });
    const teamCells = (name: string, column = 0) =>
      within(screen.getByRole('table', { name }))
        .getAllByRole('row')
        .slice(1)
        .map(r => cells(r)[column]);
    expect(teamCells('Teams by drift')).toEqual(['mobile']);
    // Its two warnings; no other team's violations.
    expect(teamCells('Violations', 1)).toEqual(['mobile', 'mobile']);
    expect(teamCells('Violations')).toEqual(['Warning', 'Warning']);
    expect(teamCells('Release distribution')).toEqual(['1.8.0']);
    expect(teamCells('Deprecated assets in use')).toEqual([
      'Release 1.8.0 Deprecated',
      'changelog-writer',
    ]);
    // The spend table has no row for the team; the total is said to be the org's.
    const spend = await screen.findByRole('table', {
      name: 'Spend by team table',
    });
    expect(within(spend).getAllByRole('row').slice(1).map(cells)).toEqual([
      ['Total of every team', '$4,200.00', ''],
    ]);
    // The team behind links to where the upgrade happens.
    expect(
      within(drift).getByRole('link', { name: 'Upgrade its repositories' }),
    ).toHaveAttribute('href', '/catalog/default/group/mobile');
    expect(
      within(drift).getByRole('link', { name: 'Upgrade campaign to 2.4.0' }),
    ).toHaveAttribute('href', '/catalog/default/airesource/org-base');

    // Another filter, chosen on the page, goes through the URL too.
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    const filters = screen.getByRole('group', { name: 'Filters' });
    await userEvent.click(
      within(filters).getByRole('button', { name: /^Release/ }),
    );
    await userEvent.click(await screen.findByRole('option', { name: '2.4.0' }));
    await waitFor(() =>
      expect(teamCells('Teams by drift')).toEqual([
        'identity',
        'payments',
        'platform',
      ]),
    );
    expect(screen.queryByRole('table', { name: 'Violations' })).toBeNull();
  });

  it('lets an approver decide a pending exception request from the violation it is about', async () => {
    const request = {
      id: 'r7',
      team: 'group:default/checkout',
      target: 'Read(./.env)',
      reason: 'Local secrets for the migration.',
      since: '2026-12-06',
      until: '2027-01-04',
      requestedBy: 'user:default/elena.sokolova',
      requestedAt: '2026-12-06T10:00:00.000Z',
      status: 'pending' as const,
      state: 'pending' as const,
    };
    const exceptionsApi = {
      getExceptions: jest.fn(async () => ({
        requests: [request],
        inConfig: [],
        canDecide: true,
        canRequest: false,
        maxDays: 90,
      })),
      requestException: jest.fn(),
      decideException: jest.fn(async () => ({} as never)),
    };
    renderOnEntity(<PlatformOverviewPage />, {
      api: fullApi(),
      catalog,
      exceptionsApi,
      route: '/?severity=error',
    });
    const approve = await screen.findByRole('button', {
      name: 'Approve the exception for Read(./.env) (group:default/checkout) from the violation',
    });
    // Only the violation the request is about offers the decision.
    const violations = screen.getByRole('table', { name: 'Violations' });
    expect(within(violations).getAllByRole('row')[1]).toHaveTextContent(
      'Exception requested until 2027-01-04',
    );
    expect(
      within(within(violations).getAllByRole('row')[2]).getByRole('link', {
        name: 'Fix or request an exception',
      }),
    ).toHaveAttribute('href', '/catalog/default/group/data-eng');
    await userEvent.click(approve);
    expect(exceptionsApi.decideException).toHaveBeenCalledWith('r7', 'approve');
    // The page's list and the exceptions card both reload.
    await waitFor(() =>
      expect(
        exceptionsApi.getExceptions.mock.calls.length,
      ).toBeGreaterThanOrEqual(4),
    );
  });

  it('shows permission denied for non-platform users and clean empty spend', async () => {
    const denied = await httpError(
      403,
      'Only the platform team sees the overview',
    );
    const api = fakeApi({
      getOverview: () => Promise.reject(denied),
      getSpendInsights: () => Promise.reject(denied),
      getPlatformSpend: async () => ({
        ...makePlatformSpend(),
        rows: makePlatformSpend().rows.map(r => ({
          ...r,
          cost: 0,
          byModel: [],
          bySkill: [],
        })),
      }),
    });
    renderOnEntity(<PlatformOverviewPage />, { api, catalog });
    // Totals, releases, deprecated, drift, violations, model mix, skill
    // reuse, promotion candidates and unowned assets.
    await waitFor(() =>
      expect(screen.getAllByText('Permission denied')).toHaveLength(9),
    );
    expect(await screen.findByText('No spend recorded')).toBeInTheDocument();
  });
});
