import { screen } from '@testing-library/react';
import { OrgHealthSection } from './OrgHealthSection';
import { fakeApi } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { nearDuplicates, reuse, staleness } from './__fixtures__';

describe('OrgHealthSection', () => {
  it('shows the four views, each loading on its own', async () => {
    renderOnEntity(<OrgHealthSection />, {
      api: fakeApi({
        getReuse: async () => reuse,
        getStaleness: async () => staleness,
        getNearDuplicates: async () => nearDuplicates,
        // One view failing leaves the others.
        getAdoption: async () => {
          throw new Error('spend store unavailable');
        },
      }),
    });
    expect(
      screen.getByRole('heading', { name: 'Org health' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Reuse per week' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Near-duplicate skills' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('list', { name: 'Stale repositories' }),
    ).toBeInTheDocument();
    expect(
      (await screen.findAllByText(/spend store unavailable/)).length,
    ).toBeGreaterThan(0);
  });
});
