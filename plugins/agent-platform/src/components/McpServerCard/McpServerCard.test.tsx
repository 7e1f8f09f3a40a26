import { screen } from '@testing-library/react';
import { McpServerCard } from './McpServerCard';
import { entities, fakeApi } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';

describe('McpServerCard', () => {
  it('shows allowlist, review, auth, risk, endpoints, tools and the teams using it', async () => {
    renderOnEntity(<McpServerCard />, {
      entity: entities.github,
      api: fakeApi(),
      catalog: [entities.checkoutTeamConfig, entities.paymentsTeamConfig],
    });
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
    const teams = await screen.findByText('Teams');
    expect(teams.parentElement).toHaveTextContent('Teamscheckout, payments');
  });

  it('explains a restricted server and shows when nobody uses it', async () => {
    const restricted = {
      ...entities.github,
      spec: { ...entities.github.spec, allowlist: { status: 'restricted' } },
      relations: [],
    };
    renderOnEntity(<McpServerCard />, { entity: restricted, api: fakeApi() });
    expect(screen.getByText('restricted')).toBeInTheDocument();
    expect(
      screen.getByText(/may use it only under an unexpired exception/),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No agent config lists this server'),
    ).toBeInTheDocument();
  });
});
