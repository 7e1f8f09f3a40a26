import { computeStaleness } from './staleness';

const bases = [
  {
    name: 'org-base',
    releases: [
      { version: '2.0.0', date: '2026-03-01' },
      { version: '2.1.0', date: '2026-06-01', security: true },
      { version: '2.2.0', date: '2026-09-01' },
      { version: '2.3.0', date: '2026-11-01', security: true },
      { version: '2.4.0' },
    ],
  },
];
const now = new Date('2026-12-06T00:00:00Z');

describe('computeStaleness', () => {
  it('names repos unchanged for longer than the limit with newer releases, and undated ones apart', () => {
    const report = computeStaleness({
      bases,
      teams: [],
      repos: [
        { component: 'component:default/old', team: 'group:default/a', pin: 'org-base@2.0.0', lastModified: '2026-05-01T00:00:00Z' },
        { component: 'component:default/recent', pin: 'org-base@2.0.0', lastModified: '2026-11-20T00:00:00Z' },
        { component: 'component:default/old-but-latest', pin: 'org-base@2.4.0', lastModified: '2026-01-01T00:00:00Z' },
        { component: 'component:default/unpinned', lastModified: '2026-07-01T00:00:00Z' },
        { component: 'component:default/undated', pin: 'org-base@2.0.0' },
      ],
      now,
      staleAfterDays: 60,
    });
    expect(report.staleRepos).toEqual([
      {
        component: 'component:default/old',
        team: 'group:default/a',
        pin: 'org-base@2.0.0',
        lastModified: '2026-05-01T00:00:00.000Z',
        daysUnchanged: 219,
        newerReleases: ['2.1.0', '2.2.0', '2.3.0', '2.4.0'],
        latest: '2.4.0',
      },
      {
        component: 'component:default/unpinned',
        lastModified: '2026-07-01T00:00:00.000Z',
        daysUnchanged: 158,
        newerReleases: ['2.2.0', '2.3.0'],
        latest: '2.3.0',
      },
    ]);
    expect(report.undatedRepos).toEqual(['component:default/undated']);
  });

  it('names teams with a security release after their review that their pin lacks', () => {
    const report = computeStaleness({
      bases,
      teams: [
        { team: 'group:default/never', config: 'c1', pin: 'org-base@2.0.0' },
        { team: 'group:default/reviewed-after', config: 'c2', pin: 'org-base@2.0.0', reviewed: '2026-11-15' },
        { team: 'group:default/reviewed-between', config: 'c3', pin: 'org-base@2.2.0', reviewed: '2026-10-01' },
        { team: 'group:default/adopted', config: 'c4', pin: 'org-base@2.3.0' },
      ],
      repos: [],
      now,
    });
    expect(report.unreviewedTeams).toEqual([
      {
        team: 'group:default/never',
        config: 'c1',
        pin: 'org-base@2.0.0',
        securityReleases: [
          { version: '2.1.0', date: '2026-06-01' },
          { version: '2.3.0', date: '2026-11-01' },
        ],
      },
      {
        team: 'group:default/reviewed-between',
        config: 'c3',
        pin: 'org-base@2.2.0',
        reviewed: '2026-10-01',
        securityReleases: [{ version: '2.3.0', date: '2026-11-01' }],
      },
    ]);
  });
});
