import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PermissionScopesCard } from './PermissionScopesCard';
import {
  cartServiceResolution,
  entities,
  fakeApi,
  httpError,
} from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';

// The backend's resolution carries each effective server's declared tools.
const withGithubTools = {
  ...cartServiceResolution,
  serverTools: {
    'api:default/github': (entities.github.spec as any).tools,
  },
};

describe('PermissionScopesCard', () => {
  it('shows a loading state', async () => {
    const api = fakeApi({ getEffectiveConfig: () => new Promise(() => {}) });
    renderOnEntity(<PermissionScopesCard />, {
      entity: entities.cartService,
      api,
    });
    expect(
      await screen.findByRole('status', { name: 'Loading permission scopes' }),
    ).toBeInTheDocument();
  });

  it('lists rules with their layer, violations first, and expands to all of them', async () => {
    const api = fakeApi({ getEffectiveConfig: async () => withGithubTools });
    renderOnEntity(<PermissionScopesCard />, {
      entity: entities.cartService,
      api,
    });
    const table = await screen.findByRole('table', {
      name: 'Effective permission rules',
    });
    const { deny, ask, allow } = cartServiceResolution.effective.permissions;
    expect(
      screen.getByText(`Default mode:`, { exact: false }),
    ).toHaveTextContent(
      `Default mode: default (from base@2.3.0) · ${deny.length} deny, ${ask.length} ask, ${allow.length} allow rules`,
    );
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(10);
    // The deny rule the team overrides, and the team's allow rule, come first, marked.
    expect(rows[0]).toHaveTextContent('DenyRead(./.env)Violationbase@2.3.0');
    expect(rows[1]).toHaveTextContent(
      'AllowRead(./.env)Violationteam:checkout-agent-config',
    );
    await userEvent.click(
      screen.getByRole('button', {
        name: `Show all ${deny.length + ask.length + allow.length} rules`,
      }),
    );
    expect(within(table).getAllByRole('row')).toHaveLength(
      1 + deny.length + ask.length + allow.length,
    );
  });

  it('shows MCP servers in use with tools by access class', async () => {
    const api = fakeApi({ getEffectiveConfig: async () => withGithubTools });
    renderOnEntity(<PermissionScopesCard />, {
      entity: entities.cartService,
      api,
    });
    const servers = await screen.findByRole('table', {
      name: 'MCP servers in use',
    });
    const github = within(servers).getAllByRole('row')[1];
    expect(github).toHaveTextContent('approved');
    expect(github).toHaveTextContent('medium risk');
    expect(github).toHaveTextContent('Read (2)search_code, get_file_contents');
    expect(github).toHaveTextContent('Write (1)create_pull_request');
    expect(github).toHaveTextContent('Destructive (1)merge_pull_request');
  });

  it('highlights violations and exceptions with their expiry', async () => {
    const resolution = {
      ...cartServiceResolution,
      excepted: [
        {
          rule: 'mcp-server-restricted' as const,
          layer: 'team:checkout-agent-config',
          item: 'api:default/slack',
          message: 'The MCP server api:default/slack is restricted.',
          exception: {
            target: 'api:default/slack',
            reason: 'Incident channel bot.',
            approvedBy: 'user:default/dana.kim',
            until: '2099-12-31',
            layer: 'team:checkout-agent-config',
          },
        },
      ],
    };
    const api = fakeApi({ getEffectiveConfig: async () => resolution });
    renderOnEntity(<PermissionScopesCard />, {
      entity: entities.checkout,
      api,
    });
    const violations = await screen.findByRole('list', { name: 'Violations' });
    expect(within(violations).getByText('Error')).toBeInTheDocument();
    expect(violations).toHaveTextContent(
      'deny-overridden in team:checkout-agent-config: Read(./.env)',
    );
    const exceptions = screen.getByRole('list', { name: 'Exceptions' });
    expect(exceptions).toHaveTextContent(/Expires 2099-12-31 \(in \d+ days\)/);
    expect(exceptions).toHaveTextContent(
      'Incident channel bot. Approved by user:default/dana.kim (team:checkout-agent-config).',
    );
  });

  it("shows an MCP server's own tools without calling the backend", async () => {
    const api = fakeApi();
    renderOnEntity(<PermissionScopesCard />, { entity: entities.github, api });
    expect(
      await screen.findByText('Tools by access class'),
    ).toBeInTheDocument();
    expect(screen.getByText('Read (2)')).toBeInTheDocument();
    // The names follow their access chip, one span each.
    expect(
      screen.getByText('Read (2)').closest('div')?.parentElement,
    ).toHaveTextContent(
      'Read (2)search_code [source-code], get_file_contents [source-code]',
    );
    expect(screen.getByText('Destructive (1)')).toBeInTheDocument();
    expect(api.getEffectiveConfig).not.toHaveBeenCalled();
  });

  it('shows permission denied on 403 and an empty state on 404', async () => {
    const denied = await httpError(403, 'Not yours');
    const api = fakeApi({ getEffectiveConfig: () => Promise.reject(denied) });
    renderOnEntity(<PermissionScopesCard />, {
      entity: entities.cartService,
      api,
    });
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();

    const missing = await httpError(404, 'No team agent config');
    const api2 = fakeApi({ getEffectiveConfig: () => Promise.reject(missing) });
    renderOnEntity(<PermissionScopesCard />, {
      entity: entities.payments,
      api: api2,
    });
    expect(
      await screen.findByText('No agent config applies here'),
    ).toBeInTheDocument();
  });

  it('marks the tools the effective rules deny or ask for in the Tools column', async () => {
    const tools = (entities.github.spec as any).tools as Array<any>;
    const api = fakeApi({
      getEffectiveConfig: async () => ({
        ...cartServiceResolution,
        serverTools: {
          'api:default/github': tools.map((t, i) =>
            i === 0
              ? {
                  ...t,
                  callable: 'denied',
                  decidedBy: {
                    rule: `mcp__github__${t.name}`,
                    layer: 'base@2.3.0',
                  },
                }
              : { ...t, callable: 'allowed' },
          ),
        },
      }),
    });
    renderOnEntity(<PermissionScopesCard />, {
      entity: entities.cartService,
      api,
    });
    const servers = await screen.findByRole('table', {
      name: 'MCP servers in use',
    });
    const denied = within(servers).getByTitle(
      `Denied by mcp__github__${tools[0].name} (base@2.3.0): agents cannot call it`,
    );
    expect(denied).toHaveTextContent(`${tools[0].name} (denied)`);
    expect(denied.querySelector('del')).toHaveTextContent(tools[0].name);
  });
});
