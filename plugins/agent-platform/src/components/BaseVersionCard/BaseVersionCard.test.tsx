import { screen, within } from '@testing-library/react';
import { BaseVersionCard } from './BaseVersionCard';
import {
  cartServiceResolution,
  checkoutResolution,
  entities,
  fakeApi,
  httpError,
  mobileResolution,
  platformOverview,
} from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';

describe('BaseVersionCard', () => {
  it('shows a loading state while the config resolves', async () => {
    const api = fakeApi({ getEffectiveConfig: () => new Promise(() => {}) });
    renderOnEntity(<BaseVersionCard />, { entity: entities.cartService, api });
    expect(
      await screen.findByRole('status', { name: 'Loading base version' }),
    ).toBeInTheDocument();
  });

  it('shows pinned, latest, how far behind, the notes missed and the upgrade line', async () => {
    const api = fakeApi({
      getEffectiveConfig: async () => cartServiceResolution,
    });
    renderOnEntity(<BaseVersionCard />, { entity: entities.cartService, api });
    expect(await screen.findByText('org-base@2.3.0')).toBeInTheDocument();
    expect(api.getEffectiveConfig).toHaveBeenCalledWith(
      'component:default/cart-service',
    );
    expect(screen.getByText('2.4.0')).toBeInTheDocument();
    expect(screen.getByText('1 release behind')).toBeInTheDocument();
    const notes = screen.getByRole('list', { name: 'Release notes missed' });
    expect(
      within(notes).getByText(/^2\.4\.0 \(2026-10-28\)/),
    ).toBeInTheDocument();
    expect(
      within(notes).getByText(/Adds the incident-triage skill/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Upgrade line')).toHaveTextContent(
      '<!-- agent-platform: extends: org-base@2.4.0 -->',
    );
    // The pin comes from the team config: the card says where to change it.
    expect(screen.getByText(/set/)).toHaveTextContent(
      'set extends to the new release',
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('flags a missed security release and a deprecated pin', async () => {
    const api = fakeApi({ getEffectiveConfig: async () => mobileResolution });
    renderOnEntity(<BaseVersionCard />, {
      entity: entities.checkoutTeamConfig,
      api,
    });
    expect(await screen.findByText('5 releases behind')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Missed security release: 2.2.0',
    );
    expect(screen.getByText('Deprecated pin')).toBeInTheDocument();
    expect(
      screen.getByText('The pinned release org-base@1.8.0 is deprecated.'),
    ).toBeInTheDocument();
  });

  it('names the file and line for a pin read from the repository', async () => {
    const resolution = {
      ...cartServiceResolution,
      pin: { ref: 'org-base@2.2.0', source: 'input' as const },
      configs: {
        ...cartServiceResolution.configs,
        repo: 'airesource:default/cart-service-repo-config',
      },
      // Where the backend read the pin (the repo config's observed pin).
      pinLocation: { file: 'CLAUDE.md', line: 3 },
    };
    const api = fakeApi({ getEffectiveConfig: async () => resolution });
    renderOnEntity(<BaseVersionCard />, { entity: entities.cartService, api });
    expect(await screen.findByText('CLAUDE.md')).toBeInTheDocument();
    expect(
      screen.getByText(/line 3, replace the pin line with/),
    ).toBeInTheDocument();
  });

  it("shows a team's repository pins as the platform snapshot has them", async () => {
    const checkoutTeam = platformOverview.teams.find(
      t => t.team === 'group:default/checkout',
    )!;
    const api = fakeApi({
      getEffectiveConfig: async () => checkoutResolution,
      getTeamOverview: async () => ({
        ...checkoutTeam,
        builtAt: platformOverview.builtAt,
      }),
    });
    renderOnEntity(<BaseVersionCard />, { entity: entities.checkout, api });
    const table = await screen.findByRole('table', {
      name: 'Repository pins by release',
    });
    const rows = within(table).getAllByRole('row');
    expect(api.getTeamOverview).toHaveBeenCalledWith('group:default/checkout');
    expect(rows.map(r => r.textContent)).toEqual([
      'ReleaseReposShare',
      '2.2.01',
      '2.3.01',
    ]);
    expect(
      screen.getByText(/1 of 2 match the team pin 2.3.0/),
    ).toBeInTheDocument();
  });

  it('shows an empty state when no agent config applies (404)', async () => {
    const error = await httpError(
      404,
      'group:default/payments owns no team agent config',
    );
    const api = fakeApi({
      getEffectiveConfig: async () => Promise.reject(error),
    });
    renderOnEntity(<BaseVersionCard />, { entity: entities.payments, api });
    expect(
      await screen.findByText('No agent config applies here'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('group:default/payments owns no team agent config'),
    ).toBeInTheDocument();
  });

  it('shows permission denied on 403', async () => {
    const error = await httpError(403, 'You may not read this entity');
    const api = fakeApi({
      getEffectiveConfig: async () => Promise.reject(error),
    });
    renderOnEntity(<BaseVersionCard />, { entity: entities.cartService, api });
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
    expect(
      screen.getByText(/You do not have access to the base version/),
    ).toBeInTheDocument();
  });

  it('shows an error panel on other failures', async () => {
    const error = await httpError(500, 'The snapshot could not be built');
    const api = fakeApi({
      getEffectiveConfig: async () => Promise.reject(error),
    });
    renderOnEntity(<BaseVersionCard />, { entity: entities.cartService, api });
    expect(
      await screen.findByText(/Could not load the base version/),
    ).toBeInTheDocument();
  });
});
