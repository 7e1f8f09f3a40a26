import type { AgentConfigEntity, SkillEntity } from '../model';
import {
  makeBase,
  makeRepo,
  makeTeam,
  NOW,
  SERVERS,
  SKILLS,
} from '../inheritance/__testUtils__/fixtures';
import type { PlatformEntityLike } from '../inheritance/platformIndex';
import { resolveSelection, selectLayers } from '../inheritance/selectLayers';
import { effectiveMonthlyBudget } from '../spend/report';
import { PlatformSnapshot } from './PlatformSnapshot';

const component = (name: string, owner: string): PlatformEntityLike => ({
  kind: 'Component',
  metadata: { name },
  spec: { owner: `group:default/${owner}` },
});
const group = (name: string): PlatformEntityLike => ({
  kind: 'Group',
  metadata: { name },
});
const observed = (name: string, pin: string, owner: string) =>
  makeRepo(
    {
      owner: `group:default/${owner}`,
      component: `component:default/${name}`,
      extends: pin,
      observed: { files: ['CLAUDE.md'], mcpServers: [] },
    } as never,
    `${name}-repo-config`,
  );
const team = (name: string, pin: string, extra: object = {}) =>
  makeTeam(
    { owner: `group:default/${name}`, extends: pin, ...extra } as never,
    `${name}-agent-config`,
  );

interface World {
  configs: AgentConfigEntity[];
  skills: SkillEntity[];
  components: PlatformEntityLike[];
  groups: PlatformEntityLike[];
}

function world(): World {
  return {
    configs: [
      makeBase(),
      team('payments', 'org-base@2.3.0', {
        skills: ['airesource:default/pci-checklist'],
      }),
      team('search', 'org-base@2.4.0'),
      team('mobile', 'org-base@2.1.0'),
      observed('checkout', 'org-base@2.3.1', 'payments'),
      observed('ledger', 'org-base@2.3.0', 'payments'),
      observed('indexer', 'org-base@2.4.0', 'search'),
    ],
    skills: [...SKILLS],
    components: [
      component('checkout', 'payments'),
      component('ledger', 'payments'),
      component('indexer', 'search'),
      component('app', 'mobile'),
    ],
    groups: ['payments', 'search', 'mobile', 'platform'].map(group),
  };
}

const build = (w: World) =>
  PlatformSnapshot.build(
    {
      configs: w.configs,
      skills: w.skills,
      mcpServers: SERVERS,
      components: w.components,
      groups: w.groups,
    },
    NOW,
  );

const replace = <T extends { metadata: { name: string } }>(
  list: T[],
  entity: T,
) => [...list.filter(e => e.metadata.name !== entity.metadata.name), entity];

