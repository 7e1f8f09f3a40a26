import { screen } from '@testing-library/react';
import { StalenessCard } from './StalenessCard';
import { EntityStalenessCard } from './EntityStalenessCard';
import { fakeApi, httpError } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { staleness } from './__fixtures__';

describe('StalenessCard', () => {
  it('names the stale repositories, the unreviewed teams and how many are undated', async () => {
    renderOnEntity(<StalenessCard />, {
      api: fakeApi({ getStaleness: async () => staleness }),
    });
    expect(
      await screen.findByRole('list', { name: 'Stale repositories' }),
    ).toHaveTextContent(
      'cart-service: agent files unchanged for 188 days, pinned to org-base@2.2.0; 2 newer release(s), latest 2.4.0',
    );
    expect(
      screen.getByRole('list', { name: 'Unreviewed teams' }),
    ).toHaveTextContent(
      'mobile: never reviewed, pinned to org-base@1.8.0; missed 2.2.0 (2026-06-23)',
    );
    expect(
      screen.getByText(/2 repositories have no known change date/),
    ).toBeInTheDocument();
  });

  it("asks for the team's own report on its page", async () => {
    const api = fakeApi({ getStaleness: async () => staleness });
    renderOnEntity(<EntityStalenessCard />, {
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'checkout', namespace: 'default' },
        spec: { type: 'team', children: [] },
      },
      api,
    });
    await screen.findByRole('list', { name: 'Stale repositories' });
    expect(api.getStaleness).toHaveBeenCalledWith('group:default/checkout');
  });

  it('shows a permission refusal', async () => {
    renderOnEntity(<StalenessCard />, {
      api: fakeApi({
        getStaleness: async () => {
          throw await httpError(
            403,
            'Not allowed to read the org health views',
          );
        },
      }),
    });
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
  });
});
