import { screen, within } from '@testing-library/react';
import { fakeApi, platformOverview } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { ReleaseDistribution } from './ReleaseDistribution';

const cells = (row: HTMLElement) =>
  within(row)
    .queryAllByRole('cell')
    .map(c => c.textContent);

describe('ReleaseDistribution', () => {
  it('lists every release newest first with its flags and users', async () => {
    await renderOnEntity(<ReleaseDistribution overview={platformOverview} />, {
      api: fakeApi(),
    });
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
    // Each release opens the teams on it, filtered through the URL.
    expect(
      within(rows[1]).getByRole('link', { name: '2.3.0' }),
    ).toHaveAttribute('href', '/?release=2.3.0#ap-drift');
    expect(cells(rows[5])[1]).toBe('Deprecated');
  });
});
