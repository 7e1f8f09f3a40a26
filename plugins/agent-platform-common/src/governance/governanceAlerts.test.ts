import { createPlatformIndex } from '../inheritance/platformIndex';
import { buildPlatformOverview } from '../snapshot/buildPlatformOverview';
import {
  NOW,
  SERVERS,
  SKILLS,
  makeBase,
  makeTeam,
} from '../inheritance/__testUtils__/fixtures';
import type { ExceptionRequest } from '../inheritance/exceptionViews';
import { computeGovernanceAlerts, GovernanceAlertInput } from './governanceAlerts';

// NOW is 2026-11-20.
const overview = buildPlatformOverview(
  createPlatformIndex({
    configs: [
      makeBase(),
      // Pins 2.3.0: misses the 2.3.1 security release; uses a deprecated skill.
      makeTeam({ skills: ['airesource:default/changelog'] }),
      // Up to date.
      makeTeam(
        { extends: 'org-base@2.4.0', owner: 'group:default/search' },
        'search-agent-config',
      ),
    ],
    skills: SKILLS,
    mcpServers: SERVERS,
    components: [],
  }),
  NOW,
);

const request = (extra: Partial<ExceptionRequest>): ExceptionRequest => ({
  id: 'r1',
  team: 'group:default/payments',
  target: 'Read(./.env)',
  reason: 'Migration.',
  since: '2026-11-20',
  until: '2026-12-20',
  requestedBy: 'user:default/elena.sokolova',
  requestedAt: '2026-11-20T10:00:00.000Z',
  status: 'pending',
  ...extra,
});

const input = (extra: Partial<GovernanceAlertInput> = {}): GovernanceAlertInput => ({
  overview,
  exceptions: [],
  budgets: [],
  requests: [],
  platformTeam: 'group:default/platform',
  now: NOW,
  ...extra,
});

const byTopic = (alerts: ReturnType<typeof computeGovernanceAlerts>, topic: string) =>
  alerts.filter(a => a.topic === topic);

describe('computeGovernanceAlerts', () => {
  it('tells a team and the platform team about a missed security release, urgently; nothing for a team up to date', () => {
    const releases = byTopic(computeGovernanceAlerts(input()), 'agent-platform-release');
    expect(releases).toEqual([
      expect.objectContaining({
        scope: 'agent-platform:release:airesource:default/payments-agent-config',
        state: '2.4.0:security',
        recipients: ['group:default/payments', 'group:default/platform'],
        title: 'group:default/payments misses security release 2.3.1 of org-base',
        severity: 'critical',
        link: '/catalog/default/group/payments',
      }),
    ]);
  });

  it('lists the deprecated items a team uses in one alert whose state is the list', () => {
    const [deprecated] = byTopic(computeGovernanceAlerts(input()), 'agent-platform-deprecated');
    expect(deprecated).toEqual(
      expect.objectContaining({
        scope: 'agent-platform:deprecated:group:default/payments',
        recipients: ['group:default/payments'],
        state: 'skill airesource:default/changelog (use airesource:default/release-notes)',
      }),
    );
  });

  it('reports budgets at risk (team) and over (team and platform), not ok ones', () => {
    const budgets = byTopic(
      computeGovernanceAlerts(
        input({
          budgets: [
            { team: 'group:default/payments', month: '2026-11', state: 'over', monthToDate: 2600, monthlyUsd: 2500 },
            { team: 'group:default/search', month: '2026-11', state: 'at-risk', monthToDate: 1000, monthlyUsd: 1500 },
            { team: 'group:default/data', month: '2026-11', state: 'ok', monthToDate: 10, monthlyUsd: 1500 },
          ],
        }),
      ),
      'agent-platform-budget',
    );
    expect(budgets.map(b => [b.scope, b.state, b.recipients, b.severity])).toEqual([
      ['agent-platform:budget:group:default/payments', 'over:2026-11', ['group:default/payments', 'group:default/platform'], 'high'],
      ['agent-platform:budget:group:default/search', 'at-risk:2026-11', ['group:default/search'], 'normal'],
    ]);
    expect(budgets[0].description).toBe('$2600.00 spent in 2026-11 against a budget of $2500.00.');
  });

  it('warns 14 days before an exception ends and again when it has ended; ignores ones that do not count', () => {
    const exceptions = byTopic(
      computeGovernanceAlerts(
        input({
          exceptions: [
            { team: 'group:default/payments', target: 'a', until: '2026-12-04' }, // 14 days
            { team: 'group:default/payments', target: 'b', until: '2026-12-05' }, // 15 days
            { team: 'group:default/payments', target: 'c', until: '2026-11-19' }, // ended
            { team: 'group:default/payments', target: 'd', until: '2026-11-25', rejected: 'no' },
          ],
        }),
      ),
      'agent-platform-exception',
    );
    expect(exceptions.map(e => [e.scope, e.state])).toEqual([
      ['agent-platform:exception:group:default/payments:a', 'expiring:2026-12-04'],
      ['agent-platform:exception:group:default/payments:c', 'expired:2026-11-19'],
    ]);
  });

  it('tells approvers about a waiting request, and the team and requester about the decision, under one scope', () => {
    const pending = byTopic(
      computeGovernanceAlerts(input({ requests: [request({})], approverGroups: ['group:default/security'] })),
      'agent-platform-exception-request',
    );
    expect(pending.map(a => [a.scope, a.state, a.recipients])).toEqual([
      ['agent-platform:exception-request:r1', 'pending', ['group:default/platform', 'group:default/security']],
    ]);
    const decided = byTopic(
      computeGovernanceAlerts(
        input({ requests: [request({ status: 'denied', decidedBy: 'user:default/dana.kim', decisionNote: 'Use the vault.' })] }),
      ),
      'agent-platform-exception-request',
    );
    expect(decided).toEqual([
      expect.objectContaining({
        scope: 'agent-platform:exception-request:r1',
        state: 'denied',
        recipients: ['group:default/payments', 'user:default/elena.sokolova'],
        description: 'user:default/dana.kim denied the exception for Read(./.env) (2026-11-20 to 2026-12-20): Use the vault.',
      }),
    ]);
  });

  it('is stable: the same input gives the same scopes and states', () => {
    const a = computeGovernanceAlerts(input({ requests: [request({})] }));
    const b = computeGovernanceAlerts(input({ requests: [request({})] }));
    expect(a.map(x => `${x.scope}=${x.state}`)).toEqual(b.map(x => `${x.scope}=${x.state}`));
  });
});
