import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type {
  CampaignAnswer,
  CampaignSummary,
} from '@agent-platform/plugin-agent-platform-common';
import { BaseReleasesCard } from './BaseReleasesCard';
import { fakeApi, httpError, platformOverview } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';

const orgBase = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name: 'org-base', namespace: 'default' },
  spec: { type: 'agent-config', level: 'base', owner: 'platform' },
};

const releases = {
  base: 'airesource:default/org-base',
  builtAt: platformOverview.builtAt,
  releases: platformOverview.releases.map(r => ({
    version: r.version,
    security: r.security,
    deprecated: r.deprecated,
    withdrawn: r.withdrawn,
    latest: r.version === '2.4.0',
    changes: [],
    teams: r.teams,
    repos: r.repos,
  })),
};
const below = platformOverview.releases
  .filter(r => r.version !== '2.4.0')
  .flatMap(r => r.repos).length;

const progress = (p: Partial<CampaignSummary['progress']>) => ({
  total: 0,
  queued: 0,
  opening: 0,
  opened: 0,
  merged: 0,
  closed: 0,
  failed: 0,
  skipped: 0,
  ...p,
});

const running: CampaignSummary = {
  id: 1,
  base: 'org-base',
  version: '2.4.0',
  createdBy: 'user:default/dana.kim',
  createdAt: '2026-12-06T11:00:00.000Z',
  progress: progress({ total: 4, queued: 1, opened: 1, merged: 1, failed: 1 }),
};
const repo = (id: number, name: string, state: any, extra: object = {}) => ({
  id,
  campaignId: 1,
  base: 'org-base',
  version: '2.4.0',
  repoRef: `component:default/${name}`,
  repoUrl: `github.com?owner=acme-financial&repo=${name}`,
  fromVersion: '2.2.0',
  state,
  attempts: 1,
  updatedAt: 0,
  ...extra,
});
const detail: CampaignAnswer = {
  ...running,
  repos: [
    repo(1, 'cart-service', 'merged', {
      prUrl: 'https://github.com/acme-financial/cart-service/pull/1',
      prNumber: 1,
    }),
    repo(2, 'checkout-web', 'opened', {
      prUrl: 'https://github.com/acme-financial/checkout-web/pull/4',
      prNumber: 4,
    }),
    repo(3, 'risk-scoring', 'failed', {
      reason:
        'POST /repos/acme-financial/risk-scoring/pulls answered 403: Resource not accessible by integration',
    }),
    repo(4, 'search-indexer', 'queued'),
  ],
};

describe('upgrade campaigns on the Releases card', () => {
  it('starts a campaign in one click and shows its progress and each repository', async () => {
    let started = false;
    const api = fakeApi({
      getBaseReleases: async () => releases,
      getCampaigns: async () => ({
        campaigns: started ? [running] : [],
        canStart: true,
      }),
      getCampaign: async () => detail,
      startCampaign: async () => {
        started = true;
        return { campaign: running, added: 4, alreadyPlanned: 0 };
      },
      retryCampaign: async () => ({ campaign: running, requeued: 1 }),
    });
    renderOnEntity(<BaseReleasesCard />, { entity: orgBase, api });
    const section = await screen.findByRole('region', {
      name: 'Upgrade campaigns',
    });
    expect(
      await within(section).findByText('No campaign yet.'),
    ).toBeInTheDocument();
    expect(
      within(section).getByText(
        `${below} repositories pin a release below 2.4.0.`,
      ),
    ).toBeInTheDocument();
    fireEvent.click(
      within(section).getByRole('button', {
        name: 'Open upgrade pull requests to 2.4.0',
      }),
    );
    await waitFor(() =>
      expect(api.startCampaign).toHaveBeenCalledWith(
        'airesource:default/org-base',
        '2.4.0',
      ),
    );
    expect(
      await within(section).findByText(
        'Campaign #1 started: 4 pull request(s) queued.',
      ),
    ).toBeInTheDocument();
    expect(
      await within(section).findByText(
        /Campaign #1: org-base 2.4.0 \(running\)/,
      ),
    ).toBeInTheDocument();
    expect(
      within(section).getByRole('progressbar', {
        name: 'Campaign progress: 3 of 4 repositories done',
      }),
    ).toHaveAttribute('aria-valuenow', '75');
    expect(
      within(section).getByText(
        '3 of 4 done (75%): 1 queued, 1 opened, 1 merged, 1 failed',
      ),
    ).toBeInTheDocument();
    const table = await within(section).findByRole('table', {
      name: 'Repositories of the campaign',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[2].textContent),
    ).toEqual(['Merged', 'Opened', 'Failed', 'Queued']);
    expect(
      within(rows[1]).getByRole('link', { name: /Pull request #4/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme-financial/checkout-web/pull/4',
    );
    expect(rows[2]).toHaveTextContent(
      'answered 403: Resource not accessible by integration',
    );

    // The cause fixed, the failed ones are queued again in one click.
    fireEvent.click(
      within(section).getByRole('button', { name: 'Retry the 1 failed' }),
    );
    expect(
      await within(section).findByText(
        'Campaign #1: 1 failed repository queued again.',
      ),
    ).toBeInTheDocument();
    expect(api.retryCampaign).toHaveBeenCalledWith(1);
  });

  it('tells everyone else that only the platform team starts campaigns', async () => {
    const api = fakeApi({
      getBaseReleases: async () => releases,
      getCampaigns: async () => ({ campaigns: [running], canStart: false }),
      getCampaign: async () => detail,
    });
    renderOnEntity(<BaseReleasesCard />, { entity: orgBase, api });
    expect(
      await screen.findByText(/Only the platform team can start a campaign\./),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', {
        name: 'Open upgrade pull requests to 2.4.0',
      }),
    ).toBeDisabled();
    // Everyone follows the campaign; only the platform team retries.
    expect(
      await screen.findByRole('table', {
        name: 'Repositories of the campaign',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Retry/ }),
    ).not.toBeInTheDocument();
  });

  it('shows why a campaign could not start', async () => {
    const error = await httpError(
      400,
      'No repository pins a release of org-base below 2.4.0; there is nothing to open',
    );
    const api = fakeApi({
      getBaseReleases: async () => releases,
      getCampaigns: async () => ({ campaigns: [], canStart: true }),
      startCampaign: () => Promise.reject(error),
    });
    renderOnEntity(<BaseReleasesCard />, { entity: orgBase, api });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Open upgrade pull requests to 2.4.0',
      }),
    );
    expect(
      await screen.findByText(
        'Could not start the campaign: No repository pins a release of org-base below 2.4.0; there is nothing to open',
      ),
    ).toBeInTheDocument();
  });
});
