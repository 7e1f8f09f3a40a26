import { makePlatformSpend, platformOverview } from '../__testUtils__';
import { filterOverview, overviewLink, readFilters } from './overviewFilters';

const teams = (f: Parameters<typeof filterOverview>[1]) =>
  filterOverview(platformOverview, f).overview.teams.map(t => t.team);

describe('readFilters and overviewLink', () => {
  it('reads the filters from a query string and ignores unknown values', () => {
    expect(
      readFilters(
        new URLSearchParams(
          'team=group:default/checkout&severity=fatal&release=2.3.0&drift=behind&owner=group:default/platform',
        ),
      ),
    ).toEqual({
      team: 'group:default/checkout',
      release: '2.3.0',
      drift: 'behind',
      owner: 'group:default/platform',
    });
  });

  it('links to exactly the given filters and an anchor, and reads back the same', () => {
    const link = overviewLink(
      { severity: 'error', team: 'group:default/a b' },
      'ap-violations',
    );
    expect(link).toBe(
      '?team=group%3Adefault%2Fa+b&severity=error#ap-violations',
    );
    expect(
      readFilters(new URLSearchParams(link.slice(1, link.indexOf('#')))),
    ).toEqual({ team: 'group:default/a b', severity: 'error' });
    expect(overviewLink({}, 'ap-drift')).toBe('#ap-drift');
  });
});

describe('filterOverview', () => {
  it('keeps everything without filters', () => {
    const all = filterOverview(platformOverview, {});
    expect(all.overview).toEqual(platformOverview);
    const spend = makePlatformSpend();
    expect(all.spendRows(spend.rows)).toEqual(spend.rows);
  });

  it('narrows teams by release and drift, violations by severity', () => {
    expect(teams({ release: '2.4.0' })).toEqual([
      'group:default/identity',
      'group:default/payments',
      'group:default/platform',
    ]);
    expect(teams({ drift: 'security' })).toEqual([
      'group:default/data-eng',
      'group:default/mobile',
    ]);
    expect(teams({ drift: 'behind', release: '2.2.0' })).toEqual([
      'group:default/search',
    ]);
    // Severity is a property of violations, not of teams.
    expect(teams({ severity: 'error' })).toHaveLength(
      platformOverview.teams.length,
    );
    const f = filterOverview(platformOverview, { severity: 'error' });
    expect(f.severity('error')).toBe(true);
    expect(f.severity('warning')).toBe(false);
  });

  it('applies a team to the releases it pins, the deprecated assets it uses and its spend', () => {
    const f = filterOverview(platformOverview, {
      team: 'group:default/mobile',
    });
    expect(f.overview.releases.map(r => r.version)).toEqual(['1.8.0']);
    expect(f.overview.deprecated.releases.map(r => r.version)).toEqual([
      '1.8.0',
    ]);
    expect(f.overview.deprecated.skills.map(s => s.ref)).toEqual([
      'airesource:default/changelog-writer',
    ]);
    expect(
      filterOverview(platformOverview, { team: 'group:default/identity' })
        .overview.deprecated.skills,
    ).toEqual([]);
    // Only the team's own spend row: not the others, not the unattributed row.
    expect(
      filterOverview(platformOverview, { team: 'group:default/checkout' })
        .spendRows(makePlatformSpend().rows)
        .map(r => r.team),
    ).toEqual(['group:default/checkout']);
  });

  it('applies an owner to skills and deprecated skills only', () => {
    const f = filterOverview(platformOverview, {
      owner: 'group:default/search',
    });
    expect(f.overview.skills.map(s => s.ref)).toEqual([
      'airesource:default/relevance-tuning',
      'airesource:default/k8s-debug',
    ]);
    expect(f.overview.deprecated.skills).toEqual([]);
    expect(f.overview.teams).toHaveLength(platformOverview.teams.length);
  });
});
