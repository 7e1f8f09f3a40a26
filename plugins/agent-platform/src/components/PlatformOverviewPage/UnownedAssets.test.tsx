import { screen, within } from '@testing-library/react';
import { fakeApi, platformOverview } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { UnownedAssets } from './UnownedAssets';

const cells = (row: HTMLElement) =>
  within(row)
    .queryAllByRole('cell')
    .map(c => c.textContent);

describe('UnownedAssets', () => {
  it('lists assets without a usable owner and why', async () => {
    await renderOnEntity(
      <UnownedAssets
        assets={[
          {
            ref: 'airesource:default/orphan-skill',
            reason: 'owner group:default/ghosts is not in the catalog',
          },
        ]}
      />,
      { api: fakeApi() },
    );
    const table = screen.getByRole('table', { name: 'Unowned assets' });
    expect(cells(within(table).getAllByRole('row')[1])).toEqual([
      'orphan-skill',
      'owner group:default/ghosts is not in the catalog',
    ]);
  });

  it('says so when every asset has an owner', async () => {
    await renderOnEntity(<UnownedAssets assets={platformOverview.unowned} />, {
      api: fakeApi(),
    });
    expect(
      screen.getByText('Every asset has an owner in the catalog.'),
    ).toBeInTheDocument();
  });
});
