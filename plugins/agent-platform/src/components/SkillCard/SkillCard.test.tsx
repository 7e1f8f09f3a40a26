import { screen } from '@testing-library/react';
import { SkillCard } from './SkillCard';
import { entities, fakeApi, usageAnswer } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';

describe('SkillCard', () => {
  it('shows version, lifecycle, scope, evaluation and who uses it from configs and telemetry', async () => {
    const api = fakeApi({
      getAssetUsage: async ref =>
        usageAnswer(ref, {
          status: 'ok',
          teams: [
            { team: 'group:default/payments', cost: 240 },
            { team: 'group:default/checkout', cost: 150 },
          ],
        }),
    });
    renderOnEntity(<SkillCard />, { entity: entities.pciChecklist, api });
    expect(screen.getByText('1.2.0')).toBeInTheDocument();
    expect(screen.getByText('production')).toBeInTheDocument();
    expect(screen.getByText('Team-local')).toBeInTheDocument();
    expect(screen.getByText('passing')).toBeInTheDocument();
    const teams = await screen.findByText('Teams');
    // The snapshot's answer: payments' team config lists it.
    expect(teams.parentElement).toHaveTextContent('Teamspayments');
    expect(
      screen.getByText('Used by (telemetry, last 30 days)').nextElementSibling,
    ).toHaveTextContent('payments ($240.00), checkout ($150.00)');
    // One request for usage and telemetry; no per-team or platform-wide spend.
    expect(api.getAssetUsage).toHaveBeenCalledTimes(1);
    expect(api.getAssetUsage).toHaveBeenCalledWith(
      'airesource:default/pci-checklist',
      expect.objectContaining({ from: expect.any(String) }),
    );
    expect(api.getPlatformSpend).not.toHaveBeenCalled();
    expect(api.getEntitySpend).not.toHaveBeenCalled();
  });

  it('shows deprecation, the replacement and the teams still on a base release listing it', async () => {
    const api = fakeApi({ getAssetUsage: async ref => usageAnswer(ref) });
    renderOnEntity(<SkillCard />, { entity: entities.changelogWriter, api });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Deprecated. Use release-notes instead.',
    );
    expect(
      (await screen.findByText('Through base')).parentElement,
    ).toHaveTextContent('data-eng, mobile, search (from their base release)');
    expect(
      screen.getByText(/Teams still on a base release that lists it/),
    ).toBeInTheDocument();
  });

  it('says why telemetry is unavailable', async () => {
    const api = fakeApi({
      getAssetUsage: async ref =>
        usageAnswer(ref, {
          status: 'unavailable',
          reason: "only the platform team reads every team's spend",
        }),
    });
    renderOnEntity(<SkillCard />, { entity: entities.pciChecklist, api });
    expect(
      await screen.findByText(
        "Not available: only the platform team reads every team's spend.",
      ),
    ).toBeInTheDocument();
  });
});
