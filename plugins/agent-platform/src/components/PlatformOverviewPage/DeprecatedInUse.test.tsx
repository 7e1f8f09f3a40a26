import { screen, within } from '@testing-library/react';
import { fakeApi, platformOverview } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { DeprecatedInUse } from './DeprecatedInUse';

const cells = (row: HTMLElement) =>
  within(row)
    .queryAllByRole('cell')
    .map(c => c.textContent);

describe('DeprecatedInUse', () => {
  it('lists deprecated releases and skills still in use, with replacements', async () => {
    await renderOnEntity(<DeprecatedInUse overview={platformOverview} />, {
      api: fakeApi(),
    });
    const deprecated = screen.getByRole('table', {
      name: 'Deprecated assets in use',
    });
    const rows = within(deprecated).getAllByRole('row').slice(1);
    expect(cells(rows[0])[0]).toBe('Release 1.8.0 Deprecated');
    // A deprecated release points to the base's upgrade campaign.
    expect(
      within(rows[0]).getByRole('link', {
        name: 'Upgrade campaign to 2.4.0',
      }),
    ).toHaveAttribute('href', '/catalog/default/airesource/org-base');
    expect(cells(rows[1])).toEqual([
      'changelog-writer',
      'platform',
      'release-notes',
      'data-eng-agent-config, mobile-agent-config, search-agent-config',
    ]);
    expect(
      within(rows[1]).getByRole('link', { name: 'platform' }),
    ).toHaveAttribute('href', '/catalog/default/group/platform');
  });
});
