import { layerId, readBaseReleaseLayer, readConfigLayer } from './layers';
import {
  makeBase,
  makeRepo,
  makeTeam,
  release,
} from './__testUtils__/fixtures';

describe('layers', () => {
  it('names layers', () => {
    expect(layerId('base', '2.3.0')).toBe('base@2.3.0');
    expect(layerId('team', 'payments-agent-config')).toBe(
      'team:payments-agent-config',
    );
    expect(layerId('repo', 'x')).toBe('repo:x');
  });

  it('reads a base release', () => {
    const { layer, issues } = readBaseReleaseLayer(
      makeBase(),
      release('2.3.0'),
    );
    expect(issues).toEqual([]);
    expect(layer).toMatchObject({
      id: 'base@2.3.0',
      level: 'base',
      entityRef: 'airesource:default/org-base',
      content: {
        budget: { monthlyUsdCap: 5000 },
        skills: ['airesource:default/code-review'],
      },
    });
  });

  it('reports a config used at the wrong level and trims values', () => {
    const { layer, issues } = readConfigLayer(
      makeTeam({ skills: ['  code-review '] }),
      'repo',
    );
    expect(issues.map(i => i.item)).toEqual(['level']);
    expect(layer.id).toBe('repo:payments-agent-config');
    expect(layer.content.skills).toEqual(['code-review']);
  });

  it('reads exceptions and rejects a negative budget', () => {
    const { layer, issues } = readConfigLayer(
      makeRepo({
        budget: { monthlyUsd: -5 },
        exceptions: [
          {
            target: 'Bash(x)',
            reason: 'r',
            approvedBy: 'u',
            until: '2027-01-01',
          },
        ],
      }),
      'repo',
    );
    expect(layer.exceptions).toHaveLength(1);
    expect(layer.content.budget).toEqual({});
    expect(issues.map(i => [i.rule, i.item])).toEqual([
      ['layer-invalid', 'budget.monthlyUsd'],
    ]);
  });
});
