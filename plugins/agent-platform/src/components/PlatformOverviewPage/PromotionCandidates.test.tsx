import { screen, within } from '@testing-library/react';
import { fakeApi } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { PromotionCandidates } from './PromotionCandidates';

const cells = (row: HTMLElement) =>
  within(row)
    .queryAllByRole('cell')
    .map(c => c.textContent);

const candidate = {
  skill: 'airesource:default/pci-checklist',
  owner: 'group:default/payments',
  configTeams: ['group:default/checkout'],
  telemetryTeams: [{ team: 'group:default/search', cost: 150 }],
};

describe('PromotionCandidates', () => {
  it('lists the other teams using a team-local skill, in configs and telemetry', async () => {
    await renderOnEntity(
      <PromotionCandidates candidates={[candidate]} telemetry />,
      { api: fakeApi() },
    );
    const table = screen.getByRole('table', { name: 'Promotion candidates' });
    expect(cells(within(table).getAllByRole('row')[1])).toEqual([
      'pci-checklist',
      'payments',
      'checkout',
      'search ($150.00)',
      'Promote pci-checklist',
    ]);
    expect(
      screen.getByRole('link', { name: 'Promote pci-checklist' }),
    ).toHaveAttribute(
      'href',
      `/create/templates/default/promote-skill?formData=${encodeURIComponent(
        JSON.stringify({ skill: 'airesource:default/pci-checklist' }),
      )}`,
    );
    expect(screen.queryByText(/From agent configs only/)).toBeNull();
  });

  it('says when telemetry is missing and when there is no candidate', async () => {
    await renderOnEntity(
      <PromotionCandidates candidates={[]} telemetry={false} />,
      { api: fakeApi() },
    );
    expect(
      screen.getByText(
        'From agent configs only: no spend telemetry is available.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No team-local skill is used by another team.'),
    ).toBeInTheDocument();
  });
});
