import { screen, within } from '@testing-library/react';
import { BaseReleasesCard } from './BaseReleasesCard';
import { fakeApi, httpError, platformOverview } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';

const orgBase = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name: 'org-base', namespace: 'default' },
  spec: { type: 'agent-config', level: 'base', owner: 'platform' },
};

// The answer the backend gives for the example org, from the recorded overview.
const answer = {
  base: 'airesource:default/org-base',
  builtAt: platformOverview.builtAt,
  releases: platformOverview.releases.map(r => ({
    version: r.version,
    date: '2026-10-28',
    notes:
      r.version === '2.4.0' ? 'Adds the **incident-triage** skill.' : undefined,
    security: r.security,
    deprecated: r.deprecated,
    withdrawn: r.withdrawn,
    latest: r.version === '2.4.0',
    // As the core's describeReleaseDiff writes them: Markdown bullet lines.
    changes:
      r.version === '2.4.0'
        ? [
            '- Skills added: `incident-triage`',
            '- Monthly budget cap: 4000 -> 5000 USD',
          ]
        : [],
    teams: r.teams,
    repos: r.repos,
  })),
};

describe('BaseReleasesCard', () => {
  it('lists every release with its flags, notes and who pins it', async () => {
    const api = fakeApi({ getBaseReleases: async () => answer });
    renderOnEntity(<BaseReleasesCard />, { entity: orgBase, api });
    const latest = await screen.findByRole('region', { name: '2.4.0' });
    expect(within(latest).getByText('Latest')).toBeInTheDocument();
    expect(within(latest).getAllByText('incident-triage')).toHaveLength(2);
    expect(within(latest).getByText(/Skills added/)).toBeInTheDocument();
    // One bullet per change: a flat list, not a list in each item.
    const change = within(latest)
      .getByText(/Skills added/)
      .closest('li')!;
    expect(change.querySelector('ul')).toBeNull();
    expect(change.parentElement!.querySelectorAll(':scope > li')).toHaveLength(
      2,
    );
    expect(
      await within(latest).findByRole('link', {
        // The link opens in a new window and says so in its name.
        name: /^managed-settings\.json/,
      }),
    ).toHaveAttribute(
      'href',
      expect.stringMatching(
        /\/api\/agent-platform\/releases\/org-base\/2\.4\.0\/managed-settings\.json$/,
      ),
    );
    // The lines a team runs to install the release as a Claude Code plugin.
    expect(
      within(latest).getByText(
        /^\/plugin marketplace add .*\/api\/agent-platform\/releases\/org-base\/2\.4\.0\/marketplace\.json\s+\/plugin install org-base@org-base$/,
      ),
    ).toBeInTheDocument();
    expect(api.getBaseReleases).toHaveBeenCalledWith(
      'airesource:default/org-base',
    );
    const security = screen.getByRole('region', { name: '2.2.0' });
    expect(within(security).getByText('Security')).toBeInTheDocument();
    expect(
      within(security).getByText(/Teams pinning it \(1\)/),
    ).toBeInTheDocument();
    const deprecated = screen.getByRole('region', { name: '1.8.0' });
    expect(within(deprecated).getByText('Deprecated')).toBeInTheDocument();
    expect(deprecated).toHaveTextContent('mobile-agent-config');
  });

  it('shows an error panel when the releases cannot be read', async () => {
    const error = await httpError(500, 'snapshot failed');
    const api = fakeApi({ getBaseReleases: () => Promise.reject(error) });
    renderOnEntity(<BaseReleasesCard />, { entity: orgBase, api });
    expect(
      await screen.findByText(/Could not load the releases/),
    ).toBeInTheDocument();
  });
});
