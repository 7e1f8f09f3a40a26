import { checkLayer, findRemovedDenies } from './federation';
import { mergeLayers } from './merge';
import { ConfigLayer } from './types';

const layer = (
  id: string,
  level: ConfigLayer['level'],
  deny: string[],
  allow: string[] = [],
): ConfigLayer => ({
  id,
  level,
  content: {
    skills: [],
    mcpServers: [],
    permissions: { allow, ask: [], deny },
    modelRouting: {},
    budget: {},
  },
  exceptions: [],
});

describe('federation', () => {
  it('finds deny rules missing from a merge (the deny-removed safety net)', () => {
    const upstream = mergeLayers([
      layer('base@1.0.0', 'base', ['Read(./.env)', 'Bash(curl *)']),
    ]);
    const tampered = mergeLayers([
      layer('base@1.0.0', 'base', ['Bash(curl:*)']),
    ]);
    expect(findRemovedDenies(upstream, tampered).map(r => r.rule)).toEqual([
      'Read(./.env)',
    ]);
    const team = layer('team:t', 'team', []);
    const findings = checkLayer(team, upstream, tampered);
    expect(findings.map(f => [f.rule, f.item])).toEqual([
      ['deny-removed', 'Read(./.env)'],
    ]);
  });

  it('judges only what a layer adds', () => {
    const base = layer(
      'base@1.0.0',
      'base',
      ['Read(./.env)'],
      ['Read(./.env)'],
    );
    const upstream = mergeLayers([base]);
    const team = layer('team:t', 'team', [], ['Read(./.env)']);
    expect(checkLayer(team, upstream, mergeLayers([base, team]))).toEqual([]);
  });
});

describe('federation: rules that cannot work as written', () => {
  it('flags a Write(path) rule on the layer that declares it, base, team or repo', () => {
    const base = layer('base@1.0.0', 'base', [
      'Write(./db/migrations/applied/**)',
    ]);
    const team = layer('team:t', 'team', [], ['Write(./docs/**)']);
    const repo = layer('repo:r', 'repo', ['Edit(./db/migrations/applied/**)']);
    const atBase = mergeLayers([base]);
    const atTeam = mergeLayers([base, team]);
    const atRepo = mergeLayers([base, team, repo]);
    expect(
      checkLayer(base, mergeLayers([]), atBase).map(f => [
        f.rule,
        f.severity,
        f.layer,
        f.item,
      ]),
    ).toEqual([
      [
        'permission-rule-ineffective',
        'error',
        'base@1.0.0',
        'Write(./db/migrations/applied/**)',
      ],
    ]);
    expect(
      checkLayer(team, atBase, atTeam).map(f => [f.rule, f.severity, f.layer]),
    ).toEqual([['permission-rule-ineffective', 'warning', 'team:t']]);
    expect(checkLayer(repo, atTeam, atRepo)).toEqual([]);
    expect(checkLayer(base, mergeLayers([]), atBase)[0].message).toContain(
      'write Edit(db/migrations/applied/**)',
    );
  });
});
