import type { RuleEntity, SubagentEntity } from '../model';
import {
  makeBase,
  makeTeam,
  NOW,
  SERVERS,
  SKILLS,
} from './__testUtils__/fixtures';
import { agentAssetsOf, checkAssetTools } from './agentAssets';
import { createPlatformIndex, PlatformEntityLike } from './platformIndex';
import { resolveSelection, selectLayers } from './selectLayers';
import { PlatformSnapshot } from '../snapshot/PlatformSnapshot';

const component = (name: string, owner: string): PlatformEntityLike => ({
  kind: 'Component',
  metadata: { name },
  spec: { owner },
});

const subagent = (
  name: string,
  spec: Partial<SubagentEntity['spec']>,
): SubagentEntity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name, title: name },
  spec: {
    type: 'subagent',
    lifecycle: 'production',
    owner: 'group:default/platform',
    scope: 'org',
    ...spec,
  },
});

const rule = (name: string, spec: Partial<RuleEntity['spec']>): RuleEntity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name },
  spec: {
    type: 'rule',
    lifecycle: 'production',
    owner: 'group:default/platform',
    category: 'instructions',
    rationale: 'Why.',
    ...spec,
  },
});

const ASSETS = [
  subagent('code-reviewer', {
    version: '1.2.0',
    tools: ['Read', 'Grep', 'Bash(curl *)', 'Bash(git push *)', 'Bash'],
  }),
  subagent('pci-auditor', {
    owner: 'group:default/payments',
    scope: 'team',
    tools: ['Read(./secrets/**)'],
  }),
  subagent('other-team-agent', { owner: 'group:default/web', scope: 'team' }),
  subagent('checkout-helper', {
    owner: 'group:default/payments',
    scope: 'repo',
    component: 'component:default/checkout-api',
  }),
  rule('api-errors', { paths: ['src/api/**'], scope: 'org' }),
  rule('cart-rule', { scope: 'repo', component: 'component:default/cart' }),
];

function indexOf() {
  return createPlatformIndex({
    configs: [makeBase(), makeTeam({ extends: 'org-base@2.3.0' })],
    skills: SKILLS,
    mcpServers: SERVERS,
    components: [
      component('checkout-api', 'payments'),
      component('cart', 'web'),
    ],
    agentAssets: ASSETS,
  });
}

function assetsFor(
  index: ReturnType<typeof indexOf>,
  target: PlatformEntityLike,
) {
  const selection = selectLayers(index, target);
  if (!selection.ok) throw new Error(selection.message);
  return agentAssetsOf(index, resolveSelection(index, selection, NOW));
}

describe('checkAssetTools', () => {
  it('reads each tool against deny, then ask rules, naming the deciding rule', () => {
    const permissions = {
      allow: [],
      ask: [
        { rule: 'Bash(git push *)', key: 'a', layer: 'base@2.3.0', alsoIn: [] },
      ],
      deny: [
        { rule: 'Bash(curl *)', key: 'd', layer: 'base@2.3.0', alsoIn: [] },
      ],
    };
    expect(
      checkAssetTools(
        [
          'Read',
          'Bash(curl https://x)',
          'Bash',
          'Bash(git push origin)',
          'Bash((',
        ],
        permissions,
      ),
    ).toEqual([
      { tool: 'Read', access: 'allowed' },
      {
        tool: 'Bash(curl https://x)',
        access: 'denied',
        rule: { rule: 'Bash(curl *)', layer: 'base@2.3.0' },
      },
      {
        tool: 'Bash',
        access: 'partly-denied',
        rule: { rule: 'Bash(curl *)', layer: 'base@2.3.0' },
      },
      {
        tool: 'Bash(git push origin)',
        access: 'ask',
        rule: { rule: 'Bash(git push *)', layer: 'base@2.3.0' },
      },
      { tool: 'Bash((', access: 'invalid' },
    ]);
    expect(checkAssetTools(undefined, permissions)).toEqual([]);
  });
});

