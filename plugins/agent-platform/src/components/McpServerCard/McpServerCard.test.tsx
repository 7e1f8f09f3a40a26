import { screen } from '@testing-library/react';
import { McpServerCard } from './McpServerCard';
import { entities, fakeApi, usageAnswer } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';

describe('McpServerCard', () => {
  it('shows allowlist, review, auth, risk, endpoints, tools and the teams using it', async () => {
    const api = fakeApi({ getAssetUsage: async ref => usageAnswer(ref) });
    renderOnEntity(<McpServerCard />, { entity: entities.github, api });
    expect(screen.getByText('approved')).toBeInTheDocument();
    expect(
      screen.getByText('Read and PR write access, scoped per repo.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Reviewed').parentElement).toHaveTextContent(
      'dana.kim on 2026-09-14',
    );
    expect(screen.getByText('Auth / risk').parentElement).toHaveTextContent(
      'oauth / medium',
    );
    expect(
      screen.getByText('https://api.githubcopilot.com/mcp/'),
    ).toBeInTheDocument();
    expect(screen.getByText('Tools and scopes (4)')).toBeInTheDocument();
    expect(screen.getByText('Write (1)')).toBeInTheDocument();
    // Every team gets github from the base; nine repositories configure it.
    const base = await screen.findByText('Through base');
    expect(base.parentElement).toHaveTextContent(
      'checkout, data-eng, identity, mobile, payments, platform, search',
    );
    expect(screen.getByText('Repositories').parentElement).toHaveTextContent(
      'cart-service',
    );
    expect(api.getAssetUsage).toHaveBeenCalledWith('api:default/github');
  });

  it('explains a restricted server and shows when nobody uses it', async () => {
    const restricted = {
      ...entities.github,
      spec: { ...entities.github.spec, allowlist: { status: 'restricted' } },
    };
    const api = fakeApi({
      getAssetUsage: async ref => usageAnswer(`${ref}-unused`),
    });
    renderOnEntity(<McpServerCard />, { entity: restricted, api });
    expect(screen.getByText('restricted')).toBeInTheDocument();
    expect(
      screen.getByText(/may use it only under an unexpired exception/),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No agent config lists this server'),
    ).toBeInTheDocument();
  });
});