describe('PlatformSnapshot', () => {
  it('computes each team, its repositories and release adoption', () => {
    const snapshot = build(world());
    const { overview } = snapshot;
    expect(overview.teams.map(t => [t.team, t.pin])).toEqual([
      ['group:default/mobile', 'org-base@2.1.0'],
      ['group:default/payments', 'org-base@2.3.0'],
      ['group:default/search', 'org-base@2.4.0'],
    ]);
    expect(
      snapshot.team('group:default/payments')?.repos.map(r => r.pin),
    ).toEqual(['org-base@2.3.1', 'org-base@2.3.0']);
    // Each team names the release row its pin counts towards.
    expect(overview.teams.map(t => t.pinnedVersion)).toEqual([
      '2.1.0',
      '2.3.0',
      '2.4.0',
    ]);
    const r230 = overview.releases.find(r => r.version === '2.3.0');
    expect(r230?.teams).toEqual(['airesource:default/payments-agent-config']);
    expect(r230?.repos).toEqual(['component:default/ledger']);
    expect(snapshot.usage('airesource:default/pci-checklist')).toEqual({
      ref: 'airesource:default/pci-checklist',
      teams: ['group:default/payments'],
      viaBase: [],
      repos: [],
    });
    // The base lists code-review: every team gets it through its release.
    expect(snapshot.usage('airesource:default/code-review').viaBase).toEqual([
      'group:default/mobile',
      'group:default/payments',
      'group:default/search',
    ]);
    expect(overview.totals).toMatchObject({ teams: 3, repos: 4 });
    const releases = snapshot.releases('org-base')!;
    expect(releases.map(r => r.version)).toEqual([
      '2.5.0',
      '2.4.0',
      '2.3.1',
      '2.3.0',
      '2.2.0',
      '2.1.0',
    ]);
    expect(releases.find(r => r.latest)?.version).toBe('2.4.0');
    expect(releases.find(r => r.version === '2.3.1')).toMatchObject({
      previous: '2.3.0',
      security: true,
      notes: 'Denies reading secrets.',
      teams: [],
      repos: ['component:default/checkout'],
    });
    expect(snapshot.releases('no-such-base')).toBeUndefined();
  });

  // Each step changes the world, applies the change, and compares with a
  // snapshot built from scratch on the changed world.
  const steps: Array<{
    name: string;
    change: (w: World) => { upserted: PlatformEntityLike[]; removed: string[] };
  }> = [
    {
      name: 'a team moves to another release',
      change: w => {
        const changed = team('search', 'org-base@2.3.1');
        w.configs = replace(w.configs, changed);
        return { upserted: [changed], removed: [] };
      },
    },
    {
      name: 'a repository changes hands',
      change: w => {
        // The catalog module re-reads the repository for its new owner.
        const moved = component('ledger', 'search');
        const config = observed('ledger', 'org-base@2.3.0', 'search');
        w.components = replace(w.components, moved);
        w.configs = replace(w.configs, config);
        return { upserted: [moved, config], removed: [] };
      },
    },
    {
      name: 'a repository pins a new release',
      change: w => {
        const repo = observed('app', 'org-base@2.4.0', 'mobile');
        w.configs = replace(w.configs, repo);
        return { upserted: [repo], removed: [] };
      },
    },
    {
      name: 'a skill is deprecated',
      change: w => {
        const old = w.skills.find(s => s.metadata.name === 'code-review')!;
        const deprecated = {
          ...old,
          spec: { ...old.spec, lifecycle: 'deprecated' },
        } as SkillEntity;
        w.skills = replace(w.skills, deprecated);
        return { upserted: [deprecated as never], removed: [] };
      },
    },
    {
      name: 'a team config and a component are removed',
      change: w => {
        w.configs = w.configs.filter(
          c => c.metadata.name !== 'mobile-agent-config',
        );
        w.components = w.components.filter(c => c.metadata.name !== 'indexer');
        return {
          upserted: [],
          removed: [
            'airesource:default/mobile-agent-config',
            'component:default/indexer',
          ],
        };
      },
    },
    {
      name: 'a new team arrives',
      change: w => {
        const data = team('data', 'org-base@2.4.0', {
          skills: ['airesource:default/pci-checklist'],
        });
        const g = group('data');
        const c = component('warehouse', 'data');
        w.configs = [...w.configs, data];
        w.groups = [...w.groups, g];
        w.components = [...w.components, c];
        return { upserted: [data, g, c], removed: [] };
      },
    },
    {
      name: 'the base publishes a release',
      change: w => {
        const base = makeBase([
          ...(makeBase().spec.releases ?? []),
          {
            version: '2.6.0',
            date: '2026-11-19',
            config: makeBase().spec.releases[0].config,
          },
        ] as never);
        w.configs = replace(w.configs, base);
        return { upserted: [base], removed: [] };
      },
    },
  ];

  it('applies each change exactly as a rebuild would', () => {
    const w = world();
    const snapshot = build(w);
    for (const step of steps) {
      const change = step.change(w);
      snapshot.apply(change, NOW);
      expect({ step: step.name, overview: snapshot.overview }).toEqual({
        step: step.name,
        overview: build(w).overview,
      });
    }
  });

  it("keeps each team's budget as the Group's own resolution gives it, through changes", () => {
    const w = world();
    w.configs = replace(
      w.configs,
      team('payments', 'org-base@2.3.0', { budget: { monthlyUsd: 4000 } }),
    );
    // Above the base's cap (5000): the base's cap applies.
    w.configs = replace(
      w.configs,
      team('search', 'org-base@2.4.0', { budget: { monthlyUsd: 9000 } }),
    );
    const snapshot = build(w);
    const resolved = (built: PlatformSnapshot, name: string) => {
      const selection = selectLayers(built.index, {
        kind: 'Group',
        metadata: { name, namespace: 'default' },
      });
      if (!selection.ok) return undefined;
      const resolution = resolveSelection(built.index, selection, NOW);
      return effectiveMonthlyBudget(
        resolution.effective.budget,
        resolution.configs,
      );
    };
    const groups = ['payments', 'search', 'mobile', 'platform'];
    expect(groups.map(g => snapshot.teamBudget(`group:default/${g}`))).toEqual([
      { monthlyUsd: 4000, source: 'airesource:default/payments-agent-config' },
      { monthlyUsd: 5000, source: 'airesource:default/org-base' },
      { monthlyUsd: null, source: null },
      undefined,
    ]);
    for (const g of groups) {
      expect(snapshot.teamBudget(`group:default/${g}`)).toEqual(
        resolved(snapshot, g),
      );
    }
    // After a change, the changed team's budget.
    const mobile = team('mobile', 'org-base@2.1.0', {
      budget: { monthlyUsd: 1200 },
    });
    w.configs = replace(w.configs, mobile);
    snapshot.apply({ upserted: [mobile], removed: [] }, NOW);
    expect(snapshot.teamBudget('group:default/mobile')).toEqual({
      monthlyUsd: 1200,
      source: 'airesource:default/mobile-agent-config',
    });
    expect(snapshot.teamBudget('Group:default/Mobile')).toEqual(
      resolved(snapshot, 'mobile'),
    );
  });

  it('names the owner of each deprecated skill still in use', () => {
    const w = world();
    const deprecated = steps.find(s => s.name === 'a skill is deprecated')!;
    deprecated.change(w);
    expect(build(w).overview.deprecated.skills).toEqual([
      {
        ref: 'airesource:default/code-review',
        owner: 'group:default/platform',
        usedBy: [
          'airesource:default/mobile-agent-config',
          'airesource:default/payments-agent-config',
          'airesource:default/search-agent-config',
        ],
      },
    ]);
  });

  it('recomputes only the teams a change touches', () => {
    const w = world();
    const snapshot = build(w);
    const changed = team('search', 'org-base@2.3.1');
    expect(snapshot.apply({ upserted: [changed], removed: [] }, NOW)).toBe(1);
    const moved = component('ledger', 'search');
    const config = observed('ledger', 'org-base@2.3.0', 'search');
    // The repository leaves payments and joins search: two teams.
    expect(
      snapshot.apply({ upserted: [moved, config], removed: [] }, NOW),
    ).toBe(2);
  });
});
