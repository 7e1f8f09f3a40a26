import type {
  AdoptionTable,
  NearDuplicateReport,
  ReuseHistory,
  StalenessReport,
} from '@agent-platform/plugin-agent-platform-common';

export const nearDuplicates: NearDuplicateReport & { builtAt: string } = {
  builtAt: '2026-12-06T08:00:00.000Z',
  method: 'Jaccard similarity of word 3-shingle sets',
  threshold: 0.5,
  compared: 15,
  candidatesChecked: 3,
  skipped: [
    {
      ref: 'airesource:default/binary-skill',
      reason: 'its SKILL.md is binary',
    },
  ],
  pairs: [
    {
      a: 'airesource:default/code-review',
      b: 'airesource:default/payments-code-review',
      similarity: 0.93,
      kind: 'consolidation',
      reason:
        'payments-code-review (group:default/payments) is a near-copy of the registry skill code-review',
      useInstead: 'airesource:default/code-review',
    },
    {
      a: 'airesource:default/adr-helper',
      b: 'airesource:default/adr-writer',
      similarity: 0.61,
      kind: 'promotion',
      reason: 'group:default/mobile and group:default/search keep near-copies',
      promote: 'airesource:default/adr-writer',
    },
  ],
  clusters: [],
};

export const staleness: StalenessReport & { builtAt: string } = {
  builtAt: '2026-12-06T08:00:00.000Z',
  staleAfterDays: 90,
  staleRepos: [
    {
      component: 'component:default/cart-service',
      team: 'group:default/checkout',
      pin: 'org-base@2.2.0',
      lastModified: '2026-06-01T00:00:00.000Z',
      daysUnchanged: 188,
      newerReleases: ['2.3.0', '2.4.0'],
      latest: '2.4.0',
    },
  ],
  undatedRepos: ['component:default/x', 'component:default/y'],
  unreviewedTeams: [
    {
      team: 'group:default/mobile',
      config: 'airesource:default/mobile-agent-config',
      pin: 'org-base@1.8.0',
      securityReleases: [{ version: '2.2.0', date: '2026-06-23' }],
    },
  ],
};

const adoptionRow = (
  team: string,
  depth: any,
  perWeek: number | null,
  cost: number,
) => ({
  team: `group:default/${team}`,
  title: team,
  activeEngineers: perWeek === null ? 0 : 2,
  sessions: perWeek === null ? 0 : perWeek * 8,
  sessionsPerEngineerPerWeek: perWeek,
  cost,
  skillShare: cost ? 0.25 : null,
  pullRequests: cost ? 10 : 0,
  costPerPullRequest: cost ? cost / 10 : null,
  depth,
});

export const adoption: AdoptionTable = {
  range: { from: '2026-11-09', to: '2026-12-06' },
  weeks: 4,
  rows: [
    adoptionRow('mobile', 'none', null, 0),
    adoptionRow('search', 'light', 0.5, 40),
    adoptionRow('payments', 'heavy', 12, 900),
  ],
};

export const reuse: ReuseHistory = {
  current: {
    week: '2026-11-30',
    teams: 7,
    teamsReusing: 4,
    teamsOwnOnly: 1,
    teamShare: 0.571,
    repos: 9,
    reposReusing: 6,
    repoShare: 0.667,
    registryAssets: 6,
    ownAssets: 3,
  },
  history: [
    {
      week: '2026-11-23',
      computedAt: '2026-11-29T23:00:00.000Z',
      teams: 7,
      teamsReusing: 2,
      teamsOwnOnly: 3,
      teamShare: 0.286,
      repos: 9,
      reposReusing: 4,
      repoShare: 0.444,
      registryAssets: 3,
      ownAssets: 5,
    },
    {
      week: '2026-11-30',
      computedAt: '2026-12-06T07:00:00.000Z',
      teams: 7,
      teamsReusing: 4,
      teamsOwnOnly: 1,
      teamShare: 0.571,
      repos: 9,
      reposReusing: 6,
      repoShare: 0.667,
      registryAssets: 6,
      ownAssets: 3,
    },
  ],
};
