import { screen, within } from '@testing-library/react';
import { NearDuplicatesCard, promoteLink } from './NearDuplicatesCard';
import { fakeApi } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { nearDuplicates } from './__fixtures__';

describe('NearDuplicatesCard', () => {
  it('lists each pair with its similarity, label and a link to promote', async () => {
    renderOnEntity(<NearDuplicatesCard />, {
      api: fakeApi({ getNearDuplicates: async () => nearDuplicates }),
    });
    const table = await screen.findByRole('table', {
      name: 'Near-duplicate skills',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent(
      'code-review ↔ payments-code-review93%consolidation',
    );
    expect(rows[1]).toHaveTextContent('adr-helper ↔ adr-writer61%promotion');
    expect(
      within(rows[1]).getByRole('link', { name: /Promote adr-writer/ }),
    ).toHaveAttribute('href', promoteLink('airesource:default/adr-writer'));
    expect(
      screen.getByText(/Not compared: binary-skill \(its SKILL.md is binary\)/),
    ).toBeInTheDocument();
  });

  it('says when there is nothing to consolidate', async () => {
    renderOnEntity(<NearDuplicatesCard />, {
      api: fakeApi({
        getNearDuplicates: async () => ({
          ...nearDuplicates,
          pairs: [],
          skipped: [],
        }),
      }),
    });
    expect(
      await screen.findByText('No near-duplicate skills'),
    ).toBeInTheDocument();
  });
});
