import {
  resolveEffectiveConfig,
  ResolveEffectiveConfigInput,
} from './resolveEffectiveConfig';
import {
  NOW,
  SERVERS,
  SKILLS,
  exception,
  makeBase,
  makeRepo,
  makeTeam,
} from './__testUtils__/fixtures';
import type { AgentConfigEntity } from '../model';

const resolve = (input: Partial<ResolveEffectiveConfigInput>) =>
  resolveEffectiveConfig({
    base: makeBase(),
    mcpServers: SERVERS,
    skills: SKILLS,
    now: NOW,
    ...input,
  });

const rules = (result: ReturnType<typeof resolve>) =>
  result.violations.map(v => v.rule);

const TEAM = 'team:payments-agent-config';
const REPO = 'repo:checkout-api-agent-config';

describe('resolveEffectiveConfig: merging', () => {
  it('merges base at the pin, then team, then repo, recording each layer', () => {
    const result = resolve({
      team: makeTeam({
        skills: [
          'airesource:default/pci-checklist',
          'airesource:default/code-review',
        ],
        mcpServers: ['api:default/jira'],
        permissions: {
          defaultMode: 'plan',
          ask: ['Bash(terraform apply *)'],
          deny: ['Bash(rm -rf *)'],
        },
        modelRouting: { default: 'claude-opus-4-8' },
        budget: { monthlyUsd: 4000 },
      }),
      repo: makeRepo({
        permissions: { deny: ['Bash(rm -rf *)', 'WebFetch'] },
        modelRouting: { background: 'claude-sonnet-4-6' },
        budget: { monthlyUsd: 1000 },
      }),
    });
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.release).toEqual({
      base: 'org-base',
      version: '2.3.0',
      pinned: true,
      deprecated: false,
      withdrawn: false,
      security: false,
    });
    const { effective } = result;
    expect(effective.layers).toEqual(['base@2.3.0', TEAM, REPO]);
    expect(effective.skills.map(s => [s.ref, s.layer, s.alsoIn])).toEqual([
      ['airesource:default/code-review', 'base@2.3.0', [TEAM]],
      ['airesource:default/pci-checklist', TEAM, []],
    ]);
    expect(
      effective.mcpServers.map(s => [s.ref, s.layer, s.allowlistStatus]),
    ).toEqual([
      ['api:default/github', 'base@2.3.0', 'approved'],
      ['api:default/jira', TEAM, 'approved'],
    ]);
    expect(
      effective.permissions.deny.map(r => [r.rule, r.layer, r.alsoIn]),
    ).toEqual([
      ['Read(./.env)', 'base@2.3.0', []],
      ['Read(./secrets/**)', 'base@2.3.0', []],
      ['Bash(curl *)', 'base@2.3.0', []],
      ['Bash(rm -rf *)', TEAM, [REPO]],
      ['WebFetch', REPO, []],
    ]);
    expect(effective.permissions.ask.map(r => r.layer)).toEqual([
      'base@2.3.0',
      TEAM,
    ]);
    expect(effective.permissions.defaultMode).toEqual({
      value: 'plan',
      layer: TEAM,
    });
    expect(effective.modelRouting).toEqual({
      default: { value: 'claude-opus-4-8', layer: TEAM },
      plan: { value: 'claude-opus-4-8', layer: 'base@2.3.0' },
      background: { value: 'claude-sonnet-4-6', layer: REPO },
    });
    expect(effective.budget).toEqual({
      monthlyUsdCap: { value: 5000, layer: 'base@2.3.0' },
      monthlyUsd: { value: 1000, layer: REPO },
    });
  });

  it('marks a server dropped by a server-wide deny rule, without a violation', () => {
    const result = resolve({
      team: makeTeam({ permissions: { deny: ['mcp__github'] } }),
    });
    expect(result.violations).toEqual([]);
    expect(result.effective.mcpServers[0].disabledBy).toEqual({
      rule: 'mcp__github',
      layer: TEAM,
    });
  });

  it('deduplicates equivalent spellings of a rule', () => {
    const result = resolve({
      team: makeTeam({ permissions: { allow: ['Bash(npm run test:*)'] } }),
    });
    expect(result.effective.permissions.allow).toEqual([
      {
        rule: 'Bash(npm run test *)',
        key: 'Bash(npm run test *)',
        layer: 'base@2.3.0',
        alsoIn: [TEAM],
      },
    ]);
  });
});

