import { resolve, rules, TEAM, REPO } from './__testUtils__/resolve';
import { makeBase, makeRepo, makeTeam } from './__testUtils__/fixtures';
import type { AgentConfigEntity } from '../model';

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
