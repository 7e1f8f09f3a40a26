import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, makePlatformSpend } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { SpendByTeam } from './SpendByTeam';

const cells = (row: HTMLElement) =>
  within(row)
    .queryAllByRole('cell')
    .map(c => c.textContent);

describe('SpendByTeam', () => {
  it("flags a team's anomalous day next to its name", async () => {
    const table = makePlatformSpend();
    table.rows[0] = {
      ...table.rows[0],
      anomaly: {
        date: '2026-11-20',
        cost: 900,
        baseline: 80,
        threshold: 300,
        score: 12,
      },
    };
    await renderOnEntity(<SpendByTeam table={table} />, { api: fakeApi() });
    const rows = within(
      await screen.findByRole('table', { name: 'Spend by team table' }),
    ).getAllByRole('row');
    expect(cells(rows[1])[0]).toBe('Payments Anomaly 2026-11-20');
    expect(cells(rows[2])[0]).toBe('Checkout');
  });

  it('sorts the spend table and keeps the unattributed row last', async () => {
    await renderOnEntity(<SpendByTeam table={makePlatformSpend()} />, {
      api: fakeApi(),
    });
    const table = await screen.findByRole('table', {
      name: 'Spend by team table',
    });
    const titles = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(r => cells(r)[0]);
    expect(titles()).toEqual(['Payments', 'Checkout', 'Unattributed', 'Total']);
    expect(cells(within(table).getAllByRole('row')[1])).toEqual([
      'Payments',
      '$2,400.00',
      '+20.0%',
      '240',
      '48',
      'Over budget $2,400.00 of $2,000.00',
    ]);
    await userEvent.click(within(table).getByRole('button', { name: 'Cost' }));
    expect(titles()).toEqual(['Checkout', 'Payments', 'Unattributed', 'Total']);
    await userEvent.click(within(table).getByRole('button', { name: 'Team' }));
    expect(titles()).toEqual(['Checkout', 'Payments', 'Unattributed', 'Total']);
    await userEvent.click(within(table).getByRole('button', { name: 'Team' }));
    expect(titles()).toEqual(['Payments', 'Checkout', 'Unattributed', 'Total']);
  });
});
