import { computeDrift } from './computeDrift';
import { makeBase, release } from './__testUtils__/fixtures';

describe('computeDrift', () => {
  const base = makeBase();

  it('lists the missed releases oldest first, with notes and security', () => {
    const drift = computeDrift(base, '2.3.0');
    expect(drift).toEqual({
      base: 'org-base',
      pinned: '2.3.0',
      latest: '2.4.0',
      releasesBehind: 2,
      missed: [
        {
          version: '2.3.1',
          date: '2026-10-28',
          notes: 'Denies reading secrets.',
          security: true,
          deprecated: false,
        },
        {
          version: '2.4.0',
          date: '2026-10-28',
          notes: 'Adds the incident-triage skill.',
          security: false,
          deprecated: false,
        },
      ],
      missedSecurity: true,
      pinDeprecated: false,
      pinWithdrawn: false,
      pinUnknown: false,
      upToDate: false,
      upgradeLine: '<!-- agent-platform: extends: org-base@2.4.0 -->',
    });
  });

  it('is up to date on the latest release, ignoring a newer withdrawn one', () => {
    const drift = computeDrift(base, '2.4.0');
    expect(drift).toMatchObject({
      releasesBehind: 0,
      missed: [],
      upToDate: true,
      missedSecurity: false,
    });
  });

  it('flags a deprecated pin', () => {
    const drift = computeDrift(base, '2.1.0');
    expect(drift.pinDeprecated).toBe(true);
    expect(drift.missed.map(r => r.version)).toEqual([
      '2.3.0',
      '2.3.1',
      '2.4.0',
    ]);
  });

  it('flags a withdrawn pin, also one newer than the latest', () => {
    expect(computeDrift(base, '2.2.0')).toMatchObject({
      pinWithdrawn: true,
      upToDate: false,
      releasesBehind: 3,
    });
    expect(computeDrift(base, '2.5.0')).toMatchObject({
      pinWithdrawn: true,
      releasesBehind: 0,
      upToDate: false,
      upgradeLine: '<!-- agent-platform: extends: org-base@2.4.0 -->',
    });
  });

  it('flags an unknown pin and counts the releases newer than it', () => {
    expect(computeDrift(base, '2.3.5')).toMatchObject({
      pinUnknown: true,
      releasesBehind: 1,
      upToDate: false,
    });
  });

  it('treats a pin that is not a version as missing every release', () => {
    expect(computeDrift(base, 'latest')).toMatchObject({
      pinUnknown: true,
      releasesBehind: 4,
    });
  });

  it('accepts a base ref, and treats a ref to another base as unknown', () => {
    expect(computeDrift(base, 'org-base@2.3.1')).toMatchObject({
      pinUnknown: false,
      releasesBehind: 1,
    });
    expect(computeDrift(base, 'other-base@2.3.1')).toMatchObject({
      pinUnknown: true,
      releasesBehind: 4,
    });
  });

  it('copes with a base without usable releases', () => {
    const empty = makeBase([release('2.0.0', { withdrawn: true })]);
    const drift = computeDrift(empty, '2.0.0');
    expect(drift.latest).toBeUndefined();
    expect(drift.upgradeLine).toBeUndefined();
    expect(drift.pinWithdrawn).toBe(true);
    const broken = makeBase();
    (broken.spec as any).releases = 'nope';
    expect(computeDrift(broken, '1.0.0')).toMatchObject({
      pinUnknown: true,
      releasesBehind: 0,
    });
  });
});
