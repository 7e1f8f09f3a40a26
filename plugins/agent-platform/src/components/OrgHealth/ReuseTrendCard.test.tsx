import { screen, within } from '@testing-library/react';
import { ReuseTrendCard } from './ReuseTrendCard';
import { fakeApi } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { reuse } from './__fixtures__';

describe('ReuseTrendCard', () => {
  it("shows this week's shares, the trend and each week", async () => {
    const api = fakeApi({ getReuse: async () => reuse });
    renderOnEntity(<ReuseTrendCard />, { api });
    expect(await screen.findByText(/This week 4 of 7 teams/)).toHaveTextContent(
      'This week 4 of 7 teams (57%) and 6 of 9 repositories (67%) use registry skills or servers. Team share rising since 2026-11-23 (29%).',
    );
    const rows = within(
      screen.getByRole('table', { name: 'Reuse per week' }),
    ).getAllByRole('row');
    expect(rows.slice(1).map(r => r.textContent)).toEqual([
      '2026-11-2329%44%3 / 5',
      '2026-11-3057%67%6 / 3',
    ]);
    expect(api.getReuse).toHaveBeenCalledWith(26);
  });
});