describe('resolveEffectiveConfig: permission rules', () => {
  it('reports an allow rule that overrides a base deny (deny-overridden)', () => {
    const result = resolve({
      team: makeTeam({ permissions: { allow: ['Read(./.env)'] } }),
    });
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'deny-overridden',
        severity: 'error',
        layer: TEAM,
        item: 'Read(./.env)',
        conflictsWith: { item: 'Read(./.env)', layer: 'base@2.3.0' },
      }),
    ]);
    expect(result.ok).toBe(false);
  });

  it('reports an allow rule that covers a base deny (deny-covered)', () => {
    const result = resolve({
      team: makeTeam({ permissions: { allow: ['Bash'] } }),
    });
    const covered = result.violations.filter(v => v.rule === 'deny-covered');
    expect(covered).toHaveLength(1);
    expect(covered[0].message).toContain('covers "Bash(curl *)"');
    // `Bash` also skips the base's ask rule for git push.
    expect(rules(result)).toContain('ask-loosened');
  });

  it('reports an allow rule that overlaps a base deny', () => {
    const result = resolve({
      team: makeTeam({
        permissions: { allow: ['Bash(curl https://internal.example/*)'] },
      }),
    });
    expect(rules(result)).toEqual(['deny-covered']);
    expect(result.violations[0].message).toContain('overlaps');
  });

  it('reports an ask rule that turns a base deny into a prompt', () => {
    const result = resolve({
      team: makeTeam({ permissions: { ask: ['Read(./.env)'] } }),
    });
    expect(rules(result)).toEqual(['deny-overridden']);
  });

  it('accepts ask and deny rules that only tighten', () => {
    const result = resolve({
      team: makeTeam({
        permissions: {
          ask: ['Bash', 'Read(./secrets/**/*.pem)'],
          deny: ['Bash(npm run test *)'],
        },
      }),
    });
    expect(result.violations).toEqual([]);
  });

  it('reports an allow rule that skips a base ask (ask-loosened)', () => {
    const result = resolve({
      team: makeTeam({
        permissions: { allow: ['Bash(git push origin main)'] },
      }),
    });
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'ask-loosened',
        item: 'Bash(git push origin main)',
        conflictsWith: { item: 'Bash(git push *)', layer: 'base@2.3.0' },
      }),
    ]);
  });

  it('reports a repo that allows what its team denies', () => {
    const result = resolve({
      team: makeTeam({ permissions: { deny: ['Bash(terraform *)'] } }),
      repo: makeRepo({ permissions: { allow: ['Bash(terraform plan)'] } }),
    });
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'deny-covered',
        layer: REPO,
        conflictsWith: { item: 'Bash(terraform *)', layer: TEAM },
      }),
    ]);
  });

  it('reports malformed rules without throwing', () => {
    const result = resolve({
      team: makeTeam({
        permissions: { allow: ['Bash(ls'], deny: ['read(./x)'] },
      }),
    });
    expect(rules(result)).toEqual([
      'permission-rule-malformed',
      'permission-rule-malformed',
    ]);
    expect(result.violations[0].item).toBe('Bash(ls');
  });

  it('keeps every base deny whatever the layers state', () => {
    const result = resolve({
      team: makeTeam({
        permissions: { allow: ['Read(./.env)', 'Bash'], deny: [] },
      }),
      repo: makeRepo({
        permissions: { allow: ['Read'], ask: ['Bash(curl *)'] },
      }),
    });
    expect(result.effective.permissions.deny.map(d => d.rule)).toEqual([
      'Read(./.env)',
      'Read(./secrets/**)',
      'Bash(curl *)',
    ]);
    expect(rules(result)).not.toContain('deny-removed');
  });
});

