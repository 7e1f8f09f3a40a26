import { summarizeTeamDrift } from './summarizeTeamDrift';

describe('summarizeTeamDrift', () => {
  it('counts repos per version and lists the ones that differ', () => {
    const summary = summarizeTeamDrift('org-base@2.3.0', [
      { repo: 'component:default/checkout-api', pin: 'org-base@2.3.0' },
      { repo: 'component:default/ledger', pin: 'org-base@2.4.0' },
      { repo: 'component:default/billing', pin: '2.3.0' },
      { repo: 'component:default/refunds', pin: 'org-base@2.10.0' },
      { repo: 'component:default/legacy' },
      { repo: 'component:default/odd', pin: 'whatever' },
    ]);
    expect(summary.teamVersion).toBe('2.3.0');
    expect(summary.distribution).toEqual([
      {
        version: '2.3.0',
        count: 2,
        repos: ['component:default/billing', 'component:default/checkout-api'],
      },
      { version: '2.4.0', count: 1, repos: ['component:default/ledger'] },
      { version: '2.10.0', count: 1, repos: ['component:default/refunds'] },
      { version: 'whatever', count: 1, repos: ['component:default/odd'] },
    ]);
    expect(summary.counts).toEqual({
      '2.3.0': 2,
      '2.4.0': 1,
      '2.10.0': 1,
      whatever: 1,
    });
    expect(summary.differing).toEqual([
      { repo: 'component:default/ledger', pin: 'org-base@2.4.0' },
      { repo: 'component:default/refunds', pin: 'org-base@2.10.0' },
      { repo: 'component:default/odd', pin: 'whatever' },
    ]);
    expect(summary.unpinned).toEqual(['component:default/legacy']);
    expect(summary).toMatchObject({ matching: 2, total: 6 });
  });

  it('keeps pins on another base apart', () => {
    const summary = summarizeTeamDrift('org-base@2.3.0', [
      { repo: 'a', pin: 'other-base@2.3.0' },
    ]);
    expect(summary.distribution[0].version).toBe('other-base@2.3.0');
    expect(summary.differing).toHaveLength(1);
  });

  it('treats every pinned repo as differing when the team has no pin', () => {
    const summary = summarizeTeamDrift(undefined, [
      { repo: 'a', pin: '1.0.0' },
    ]);
    expect(summary.teamVersion).toBeUndefined();
    expect(summary.differing).toEqual([{ repo: 'a', pin: '1.0.0' }]);
  });
});
