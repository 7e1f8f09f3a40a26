import { screen, within } from '@testing-library/react';
import { fakeApi } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { ModelMixTable } from './ModelMixTable';

const cells = (row: HTMLElement) =>
  within(row)
    .queryAllByRole('cell')
    .map(c => c.textContent);

describe('ModelMixTable', () => {
  it('shows each departing team with the models outside its routing', async () => {
    await renderOnEntity(
      <ModelMixTable
        departures={[
          {
            team: 'group:default/payments',
            routed: ['claude-haiku-4-5', 'claude-sonnet-4-6'],
            outside: [{ model: 'claude-opus-4-8', cost: 500 }],
            share: 1 / 3,
            total: 1500,
          },
        ]}
      />,
      { api: fakeApi() },
    );
    const table = screen.getByRole('table', { name: 'Model mix departures' });
    expect(cells(within(table).getAllByRole('row')[1])).toEqual([
      'payments',
      '33.3%',
      'claude-opus-4-8 ($500.00)',
      'claude-haiku-4-5, claude-sonnet-4-6',
    ]);
  });

  it('says so when every team follows its routing', async () => {
    await renderOnEntity(<ModelMixTable departures={[]} />, { api: fakeApi() });
    expect(
      screen.getByText("Every team's spend follows its model routing."),
    ).toBeInTheDocument();
  });
});
