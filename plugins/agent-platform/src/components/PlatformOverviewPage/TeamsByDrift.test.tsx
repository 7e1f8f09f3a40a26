import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, platformOverview } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { TeamsByDrift } from './TeamsByDrift';

const cells = (row: HTMLElement) =>
  within(row)
    .queryAllByRole('cell')
    .map(c => c.textContent);

describe('TeamsByDrift', () => {
  it('orders teams by drift, worst first', async () => {
    await renderOnEntity(<TeamsByDrift overview={platformOverview} />, {
      api: fakeApi(),
    });
    const table = screen.getByRole('table', { name: 'Teams by drift' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => cells(r).slice(1, 3).join(' | '))).toEqual([
      'org-base@1.8.0 | 5 releases behindMissed securityDeprecated pin',
      'org-base@2.1.0 | 3 releases behindMissed security',
      'org-base@2.2.0 | 2 releases behind',
      'org-base@2.3.0 | 1 release behind',
      'org-base@2.4.0 | Up to date',
      'org-base@2.4.0 | Up to date',
      'org-base@2.4.0 | Up to date',
    ]);
  });
});

describe('Notify owners', () => {
  it('is shown to those allowed, and says whom it told or why not', async () => {
    const api = fakeApi({
      canNotifyTeams: async () => ({ allowed: true }),
      notifyTeam: async (team: string) => {
        if (team === 'group:default/data-eng') {
          throw new Error(
            'group:default/data-eng has no members in the catalog',
          );
        }
        return { sent: true, team } as any;
      },
    });
    await renderOnEntity(<TeamsByDrift overview={platformOverview} />, { api });
    const table = screen.getByRole('table', { name: 'Teams by drift' });
    const buttons = await within(table).findAllByRole('button', {
      name: 'Notify owners',
    });
    // Teams behind or with violations: the four behind at least.
    expect(buttons.length).toBeGreaterThanOrEqual(4);
    await userEvent.click(buttons[0]);
    expect(
      await screen.findByText(/^Notified group:default\//),
    ).toBeInTheDocument();
    await userEvent.click(buttons[1]);
    expect(
      await screen.findByText(
        'group:default/data-eng has no members in the catalog',
      ),
    ).toBeInTheDocument();
    expect(api.notifyTeam.mock.calls.map(c => c[0])).toEqual([
      'group:default/mobile',
      'group:default/data-eng',
    ]);
  });

  it('is not shown to others', async () => {
    const api = fakeApi();
    await renderOnEntity(<TeamsByDrift overview={platformOverview} />, {
      api,
    });
    await screen.findByRole('table', { name: 'Teams by drift' });
    // The answer has come (allowed: false) and nothing shows.
    await waitFor(() => expect(api.canNotifyTeams).toHaveBeenCalled());
    await act(async () => {
      await api.canNotifyTeams.mock.results[0].value;
    });
    expect(screen.queryByRole('button', { name: 'Notify owners' })).toBeNull();
  });
});
