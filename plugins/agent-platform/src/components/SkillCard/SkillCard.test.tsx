import { screen, waitFor } from '@testing-library/react';
import { SkillCard } from './SkillCard';
import {
  entities,
  fakeApi,
  httpError,
  makeSpendReport,
  platformOverview,
} from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';

const catalog = [
  entities.checkoutTeamConfig,
  entities.paymentsTeamConfig,
  entities.cartServiceRepoConfig,
];

describe('SkillCard', () => {
  it('shows version, lifecycle, scope, evaluation and who uses it from configs and telemetry', async () => {
    const report = makeSpendReport({ entityRef: 'airesource:default/pci-checklist' });
    report.byTeam = [
      { key: 'group:default/payments', cost: 240, tokens: report.totals.tokens },
      { key: 'group:default/checkout', cost: 150, tokens: report.totals.tokens },
    ];
    const api = fakeApi({ getEntitySpend: async () => report });
    renderOnEntity(<SkillCard />, {
      entity: entities.pciChecklist,
      api,
      catalog,
    });
    expect(screen.getByText('1.2.0')).toBeInTheDocument();
    expect(screen.getByText('production')).toBeInTheDocument();
    expect(screen.getByText('Team-local')).toBeInTheDocument();
    expect(screen.getByText('passing')).toBeInTheDocument();
    const teams = await screen.findByText('Teams');
    expect(teams.parentElement).toHaveTextContent('Teamscheckout, payments');
    expect(screen.getByText('Repositories').parentElement).toHaveTextContent(
      'cart-service',
    );
    // The skill's own report, per team.
    await waitFor(() =>
      expect(
        screen.getByText('Used by (telemetry, last 30 days)')
          .nextElementSibling,
      ).toHaveTextContent('payments ($240.00), checkout ($150.00)'),
    );
    // One request for this skill's row; the platform table is not downloaded.
    expect(api.getEntitySpend).toHaveBeenCalledTimes(1);
    expect(api.getEntitySpend.mock.calls[0][0]).toBe('airesource:default/pci-checklist');
    expect(api.getPlatformSpend).not.toHaveBeenCalled();
  });

  it('shows deprecation, the replacement and the teams still on a base release listing it', async () => {
    const api = fakeApi({
      getEntitySpend: () => new Promise(() => {}),
      getOverview: async () => platformOverview,
    });
    renderOnEntity(<SkillCard />, { entity: entities.changelogWriter, api });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Deprecated. Use release-notes instead.',
    );
    expect(
      await screen.findByText('No agent config lists this skill'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('status', { name: 'Loading skill telemetry' }),
    ).toBeInTheDocument();
    expect(
      (await screen.findByText('Through base')).parentElement,
    ).toHaveTextContent(
      'data-eng-agent-config, mobile-agent-config, search-agent-config (still on a base release that lists it)',
    );
  });

  it('says why telemetry is unavailable (403 and 404)', async () => {
    const denied = await httpError(403, 'platform only');
    const api = fakeApi({ getEntitySpend: () => Promise.reject(denied) });
    renderOnEntity(<SkillCard />, {
      entity: entities.pciChecklist,
      api,
      catalog,
    });
    expect(
      await screen.findByText(
        'Not available: only the platform team sees spend telemetry across teams.',
      ),
    ).toBeInTheDocument();

    const missing = await httpError(404, 'no route');
    const api2 = fakeApi({ getEntitySpend: () => Promise.reject(missing) });
    renderOnEntity(<SkillCard />, {
      entity: entities.pciChecklist,
      api: api2,
      catalog,
    });
    expect(
      await screen.findByText(
        'Not available: no spend telemetry has been ingested.',
      ),
    ).toBeInTheDocument();
  });
});
