import {
  applyExceptionPolicy,
  ExceptionPolicy,
  judgeException,
} from './exceptionPolicy';
import { resolveEffectiveConfig } from './resolveEffectiveConfig';
import {
  NOW,
  SERVERS,
  SKILLS,
  exception,
  makeBase,
  makeRepo,
  makeTeam,
} from './__testUtils__/fixtures';
import type { AgentConfigEntity, TeamAgentConfigSpec } from '../model';

const exceptionsOf = (config: AgentConfigEntity) =>
  (config.spec as TeamAgentConfigSpec).exceptions;

const policy: ExceptionPolicy = {
  approvers: ['group:default/platform', 'user:default/dana.platform'],
  maxDays: 90,
};

const TEAM = 'team:payments-agent-config';

// The case from the issue: the team approves its own exception, forever.
const selfApproved = {
  target: 'Read(./.env)',
  reason: 'We need it.',
  approvedBy: 'group:default/payments',
  until: '2099-12-31',
};

const resolveTeam = (
  team = makeTeam({ permissions: { allow: ['Read(./.env)'] } }),
  withPolicy: ExceptionPolicy | null = policy,
) =>
  resolveEffectiveConfig({
    base: makeBase(),
    team,
    mcpServers: SERVERS,
    skills: SKILLS,
    now: NOW,
    ...(withPolicy ? { exceptionPolicy: withPolicy } : {}),
  });

describe('judgeException', () => {
  it('accepts an approver within the maximum, counting both ends', () => {
    // NOW is 2026-11-20: through 2027-02-17 is 90 days.
    expect(
      judgeException(exception('x', '2027-02-17'), policy, NOW),
    ).toBeUndefined();
    expect(judgeException(exception('x', '2027-02-18'), policy, NOW)).toBe(
      'The exception for x holds until 2027-02-18, 91 days from today, longer than the 90 days allowed; it does not count.',
    );
  });

  it('refuses approvers outside the policy, whatever their spelling', () => {
    expect(
      judgeException({ ...selfApproved, until: '2026-12-01' }, policy, NOW),
    ).toBe(
      'The exception for Read(./.env) is approved by group:default/payments, who may not approve exceptions (only the platform team or an approvers group may); it does not count.',
    );
    expect(
      judgeException(
        {
          ...exception('x', '2026-12-01'),
          approvedBy: 'User:Default/Dana.Platform',
        },
        policy,
        NOW,
      ),
    ).toBeUndefined();
  });

  it('counts from since, and refuses an end before the start', () => {
    const since = { ...exception('x', '2027-03-01'), since: '2027-01-01' };
    expect(judgeException(since, policy, NOW)).toBeUndefined();
    expect(
      judgeException({ ...since, since: '2027-04-01' }, policy, NOW),
    ).toMatch(/ends \(2027-03-01\) before it starts \(2027-04-01\)/);
    expect(
      judgeException({ ...since, since: '2026-01-01' }, policy, NOW),
    ).toMatch(/425 days from 2026-01-01, longer than the 90 days allowed/);
    expect(judgeException({ ...since, since: 'soon' }, policy, NOW)).toMatch(
      /since "soon", which is not a date/,
    );
  });
});

describe('resolveEffectiveConfig with an exception policy', () => {
  it('reports a self-approved exception and keeps the violation it meant to except', () => {
    const result = resolveTeam(
      makeTeam({
        permissions: { allow: ['Read(./.env)'] },
        exceptions: [selfApproved],
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.excepted).toEqual([]);
    expect(result.violations.map(v => [v.rule, v.item])).toEqual([
      ['exception-unapproved', 'Read(./.env)'],
      ['deny-overridden', 'Read(./.env)'],
    ]);
    expect(result.violations[0].message).toMatch(
      /approved by group:default\/payments, who may not approve/,
    );
    expect(result.violations[0].layer).toBe(TEAM);
  });

  it('without a policy, keeps the old reading (the exception counts)', () => {
    const result = resolveTeam(
      makeTeam({
        permissions: { allow: ['Read(./.env)'] },
        exceptions: [selfApproved],
      }),
      null,
    );
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('lets an approved exception within the maximum except', () => {
    const result = resolveTeam(
      makeTeam({
        permissions: { allow: ['Read(./.env)'] },
        exceptions: [exception('Read(./.env)', '2027-01-31')],
      }),
    );
    expect(result.ok).toBe(true);
    expect(result.excepted.map(e => e.rule)).toEqual(['deny-overridden']);
  });
});

describe('applyExceptionPolicy', () => {
  const team = makeTeam({
    permissions: { allow: ['Read(./.env)'] },
    exceptions: [selfApproved],
  });
  const untouched = makeTeam({}, 'other-agent-config');

  it('marks what does not count, adds grants to the owning team, keeps the rest as it is', () => {
    const base = makeBase();
    const repo = makeRepo();
    const configs = applyExceptionPolicy([base, team, untouched, repo], {
      policy,
      now: NOW,
      granted: [
        {
          team: 'group:default/payments',
          target: 'api:default/postgres-prod',
          reason: 'Migration.',
          approvedBy: 'user:default/dana.platform',
          since: '2026-11-20',
          until: '2026-12-20',
        },
        {
          team: 'group:default/nobody',
          target: 'api:default/postgres-prod',
          reason: 'Migration.',
          approvedBy: 'user:default/dana.platform',
          since: '2026-11-20',
          until: '2026-12-20',
        },
      ],
    });
    expect(configs[0]).toBe(base);
    expect(configs[3]).toBe(repo);
    expect(configs[1]).not.toBe(team);
    // The owner of `other-agent-config` is payments too: it gets the grant.
    expect(exceptionsOf(configs[2])).toHaveLength(1);
    expect(exceptionsOf(configs[1])).toEqual([
      {
        ...selfApproved,
        rejected: expect.stringMatching(/who may not approve/),
      },
      expect.objectContaining({
        target: 'api:default/postgres-prod',
        since: '2026-11-20',
      }),
    ]);
    // The input is not changed.
    expect(exceptionsOf(team)).toEqual([selfApproved]);

    // Resolved without a policy, the marks and grants still apply.
    const result = resolveTeam(
      {
        ...configs[1],
        spec: {
          ...(configs[1].spec as TeamAgentConfigSpec),
          mcpServers: ['api:default/postgres-prod'],
        },
      },
      null,
    );
    expect(result.violations.map(v => v.rule)).toEqual([
      'exception-unapproved',
      'deny-overridden',
    ]);
    expect(result.excepted.map(e => e.item)).toEqual([
      'api:default/postgres-prod',
    ]);
  });

  it('returns configs without exceptions as the same objects', () => {
    const base = makeBase();
    const [a, b] = applyExceptionPolicy([base, untouched], {
      policy,
      now: NOW,
    });
    expect(a).toBe(base);
    expect(b).toBe(untouched);
  });

  it('clears a hand-written rejected mark when the exception does count', () => {
    const [config] = applyExceptionPolicy(
      [
        makeTeam({
          exceptions: [
            { ...exception('Read(./.env)', '2027-01-31'), rejected: 'no' },
          ],
        }),
      ],
      { policy, now: NOW },
    );
    expect(exceptionsOf(config)?.[0]).not.toHaveProperty('rejected');
  });
});
