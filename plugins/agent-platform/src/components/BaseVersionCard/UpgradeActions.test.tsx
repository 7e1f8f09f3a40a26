import { screen, within } from '@testing-library/react';
import { BaseVersionCard } from './BaseVersionCard';
import { upgradeTemplateLink } from './UpgradeActions';
import {
  cartServiceResolution,
  checkoutResolution,
  entities,
  fakeApi,
  platformOverview,
} from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';

const withSlug = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'github.com/project-slug': `acme-financial/${name}` },
  },
  spec: { type: 'service', owner: 'group:default/checkout' },
});

const formDataOf = (href: string | null) =>
  JSON.parse(
    decodeURIComponent(
      new URL(href!, 'http://x').searchParams.get('formData')!,
    ),
  );

describe('the Upgrade button', () => {
  it('starts the upgrade template with the repository and the latest release filled in', async () => {
    const api = fakeApi({
      getEffectiveConfig: async () => cartServiceResolution,
    });
    renderOnEntity(<BaseVersionCard />, {
      entity: withSlug('cart-service'),
      api,
    });
    const button = await screen.findByRole('button', {
      name: 'Upgrade to 2.4.0',
    });
    const href = button.closest('a')!.getAttribute('href');
    expect(href).toMatch(
      /^\/create\/templates\/default\/upgrade-agent-base\?formData=/,
    );
    expect(formDataOf(href)).toEqual({
      component: 'component:default/cart-service',
      repoUrl: 'github.com?owner=acme-financial&repo=cart-service',
      to: '2.4.0',
    });
  });

  it('says how to make a repository without a GitHub slug upgradable', async () => {
    const api = fakeApi({
      getEffectiveConfig: async () => cartServiceResolution,
    });
    renderOnEntity(<BaseVersionCard />, { entity: entities.cartService, api });
    expect(
      await screen.findByText(/Add a github.com\/project-slug annotation/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Upgrade to/ }),
    ).not.toBeInTheDocument();
  });

  it('is not shown for a repository on the latest release', async () => {
    const upToDate = {
      ...cartServiceResolution,
      drift: {
        ...cartServiceResolution.drift!,
        upToDate: true,
        releasesBehind: 0,
        missed: [],
      },
    };
    const api = fakeApi({ getEffectiveConfig: async () => upToDate });
    renderOnEntity(<BaseVersionCard />, {
      entity: withSlug('cart-service'),
      api,
    });
    expect(await screen.findByText('Up to date')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Upgrade to/ }),
    ).not.toBeInTheDocument();
  });

  it('gives a team one button per repository behind the latest release', async () => {
    const checkoutTeam = platformOverview.teams.find(
      t => t.team === 'group:default/checkout',
    )!;
    const api = fakeApi({
      getEffectiveConfig: async () => checkoutResolution,
      // The snapshot gives each repository's repoUrl (from its GitHub slug).
      getTeamOverview: async () => ({
        ...checkoutTeam,
        repos: checkoutTeam.repos.map(r => ({
          ...r,
          repoUrl: `github.com?owner=acme-financial&repo=${r.component
            .split('/')
            .pop()}`,
        })),
        builtAt: platformOverview.builtAt,
      }),
    });
    renderOnEntity(<BaseVersionCard />, { entity: entities.checkout, api });
    const table = await screen.findByRole('table', {
      name: 'Repositories to upgrade',
    });
    const buttons = await within(table).findAllByRole('button', {
      name: 'Upgrade to 2.4.0',
    });
    expect(buttons).toHaveLength(2);
    expect(
      buttons.map(b => formDataOf(b.closest('a')!.getAttribute('href'))),
    ).toEqual([
      {
        component: 'component:default/cart-service',
        repoUrl: 'github.com?owner=acme-financial&repo=cart-service',
        to: '2.4.0',
      },
      {
        component: 'component:default/checkout-web',
        repoUrl: 'github.com?owner=acme-financial&repo=checkout-web',
        to: '2.4.0',
      },
    ]);
  });

  it('encodes the form for the scaffolder', () => {
    expect(
      upgradeTemplateLink({
        component: 'component:default/a',
        repoUrl: 'github.com?owner=o&repo=a',
        to: '2.4.0',
      }),
    ).toBe(
      '/create/templates/default/upgrade-agent-base?formData=%7B%22component%22%3A%22component%3Adefault%2Fa%22%2C%22repoUrl%22%3A%22github.com%3Fowner%3Do%26repo%3Da%22%2C%22to%22%3A%222.4.0%22%7D',
    );
  });
});