describe('resolveEffectiveConfig: exceptions', () => {
  const restrictedTeam = (until?: string) =>
    makeTeam({
      mcpServers: ['api:default/postgres-prod'],
      ...(until
        ? { exceptions: [exception('api:default/postgres-prod', until)] }
        : {}),
    });

  it('reports a restricted server without an exception', () => {
    const result = resolve({ team: restrictedTeam() });
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'mcp-server-restricted',
        layer: TEAM,
        item: 'api:default/postgres-prod',
      }),
    ]);
  });

  it('turns a restricted server with an unexpired exception into a note', () => {
    const result = resolve({ team: restrictedTeam('2027-01-31') });
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.excepted).toEqual([
      expect.objectContaining({
        rule: 'mcp-server-restricted',
        item: 'api:default/postgres-prod',
        exception: {
          target: 'api:default/postgres-prod',
          reason: 'Approved for a migration.',
          approvedBy: 'user:default/dana.platform',
          until: '2027-01-31',
          layer: TEAM,
        },
      }),
    ]);
  });

  it('holds an exception through its last day', () => {
    const result = resolve({ team: restrictedTeam('2026-11-20') });
    expect(result.excepted).toHaveLength(1);
  });

  it('reports an expired exception as exception-expired', () => {
    const result = resolve({ team: restrictedTeam('2026-11-19') });
    expect(result.excepted).toEqual([]);
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'exception-expired',
        excepts: 'mcp-server-restricted',
        item: 'api:default/postgres-prod',
        exception: expect.objectContaining({ until: '2026-11-19' }),
      }),
    ]);
  });

  it('matches server exceptions on the normalized ref', () => {
    const result = resolve({
      team: makeTeam({
        mcpServers: ['postgres-prod'],
        exceptions: [exception('API:default/Postgres-Prod', '2027-01-31')],
      }),
    });
    expect(result.violations).toEqual([]);
    expect(result.excepted).toHaveLength(1);
  });

  it('excepts a permission rule when the exception covers it', () => {
    const result = resolve({
      team: makeTeam({
        permissions: { allow: ['Bash(curl https://internal.example/*)'] },
        exceptions: [
          exception('Bash(curl https://internal.example/*)', '2027-01-31'),
        ],
      }),
    });
    expect(result.violations).toEqual([]);
    expect(result.excepted.map(e => e.rule)).toEqual(['deny-covered']);
  });

  it('does not except a rule broader than the exception target', () => {
    const result = resolve({
      team: makeTeam({
        permissions: { allow: ['Bash(curl *)'] },
        exceptions: [
          exception('Bash(curl https://internal.example/*)', '2027-01-31'),
        ],
      }),
    });
    expect(rules(result)).toEqual(['deny-overridden']);
  });

  it('never excepts a denied server', () => {
    const result = resolve({
      team: makeTeam({
        mcpServers: ['api:default/scraper'],
        exceptions: [exception('api:default/scraper', '2027-01-31')],
      }),
    });
    expect(rules(result)).toEqual(['mcp-server-denied']);
  });

  it("applies a team's exceptions to its repos but not a repo's to its team", () => {
    const teamHolds = resolve({
      team: makeTeam({
        exceptions: [exception('api:default/postgres-prod', '2027-01-31')],
      }),
      repo: makeRepo({ mcpServers: ['api:default/postgres-prod'] }),
    });
    expect(teamHolds.violations).toEqual([]);
    expect(teamHolds.excepted[0].layer).toBe(REPO);

    const repoHolds = resolve({
      team: makeTeam({ mcpServers: ['api:default/postgres-prod'] }),
      repo: makeRepo({
        exceptions: [exception('api:default/postgres-prod', '2027-01-31')],
      }),
    });
    expect(rules(repoHolds)).toEqual(['mcp-server-restricted']);
  });

  it('reports an exception whose until is not a date', () => {
    const result = resolve({
      team: makeTeam({
        mcpServers: ['api:default/postgres-prod'],
        exceptions: [exception('api:default/postgres-prod', '2027-02-31')],
      }),
    });
    expect(rules(result)).toEqual([
      'mcp-server-restricted',
      'exception-invalid',
    ]);
  });
});

