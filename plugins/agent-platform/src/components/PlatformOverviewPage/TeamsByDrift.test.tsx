import { screen, within } from '@testing-library/react';
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
