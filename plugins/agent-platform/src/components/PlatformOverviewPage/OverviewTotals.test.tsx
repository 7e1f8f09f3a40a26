import { screen } from '@testing-library/react';
import { fakeApi, platformOverview } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { OverviewTotals } from './OverviewTotals';

describe('OverviewTotals', () => {
  it('shows the headline numbers and when the snapshot was built', async () => {
    await renderOnEntity(<OverviewTotals overview={platformOverview} />, {
      api: fakeApi(),
    });
    expect(screen.getByRole('group', { name: 'Totals' })).toHaveTextContent(
      'Teams7Repositories9Teams with errors2Teams behind4Missing a security release2',
    );
    expect(
      screen.getByText(`Snapshot built ${platformOverview.builtAt}`),
    ).toBeInTheDocument();
  });

  it('links each number to the filtered rows behind it', async () => {
    await renderOnEntity(<OverviewTotals overview={platformOverview} />, {
      api: fakeApi(),
    });
    const href = (title: string) =>
      screen.getByTitle(title).closest('a')?.getAttribute('href');
    expect(href('Show the errors')).toBe('/?severity=error#ap-violations');
    expect(href('Show the teams behind the latest release')).toBe(
      '/?drift=behind#ap-drift',
    );
    expect(href('Show the teams missing a security release')).toBe(
      '/?drift=security#ap-drift',
    );
    expect(href('Show every team')).toBe('/#ap-drift');
  });
});