describe('resolveEffectiveConfig: servers, skills, mode and budget', () => {
  it('reports unknown and unreviewed servers', () => {
    const result = resolve({
      team: makeTeam({
        mcpServers: ['api:default/nowhere', 'api:default/unreviewed'],
      }),
    });
    expect(result.violations.map(v => [v.rule, v.item])).toEqual([
      ['mcp-server-unknown', 'api:default/nowhere'],
      ['mcp-server-unknown', 'api:default/unreviewed'],
    ]);
  });

  it('reports a denied server', () => {
    const result = resolve({
      repo: makeRepo({
        extends: 'org-base@2.3.0',
        mcpServers: ['api:default/scraper'],
      }),
    });
    expect(result.violations).toEqual([
      expect.objectContaining({ rule: 'mcp-server-denied', layer: REPO }),
    ]);
  });

  it('reports an unknown skill as an error and a deprecated one as a warning', () => {
    const result = resolve({
      team: makeTeam({
        skills: ['airesource:default/nope', 'airesource:default/changelog'],
      }),
    });
    expect(result.violations).toEqual([
      expect.objectContaining({ rule: 'skill-unknown', severity: 'error' }),
      expect.objectContaining({
        rule: 'skill-deprecated',
        severity: 'warning',
        message: expect.stringContaining(
          'use airesource:default/release-notes instead',
        ),
      }),
    ]);
  });

  it('keeps ok true when only warnings remain', () => {
    const result = resolve({ team: makeTeam({ skills: ['changelog'] }) });
    expect(rules(result)).toEqual(['skill-deprecated']);
    expect(result.ok).toBe(true);
  });

  it('reports bypassPermissions', () => {
    const result = resolve({
      team: makeTeam({ permissions: { defaultMode: 'bypassPermissions' } }),
    });
    expect(rules(result)).toEqual(['mode-bypass']);
  });

  it('reports a mode looser than the base (acceptEdits over default)', () => {
    const result = resolve({
      team: makeTeam({ permissions: { defaultMode: 'acceptEdits' } }),
    });
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'mode-looser',
        item: 'acceptEdits',
        conflictsWith: { item: 'default', layer: 'base@2.3.0' },
      }),
    ]);
  });

  it('accepts stricter modes and reports a repo looser than its team', () => {
    expect(
      resolve({ team: makeTeam({ permissions: { defaultMode: 'dontAsk' } }) })
        .violations,
    ).toEqual([]);
    const result = resolve({
      team: makeTeam({ permissions: { defaultMode: 'plan' } }),
      repo: makeRepo({ permissions: { defaultMode: 'default' } }),
    });
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'mode-looser',
        layer: REPO,
        conflictsWith: { item: 'plan', layer: TEAM },
      }),
    ]);
  });

  it('reports a budget above the base cap, and a repo raising its team budget', () => {
    const over = resolve({ team: makeTeam({ budget: { monthlyUsd: 6000 } }) });
    expect(over.violations).toEqual([
      expect.objectContaining({
        rule: 'budget-over-cap',
        item: '6000',
        conflictsWith: { item: '5000', layer: 'base@2.3.0' },
      }),
    ]);
    const raised = resolve({
      team: makeTeam({ budget: { monthlyUsd: 2000 } }),
      repo: makeRepo({ budget: { monthlyUsd: 3000 } }),
    });
    expect(rules(raised)).toEqual(['budget-raised']);
  });

  it('reports a team that sets the budget cap itself', () => {
    const team = makeTeam();
    (team.spec as any).budget = { monthlyUsdCap: 9000 };
    const result = resolve({ team });
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'layer-invalid',
        item: 'budget.monthlyUsdCap',
      }),
    ]);
    expect(result.effective.budget.monthlyUsdCap?.value).toBe(5000);
  });
});