describe('agentAssetsOf', () => {
  it("gives a team the org's, its own and its repositories' assets, with denied tools as violations", () => {
    const assets = assetsFor(indexOf(), {
      kind: 'Group',
      metadata: { name: 'payments' },
    });
    expect(assets.target).toBe('group:default/payments');
    expect(assets.subagents.map(s => [s.ref, s.source])).toEqual([
      ['airesource:default/checkout-helper', 'repo'],
      ['airesource:default/code-reviewer', 'org'],
      ['airesource:default/pci-auditor', 'team'],
    ]);
    expect(assets.rules.map(r => [r.ref, r.source, r.paths])).toEqual([
      ['airesource:default/api-errors', 'org', ['src/api/**']],
    ]);
    const reviewer = assets.subagents.find(s => s.title === 'code-reviewer')!;
    expect(reviewer.version).toBe('1.2.0');
    // Read: the base denies Read(./.env) and Read(./secrets/**), so only some reads pass.
    expect(reviewer.tools?.map(t => t.access)).toEqual([
      'partly-denied',
      'allowed',
      'denied',
      'ask',
      'partly-denied',
    ]);
    expect(assets.violations.map(v => [v.asset, v.item, v.severity])).toEqual([
      ['airesource:default/code-reviewer', 'Bash(curl *)', 'warning'],
      ['airesource:default/pci-auditor', 'Read(./secrets/**)', 'error'],
    ]);
    expect(assets.violations[1].conflictsWith).toEqual({
      item: 'Read(./secrets/**)',
      layer: 'base@2.3.0',
    });
    // Skills of the effective config, from the base release.
    expect(assets.skills.map(s => [s.ref, s.source, s.layer])).toEqual([
      ['airesource:default/code-review', 'org', 'base@2.3.0'],
    ]);
  });

  it("gives a repository only its own repo assets and its team's", () => {
    const assets = assetsFor(indexOf(), component('checkout-api', 'payments'));
    expect(assets.subagents.map(s => s.ref)).toEqual([
      'airesource:default/checkout-helper',
      'airesource:default/code-reviewer',
      'airesource:default/pci-auditor',
    ]);
  });

  it('follows subagent and rule changes through the snapshot', () => {
    const snapshot = PlatformSnapshot.build(
      {
        configs: [makeBase(), makeTeam({ extends: 'org-base@2.3.0' })],
        skills: SKILLS,
        mcpServers: SERVERS,
        components: [component('checkout-api', 'payments')],
        agentAssets: [],
      },
      NOW,
    );
    snapshot.apply({ upserted: [ASSETS[0], ASSETS[4]], removed: [] }, NOW);
    expect([...snapshot.index.agentAssets.keys()]).toEqual([
      'airesource:default/code-reviewer',
      'airesource:default/api-errors',
    ]);
    snapshot.apply(
      { upserted: [], removed: ['airesource:default/api-errors'] },
      NOW,
    );
    expect([...snapshot.index.agentAssets.keys()]).toEqual([
      'airesource:default/code-reviewer',
    ]);
  });

  it("stores a team's and the org's subagent violations with the team's row, and follows subagent changes", () => {
    const web = makeTeam(
      { owner: 'group:default/web', extends: 'org-base@2.3.0' },
      'web-agent-config',
    );
    const snapshot = PlatformSnapshot.build(
      {
        configs: [makeBase(), makeTeam({ extends: 'org-base@2.3.0' }), web],
        skills: SKILLS,
        mcpServers: SERVERS,
        components: [component('checkout-api', 'payments')],
        agentAssets: ASSETS,
      },
      NOW,
    );
    const subagentRows = (team: string) =>
      snapshot
        .team(team)!
        .violations.filter(v => v.rule === 'subagent-tool-denied')
        .map(v => [v.item, v.severity, v.layer]);
    expect(subagentRows('group:default/payments')).toEqual([
      ['Bash(curl *)', 'warning', 'team:payments-agent-config'],
      ['Read(./secrets/**)', 'error', 'team:payments-agent-config'],
    ]);
    const payments = snapshot.team('group:default/payments')!;
    expect(payments.ok).toBe(false);
    expect(payments.violations[payments.violations.length - 1].message).toBe(
      'The subagent airesource:default/pci-auditor lists Read(./secrets/**), which the deny rule Read(./secrets/**) (base@2.3.0) refuses: the subagent cannot use it for this team',
    );
    // web sees only the org subagent; the repository's own is not a team's.
    expect(subagentRows('group:default/web')).toEqual([
      ['Bash(curl *)', 'warning', 'team:web-agent-config'],
    ]);
    expect(snapshot.team('group:default/web')!.ok).toBe(true);
    expect(snapshot.overview.totals.teamsWithErrors).toBe(1);

    // The team's subagent drops the denied tool: its row is recomputed.
    snapshot.apply(
      {
        upserted: [
          subagent('pci-auditor', {
            owner: 'group:default/payments',
            scope: 'team',
            tools: ['Read'],
          }),
        ],
        removed: [],
      },
      NOW,
    );
    expect(subagentRows('group:default/payments')).toEqual([
      ['Bash(curl *)', 'warning', 'team:payments-agent-config'],
    ]);
    expect(snapshot.team('group:default/payments')!.ok).toBe(true);
    expect(snapshot.overview.totals.teamsWithErrors).toBe(0);

    // The org subagent is removed: every team's warning goes.
    snapshot.apply(
      { upserted: [], removed: ['airesource:default/code-reviewer'] },
      NOW,
    );
    expect(subagentRows('group:default/payments')).toEqual([]);
    expect(subagentRows('group:default/web')).toEqual([]);
  });
});
