import { buildTeamNudge } from './teamNudge';

const drift = {
  base: 'org-base',
  pinned: 'org-base@1.8.0',
  latest: '2.4.0',
  releasesBehind: 5,
  missed: [],
  missedSecurity: true,
  pinDeprecated: true,
  pinWithdrawn: false,
  pinUnknown: false,
  upToDate: false,
};
const violation = (severity: 'error' | 'warning', message: string) => ({
  rule: 'base-deny-overridden' as any,
  severity,
  layer: 'team:mobile-agent-config',
  item: 'x',
  message,
});

describe('buildTeamNudge', () => {
  it('tells the team its drift and its violations, errors first, from its overview row', () => {
    const nudge = buildTeamNudge(
      {
        team: 'group:default/mobile',
        drift,
        violations: [
          violation('warning', 'Skill changelog-writer is deprecated.'),
          violation('error', 'Allows Read(./.env) over the base deny.'),
          violation('warning', 'w2'),
          violation('warning', 'w3'),
        ],
      },
      'user:default/dana.kim',
    );
    expect(nudge).toEqual({
      team: 'group:default/mobile',
      title:
        'The platform team asks group:default/mobile to look at its agent config',
      description:
        'Pinned to org-base@1.8.0, 5 releases behind 2.4.0, including a security release. The pinned release is deprecated. 1 error and 3 warnings in the agent config: error: Allows Read(./.env) over the base deny. warning: Skill changelog-writer is deprecated. warning: w2 ... (Sent by user:default/dana.kim.)',
      link: '/catalog/default/group/mobile',
      severity: 'critical',
      scope: 'agent-platform:nudge:group:default/mobile',
    });
  });

  it('is high for errors alone, and nothing for a team with nothing to fix', () => {
    const upToDate = {
      ...drift,
      releasesBehind: 0,
      missedSecurity: false,
      pinDeprecated: false,
      upToDate: true,
    };
    expect(
      buildTeamNudge(
        {
          team: 'group:default/checkout',
          drift: upToDate,
          violations: [violation('error', 'e')],
        },
        'user:default/dana.kim',
      )?.severity,
    ).toBe('high');
    expect(
      buildTeamNudge(
        { team: 'group:default/payments', drift: upToDate, violations: [] },
        'user:default/dana.kim',
      ),
    ).toBeUndefined();
  });
});
