import { screen, within } from '@testing-library/react';
import { entities } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { EntityConfigHistoryCard } from './ConfigHistoryCard';

describe('EntityConfigHistoryCard', () => {
  it("shows the page's changes as a timeline, newest first, with its repositories' linked", async () => {
    const getConfigHistory = jest.fn(async (entity: string) => ({
      entity,
      subjects: [entity, 'component:default/checkout-web'],
      entries: [
        {
          id: 3,
          subject: entity,
          at: '2026-12-06T10:00:00.000Z',
          tags: ['exception'],
          lines: [
            '- Exception granted: Read(./.env) until 2026-12-20, approved by user:default/dana.kim',
          ],
          change: {} as any,
        },
        {
          id: 2,
          subject: 'component:default/checkout-web',
          at: '2026-12-05T09:30:00.000Z',
          tags: ['pin'],
          lines: ['- Pin: org-base@2.1.0 -> org-base@2.3.0'],
          change: {} as any,
        },
      ],
    }));
    await renderOnEntity(<EntityConfigHistoryCard />, {
      entity: entities.checkout,
      api: { getConfigHistory } as any,
    });
    const items = await screen.findAllByRole('listitem');
    expect(getConfigHistory).toHaveBeenCalledWith('group:default/checkout');
    expect(items.map(i => i.getAttribute('aria-label'))).toEqual([
      'Change on 2026-12-06 10:00 UTC',
      'Change on 2026-12-05 09:30 UTC',
    ]);
    expect(within(items[0]).getByText('exception')).toBeInTheDocument();
    expect(within(items[0]).queryByRole('link')).toBeNull();
    expect(
      within(items[1]).getByText('- Pin: org-base@2.1.0 -> org-base@2.3.0'),
    ).toBeInTheDocument();
    expect(within(items[1]).getByRole('link')).toHaveTextContent(
      'checkout-web',
    );
  });

  it('says when nothing was recorded yet', async () => {
    await renderOnEntity(<EntityConfigHistoryCard />, {
      entity: entities.checkout,
      api: {
        getConfigHistory: async () => ({
          entity: '',
          subjects: [],
          entries: [],
        }),
      } as any,
    });
    expect(
      await screen.findByText('No changes recorded yet'),
    ).toBeInTheDocument();
  });
});
