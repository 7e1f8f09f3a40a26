import {
  exception,
  makeBase,
  makeTeam,
  NOW,
  SERVERS,
  SKILLS,
} from '../inheritance/__testUtils__/fixtures';
import type { AgentConfigEntity } from '../model';
import { PlatformSnapshot } from '../snapshot/PlatformSnapshot';
import {
  diffEffectiveConfigStates,
  effectiveConfigStateKey,
} from './configHistory';

const PAYMENTS = 'group:default/payments';

const payments = (extra: object = {}) =>
  makeTeam({ extends: 'org-base@2.3.0', ...extra } as never);

const snapshotOf = (configs: AgentConfigEntity[]) =>
  PlatformSnapshot.build(
    {
      configs: [makeBase(), ...configs],
      skills: SKILLS,
      mcpServers: SERVERS,
      components: [
        {
          kind: 'Component',
          metadata: { name: 'checkout' },
          spec: { owner: PAYMENTS },
        },
      ],
    },
    NOW,
  );

const stateOf = (configs: AgentConfigEntity[], subject = PAYMENTS) =>
  snapshotOf(configs).configStates().get(subject)!;

describe('effective config history', () => {
  it('holds the team and each repository, by their refs', () => {
    const states = snapshotOf([payments()]).configStates();
    expect([...states.keys()].sort()).toEqual([
      'component:default/checkout',
      PAYMENTS,
    ]);
    expect(states.get(PAYMENTS)).toMatchObject({
      kind: 'team',
      config: 'airesource:default/payments-agent-config',
      release: 'org-base@2.3.0',
      pin: 'org-base@2.3.0',
      permissions: {
        defaultMode: 'default',
        deny: ['Bash(curl *)', 'Read(./.env)', 'Read(./secrets/**)'],
      },
      skills: ['airesource:default/code-review'],
      violations: [],
    });
    expect(states.get('component:default/checkout')).toMatchObject({
      kind: 'repo',
      team: 'airesource:default/payments-agent-config',
    });
  });

  it('finds nothing when nothing changed, in any order', () => {
    const a = stateOf([payments()]);
    const b = stateOf([payments()]);
    expect(a).not.toBe(b);
    expect(effectiveConfigStateKey(a)).toBe(effectiveConfigStateKey(b));
    const change = diffEffectiveConfigStates(a, b);
    expect(change.empty).toBe(true);
    expect(change.lines).toEqual([]);
    // Key order does not matter.
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(effectiveConfigStateKey(reordered)).toBe(effectiveConfigStateKey(a));
  });

  it('records a new release', () => {
    const change = diffEffectiveConfigStates(
      stateOf([payments()]),
      stateOf([payments({ extends: 'org-base@2.4.0' })]),
    );
    expect(change.tags).toEqual(['release', 'pin']);
    expect(change.lines).toEqual([
      '- Base release: org-base@2.3.0 -> org-base@2.4.0',
      '- Pin: org-base@2.3.0 -> org-base@2.4.0',
    ]);
  });

  it('records a new rule, the violation it brings, and the exception that grants it', () => {
    const before = stateOf([payments()]);
    const withRule = stateOf([
      payments({ permissions: { allow: ['Read(./.env)'] } }),
    ]);
    const ruleChange = diffEffectiveConfigStates(before, withRule);
    expect(ruleChange.tags).toEqual(['rules', 'violation']);
    expect(ruleChange.diff.permissions.allow.added).toEqual(['Read(./.env)']);
    expect(ruleChange.violations.added).toHaveLength(1);
    expect(ruleChange.violations.added[0]).toMatch(/^error deny-\w+: Read\(\.\/\.env\)$/);
    expect(ruleChange.lines[0]).toBe('- Allow rules added: `Read(./.env)`');

    const excepted = stateOf([
      payments({
        permissions: { allow: ['Read(./.env)'] },
        exceptions: [exception('Read(./.env)', '2026-12-31')],
      }),
    ]);
    const granted = diffEffectiveConfigStates(withRule, excepted);
    expect(granted.tags).toEqual(['exception', 'violation']);
    expect(granted.exceptions.added).toEqual([
      'Read(./.env) until 2026-12-31, approved by user:default/dana.platform',
    ]);
    expect(granted.excepted.added).toEqual([
      expect.stringMatching(
        /^deny-\w+: Read\(\.\/\.env\) \(until 2026-12-31, approved by user:default\/dana\.platform\)$/,
      ),
    ]);
    expect(granted.violations.removed).toEqual(ruleChange.violations.added);
    expect(granted.lines).toEqual([
      `- Exception granted: ${granted.exceptions.added[0]}`,
      `- Now excepted: ${granted.excepted.added[0]}`,
      `- Violation resolved: ${ruleChange.violations.added[0]}`,
    ]);

    // The day after `until`, the exception has expired by itself.
    const expired = PlatformSnapshot.build(
      {
        configs: [
          makeBase(),
          payments({
            permissions: { allow: ['Read(./.env)'] },
            exceptions: [exception('Read(./.env)', '2026-11-19')],
          }),
        ],
        skills: SKILLS,
        mcpServers: SERVERS,
        components: [],
      },
      NOW,
    )
      .configStates()
      .get(PAYMENTS)!;
    const ended = diffEffectiveConfigStates(excepted, expired);
    expect(ended.tags).toContain('exception');
    expect(ended.tags).toContain('violation');
    expect(ended.excepted.removed).toEqual(granted.excepted.added);
    // The expired exception is the violation now (it names the rule it excepted).
    expect(ended.violations.added).toEqual([
      expect.stringMatching(/^error exception-expired: Read\(\.\/\.env\)$/),
    ]);
  });

  it('describes the first state and a removed config', () => {
    const state = stateOf([payments()]);
    const first = diffEffectiveConfigStates(undefined, state);
    expect(first.first).toBe(true);
    expect(first.tags).toEqual(['first']);
    expect(first.lines).toEqual([
      '- First recorded: org-base@2.3.0, 1 allow, 1 ask, 3 deny rules, 1 skills, 1 MCP servers, 0 violations, 0 exceptions',
    ]);
    const gone = diffEffectiveConfigStates(state, undefined);
    expect(gone).toMatchObject({
      removed: true,
      tags: ['removed'],
      lines: ['- The config is gone'],
    });
  });

  it('keeps the state object of a team that an applied change does not touch', () => {
    const snapshot = PlatformSnapshot.build(
      {
        configs: [
          makeBase(),
          payments(),
          makeTeam({ owner: 'group:default/search' } as never, 'search-agent-config'),
        ],
        skills: SKILLS,
        mcpServers: SERVERS,
        components: [],
      },
      NOW,
    );
    const before = snapshot.configStates();
    snapshot.apply(
      { upserted: [payments({ extends: 'org-base@2.4.0' })], removed: [] },
      NOW,
    );
    const after = snapshot.configStates();
    expect(after.get('group:default/search')).toBe(
      before.get('group:default/search'),
    );
    expect(after.get(PAYMENTS)).not.toBe(before.get(PAYMENTS));
    expect(after.get(PAYMENTS)?.release).toBe('org-base@2.4.0');
  });
});
