import { resolve, rules, TEAM, REPO } from './__testUtils__/resolve';
import { makeRepo, makeTeam } from './__testUtils__/fixtures';

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
