import { findRelease, latestRelease, readReleases } from './releases';
import { makeBase, release } from './__testUtils__/fixtures';

describe('releases', () => {
  it('sorts by semver, skipping invalid and repeated versions', () => {
    const base = makeBase([
      release('2.10.0'),
      release('2.9.0'),
      release('v3.0.0'),
      release('2.9.0'),
    ]);
    const { releases, skipped } = readReleases(base);
    expect(releases.map(r => r.version)).toEqual(['2.9.0', '2.10.0']);
    expect(skipped).toBe(2);
  });

  it('finds the latest non-withdrawn release', () => {
    const { releases } = readReleases(makeBase());
    expect(latestRelease(releases)?.version).toBe('2.4.0');
    expect(findRelease(releases, '2.2.0')?.withdrawn).toBe(true);
    expect(findRelease(releases, '9.9.9')).toBeUndefined();
  });
});
