import { resolveBaseRelease } from './resolveBaseRelease';
import { makeBase, makeRepo, makeTeam } from './__testUtils__/fixtures';

describe('resolveBaseRelease', () => {
  it('takes the pin of the context files, then the repo, then the team', () => {
    const team = makeTeam({ extends: 'org-base@2.3.0' });
    const repo = makeRepo({ extends: 'org-base@2.3.1' });
    expect(resolveBaseRelease({ base: makeBase(), team, repo }).pin).toEqual({
      ref: 'org-base@2.3.1',
      source: 'repo',
    });
    expect(resolveBaseRelease({ base: makeBase(), team }).pin?.source).toBe(
      'team',
    );
    const withInput = resolveBaseRelease({
      base: makeBase(),
      team,
      repo,
      pin: 'org-base@2.4.0',
    });
    expect(withInput.release?.version).toBe('2.4.0');
    expect(
      withInput.violations.map(v => [v.rule, v.conflictsWith?.item]),
    ).toEqual([
      ['extends-differs', 'org-base@2.3.1'],
      ['extends-differs', 'org-base@2.3.0'],
    ]);
  });

  it('names the release that stands in for an unusable pin', () => {
    const result = resolveBaseRelease({ base: makeBase(), repo: makeRepo() });
    expect(result.violations[0].message).toContain(
      'The latest release 2.4.0 stands in.',
    );
    expect(result.release).toMatchObject({ version: '2.4.0', pinned: false });
    expect(result.layer?.id).toBe('base@2.4.0');
  });

  it('reports a non-string extends as malformed', () => {
    const team = makeTeam();
    (team.spec as any).extends = 2.3;
    const result = resolveBaseRelease({ base: makeBase(), team });
    expect(result.violations.map(v => v.rule)).toEqual(['extends-malformed']);
  });

  it('reports releases without an exact version', () => {
    const base = makeBase();
    (base.spec as any).releases.push({ version: 'next', config: {} });
    const result = resolveBaseRelease({ base, team: makeTeam() });
    expect(result.violations.map(v => [v.rule, v.item])).toEqual([
      ['layer-invalid', 'releases'],
    ]);
  });
});
