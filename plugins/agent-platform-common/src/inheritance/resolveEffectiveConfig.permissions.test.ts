import { resolve, rules, TEAM, REPO } from './__testUtils__/resolve';
import { makeRepo, makeTeam } from './__testUtils__/fixtures';

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