describe('resolveEffectiveConfig: resolution problems', () => {
  it('reports a missing base and still merges the layers', () => {
    const result = resolve({
      base: undefined,
      team: makeTeam({ permissions: { deny: ['Bash(rm -rf *)'] } }),
    });
    expect(rules(result)).toEqual(['base-missing']);
    expect(result.violations[0].message).toContain('org-base');
    expect(result.effective.layers).toEqual([TEAM]);
    expect(result.release).toBeUndefined();
  });

  it('reports a pin on a release that does not exist, using the latest instead', () => {
    const result = resolve({ team: makeTeam({ extends: 'org-base@2.9.0' }) });
    expect(rules(result)).toEqual(['base-release-unknown']);
    expect(result.release).toMatchObject({ version: '2.4.0', pinned: false });
    expect(result.effective.layers[0]).toBe('base@2.4.0');
  });

  it('reports a withdrawn release but still shows what it contains', () => {
    const result = resolve({ team: makeTeam({ extends: 'org-base@2.2.0' }) });
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'base-release-withdrawn',
        severity: 'error',
        message: expect.stringContaining('move to org-base@2.4.0'),
      }),
    ]);
    expect(result.release).toMatchObject({
      version: '2.2.0',
      withdrawn: true,
      pinned: true,
    });
  });

  it('warns about a deprecated release', () => {
    const result = resolve({ team: makeTeam({ extends: 'org-base@2.1.0' }) });
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'base-release-deprecated',
        severity: 'warning',
      }),
    ]);
    expect(result.ok).toBe(true);
  });

  it('reports a malformed pin', () => {
    const result = resolve({ team: makeTeam({ extends: 'org-base@^2.3' }) });
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'extends-malformed',
        item: 'org-base@^2.3',
        layer: TEAM,
      }),
    ]);
  });

  it('reports a missing pin', () => {
    const result = resolve({ repo: makeRepo() });
    expect(rules(result)).toEqual(['extends-missing']);
  });

  it('prefers the pin of the context files and warns when the configs differ', () => {
    const result = resolve({
      team: makeTeam({ extends: 'org-base@2.3.0' }),
      repo: makeRepo(),
      pin: 'org-base@2.4.0',
    });
    expect(result.pin).toEqual({ ref: 'org-base@2.4.0', source: 'input' });
    expect(result.release?.version).toBe('2.4.0');
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'extends-differs',
        severity: 'warning',
        layer: REPO,
      }),
    ]);
  });

  it('reports a pin on another base', () => {
    const result = resolve({ team: makeTeam({ extends: 'other-base@1.0.0' }) });
    expect(rules(result)).toEqual(['base-mismatch']);
  });

  it('reports a base that is not level base', () => {
    const result = resolve({ base: makeTeam() });
    expect(rules(result)).toEqual(['base-invalid']);
  });

  it('survives configs of the wrong shape', () => {
    const team = makeTeam() as any;
    team.spec.permissions = 'everything';
    team.spec.skills = 'code-review';
    team.spec.mcpServers = [42];
    team.spec.exceptions = [{ target: 'x' }];
    const base = makeBase();
    (base.spec.releases[2] as any).config = { permissions: { deny: 'all' } };
    const result = resolve({ base, team: team as AgentConfigEntity });
    expect(rules(result)).toEqual([
      'layer-invalid',
      'layer-invalid',
      'layer-invalid',
      'layer-invalid',
      'exception-invalid',
    ]);
    expect(result.effective.permissions.deny).toEqual([]);
  });

  it('resolves a base alone at its latest release', () => {
    const result = resolve({});
    expect(result.violations).toEqual([]);
    expect(result.release?.version).toBe('2.4.0');
    expect(result.pin).toBeUndefined();
  });
});
