import { fireEvent, screen, within } from '@testing-library/react';
import { AdoptionCard } from './AdoptionCard';
import { fakeApi } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { adoption } from './__fixtures__';

const teams = () =>
  within(screen.getByRole('table', { name: 'Adoption depth' }))
    .getAllByRole('row')
    .slice(1)
    .map(r => within(r).getAllByRole('cell')[0].textContent);

describe('AdoptionCard', () => {
  it('lists idle teams first, and sorts by any column', async () => {
    renderOnEntity(<AdoptionCard />, {
      api: fakeApi({ getAdoption: async () => adoption }),
    });
    await screen.findByRole('table', { name: 'Adoption depth' });
    expect(teams()).toEqual(['mobile', 'search', 'payments']);
    const mobile = within(screen.getByRole('table')).getAllByRole('row')[1];
    expect(mobile).toHaveTextContent('mobilenone0———$0.00');
    fireEvent.click(screen.getByRole('button', { name: 'Cost' }));
    expect(teams()).toEqual(['mobile', 'search', 'payments']);
    fireEvent.click(screen.getByRole('button', { name: 'Cost' }));
    expect(teams()).toEqual(['payments', 'search', 'mobile']);
    fireEvent.click(screen.getByRole('button', { name: 'Team' }));
    expect(teams()).toEqual(['mobile', 'payments', 'search']);
  });
});
