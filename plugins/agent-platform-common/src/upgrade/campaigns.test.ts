import {
  componentRepoUrl,
  parseCampaignRepoUrl,
  planCampaign,
} from './campaigns';
import { BASE } from './__testUtils__/upgradeFixtures';

const repoUrlOf = (ref: string) =>
  ref.endsWith('/no-repo')
    ? undefined
    : `github.com?owner=acme&repo=${ref.split('/')[1]}`;

describe('planCampaign', () => {
  it('holds the repositories below the target, with their repository', () => {
    const plan = planCampaign({
      base: BASE,
      version: '2.0.0',
      repos: [
        { ref: 'component:default/b', pin: '1.0.0' },
        { ref: 'component:default/a', pin: '1.0.0' },
        { ref: 'component:default/current', pin: '2.0.0' },
        { ref: 'component:default/unknown', pin: '0.1.0' },
        { ref: 'component:default/no-repo', pin: '1.0.0' },
      ],
      repoUrlOf,
    });
    expect(plan).toEqual({
      ok: true,
      repos: [
        {
          repoRef: 'component:default/a',
          repoUrl: 'github.com?owner=acme&repo=a',
          fromVersion: '1.0.0',
        },
        {
          repoRef: 'component:default/b',
          repoUrl: 'github.com?owner=acme&repo=b',
          fromVersion: '1.0.0',
        },
        {
          repoRef: 'component:default/no-repo',
          repoUrl: '',
          fromVersion: '1.0.0',
        },
      ],
    });
  });

  it.each([
    ['2.0', 'version "2.0" must be an exact semver version such as 2.4.0'],
    ['9.9.9', 'org-base has no release 9.9.9 (releases: 1.0.0, 2.0.0, 2.1.0)'],
    [
      '2.1.0',
      'org-base@2.1.0 is withdrawn; a campaign cannot move repositories to it',
    ],
    [
      '1.0.0',
      'org-base@1.0.0 is older than the latest release 2.0.0; start the campaign for 2.0.0',
    ],
  ])('refuses %p', (version, message) => {
    expect(planCampaign({ base: BASE, version, repos: [], repoUrlOf })).toEqual(
      { ok: false, message },
    );
  });
});

describe('componentRepoUrl', () => {
  it('reads the project slug, else a GitHub source location', () => {
    expect(
      componentRepoUrl({
        metadata: {
          annotations: { 'github.com/project-slug': 'acme/cart-service' },
        },
      }),
    ).toBe('github.com?owner=acme&repo=cart-service');
    expect(
      componentRepoUrl({
        metadata: {
          annotations: {
            'backstage.io/source-location':
              'url:https://ghe.acme.example/acme/ledger.git/tree/main/',
          },
        },
      }),
    ).toBe('ghe.acme.example?owner=acme&repo=ledger');
    expect(
      componentRepoUrl({
        metadata: {
          annotations: {
            'backstage.io/source-location': 'url:https://gitlab.com/a/b',
          },
        },
      }),
    ).toBeUndefined();
    expect(componentRepoUrl({ metadata: {} })).toBeUndefined();
    expect(parseCampaignRepoUrl('github.com?owner=a&repo=b')).toEqual({
      host: 'github.com',
      owner: 'a',
      repo: 'b',
    });
    expect(parseCampaignRepoUrl('')).toBeUndefined();
  });
});
