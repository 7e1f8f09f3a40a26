import type { AgentConfigEntity } from '../model';
import {
  exception,
  makeBase,
  makeRepo,
  makeTeam,
  NOW,
  SERVERS,
  SKILLS,
} from './__testUtils__/fixtures';
import { buildPlatformOverview } from '../snapshot/buildPlatformOverview';
import { approvedAssetsOf, isApprovedSkill } from './approvedAssets';
import {
  createPlatformIndex,
  isObservedRepoConfig,
  PlatformEntityLike,
} from './platformIndex';
import { resolveSelection, selectLayers } from './selectLayers';

const component = (
  name: string,
  owner: string,
  annotations?: Record<string, string>,
): PlatformEntityLike => ({
  kind: 'Component',
  metadata: { name, ...(annotations ? { annotations } : {}) },
  spec: { owner },
});

const observed = (componentName: string, pin: string, owner = 'payments') =>
  makeRepo(
    {
      owner: `group:default/${owner}`,
      component: `component:default/${componentName}`,
      extends: pin,
      observed: { files: ['CLAUDE.md'], mcpServers: [] },
    } as never,
    `${componentName}-repo-config`,
  );

const group = (name: string): PlatformEntityLike => ({
  kind: 'Group',
  metadata: { name },
});

function indexOf(
  configs: AgentConfigEntity[],
  components: PlatformEntityLike[] = [],
) {
  return createPlatformIndex({
    configs: [makeBase(), ...configs],
    skills: SKILLS,
    mcpServers: SERVERS,
    components,
  });
}

describe('resolveSelection', () => {
  it("carries where the repository's pin stands and each server's declared tools", () => {
    const tools = [
      { name: 'create_issue', access: 'write', scopes: ['issues'] },
      { name: 'delete_repo', access: 'destructive' },
    ];
    const servers = SERVERS.map(s =>
      s.metadata.name === 'github'
        ? ({ ...s, spec: { ...s.spec, tools } } as typeof s)
        : s,
    );
    const repo = makeRepo(
      {
        extends: 'org-base@2.3.0',
        observed: {
          files: ['CLAUDE.md'],
          mcpServers: [],
          pin: {
            file: 'CLAUDE.md',
            line: 3,
            base: 'org-base',
            version: '2.3.0',
          },
        },
      } as never,
      'checkout-api-repo-config',
    );
    // A repo config written in the catalog, and the one read from the repository.
    const declared = makeRepo(
      {
        extends: 'org-base@2.3.0',
        permissions: { allow: [], ask: [], deny: ['mcp__github__delete_repo'] },
      } as never,
      'checkout-api',
    );
    const index = createPlatformIndex({
      configs: [
        makeBase(),
        makeTeam({ extends: 'org-base@2.3.0' }),
        declared,
        repo,
      ],
      skills: SKILLS,
      mcpServers: servers,
      components: [component('checkout-api', 'payments')],
    });
    const selection = selectLayers(
      index,
      component('checkout-api', 'payments'),
    );
    const resolved = resolveSelection(index, selection as never, NOW);
    expect(resolved.pinLocation).toEqual({ file: 'CLAUDE.md', line: 3 });
    // Each tool with what the effective rules leave of it: the repo denies delete_repo.
    expect(resolved.serverTools).toEqual({
      'api:default/github': [
        { ...tools[0], callable: 'allowed' },
        {
          ...tools[1],
          callable: 'denied',
          decidedBy: {
            rule: 'mcp__github__delete_repo',
            layer: expect.stringMatching(/^repo:/),
          },
        },
      ],
    });
  });
});

describe('selectLayers', () => {
  const payments = makeTeam({ extends: 'org-base@2.3.0' });

  it('gives a Group its team config on the pinned base', () => {
    const selection = selectLayers(indexOf([payments]), group('payments'));
    expect(selection).toMatchObject({
      ok: true,
      target: 'group:default/payments',
      team: payments,
    });
    expect(selection.ok && selection.base?.metadata.name).toBe('org-base');
  });

  it('gives a Component its owner team, and the pin its repository holds', () => {
    const repo = observed('checkout-api', 'org-base@2.4.0');
    const index = indexOf(
      [payments, repo],
      [component('checkout-api', 'payments')],
    );
    const selection = selectLayers(
      index,
      component('checkout-api', 'payments'),
    );
    expect(selection).toMatchObject({
      ok: true,
      team: payments,
      repo,
      observed: repo,
    });
    const resolved = resolveSelection(index, selection as never, NOW);
    expect(resolved.pin).toEqual({ ref: 'org-base@2.4.0', source: 'repo' });
    expect(resolved.configs).toEqual({
      base: 'airesource:default/org-base',
      team: 'airesource:default/payments-agent-config',
      repo: 'airesource:default/checkout-api-repo-config',
    });
    expect(resolved.violations.map(v => v.rule)).toEqual(['extends-differs']);
    expect(resolved.drift).toMatchObject({
      pinned: 'org-base@2.4.0',
      releasesBehind: 0,
    });
  });

  it('prefers a written repo config and applies the observed pin over it', () => {
    const written = makeRepo({ extends: 'org-base@2.3.0' });
    const seen = observed('checkout-api', 'org-base@2.3.1');
    const index = indexOf([payments, written, seen]);
    const selection = selectLayers(
      index,
      component('checkout-api', 'payments'),
    );
    expect(selection).toMatchObject({
      ok: true,
      repo: written,
      pin: 'org-base@2.3.1',
    });
    expect(
      resolveSelection(index, selection as never, NOW).release?.version,
    ).toBe('2.3.1');
  });

  it('follows the annotation to a team or repo config', () => {
    const index = indexOf([payments, makeTeam({}, 'other-agent-config')]);
    expect(
      selectLayers(
        index,
        component('x', 'search', {
          'agent-platform.io/agent-config':
            'airesource:default/payments-agent-config',
        }),
      ),
    ).toMatchObject({ ok: true, team: payments });
  });

  it('explains what it cannot choose', () => {
    const twin = makeTeam({}, 'payments-2-agent-config');
    const index = indexOf([payments, twin]);
    expect(selectLayers(index, group('payments'))).toMatchObject({
      ok: false,
      reason: 'conflict',
    });
    expect(selectLayers(index, group('search'))).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
    expect(
      selectLayers(
        index,
        component('x', 'search', {
          'agent-platform.io/agent-config': 'nope',
        }),
      ),
    ).toMatchObject({ ok: false, reason: 'not-found' });
    expect(
      selectLayers(index, { kind: 'System', metadata: { name: 's' } }),
    ).toMatchObject({ ok: false, reason: 'unsupported' });
  });

  it('tells observed repo configs from written ones', () => {
    expect(isObservedRepoConfig(observed('a', 'org-base@2.3.0'))).toBe(true);
    expect(isObservedRepoConfig(makeRepo())).toBe(false);
  });
});

describe('buildPlatformOverview', () => {
  const index = indexOf(
    [
      makeTeam({ extends: 'org-base@2.3.0' }),
      makeTeam(
        {
          owner: 'group:default/search',
          extends: 'org-base@2.1.0',
          skills: ['changelog'],
        },
        'search-agent-config',
      ),
      observed('checkout-api', 'org-base@2.3.0'),
      observed('ledger', 'org-base@2.1.0'),
      observed('indexer', 'org-base@2.1.0', 'search'),
    ],
    [
      component('checkout-api', 'payments'),
      component('ledger', 'payments'),
      component('indexer', 'search'),
      component('orphan', 'nobody'),
    ],
  );
  const overview = buildPlatformOverview(index, NOW);

  it('lists every team with its pin, drift, violations and repositories', () => {
    expect(
      overview.teams.map(t => [t.team, t.pin, t.drift?.releasesBehind]),
    ).toEqual([
      // Releases: 2.1.0 (deprecated), 2.2.0 and 2.5.0 (withdrawn), 2.3.0, 2.3.1, 2.4.0.
      ['group:default/payments', 'org-base@2.3.0', 2],
      ['group:default/search', 'org-base@2.1.0', 3],
    ]);
    const [payments, search] = overview.teams;
    expect(payments.repos).toEqual([
      {
        component: 'component:default/checkout-api',
        config: 'airesource:default/checkout-api-repo-config',
        pin: 'org-base@2.3.0',
        pinSource: 'repository',
      },
      {
        component: 'component:default/ledger',
        config: 'airesource:default/ledger-repo-config',
        pin: 'org-base@2.1.0',
        pinSource: 'repository',
      },
    ]);
    expect(payments.repoDrift.differing).toEqual([
      { repo: 'component:default/ledger', pin: 'org-base@2.1.0' },
    ]);
    // The base's routing (default, plan, background), each model once, sorted.
    expect(payments.routedModels).toEqual([
      'claude-haiku-4-5',
      'claude-opus-4-8',
      'claude-sonnet-4-6',
    ]);
    expect(search.violations.map(v => `${v.rule} ${v.item}`)).toEqual([
      'base-release-deprecated org-base@2.1.0',
      'skill-deprecated airesource:default/changelog',
    ]);
    expect(overview.totals).toEqual({
      teams: 2,
      repos: 3,
      teamsWithErrors: 0,
      teamsBehind: 2,
      teamsMissingSecurity: 2,
    });
  });

  it('counts teams and repositories per release and lists deprecated assets in use', () => {
    expect(
      overview.releases.map(r => [r.version, r.teams.length, r.repos.length]),
    ).toEqual([
      ['2.5.0', 0, 0],
      ['2.4.0', 0, 0],
      ['2.3.1', 0, 0],
      ['2.3.0', 1, 1],
      ['2.2.0', 0, 0],
      ['2.1.0', 1, 2],
    ]);
    expect(
      overview.deprecated.releases.map(r => [r.version, r.teams, r.repos]),
    ).toEqual([
      [
        '2.1.0',
        ['airesource:default/search-agent-config'],
        ['component:default/indexer', 'component:default/ledger'],
      ],
    ]);
    expect(overview.deprecated.skills).toEqual([
      {
        ref: 'airesource:default/changelog',
        owner: 'group:default/platform',
        replacedBy: 'airesource:default/release-notes',
        usedBy: ['airesource:default/search-agent-config'],
      },
    ]);
  });
});

describe('approved assets', () => {
  it('approves skills that are neither deprecated nor failing', () => {
    const [codeReview] = SKILLS;
    expect(isApprovedSkill(codeReview)).toBe(true);
    expect(
      isApprovedSkill({
        ...codeReview,
        spec: { ...codeReview.spec, evalStatus: 'pending' },
      }),
    ).toBe(true);
    expect(
      isApprovedSkill({
        ...codeReview,
        spec: { ...codeReview.spec, evalStatus: 'failing' },
      }),
    ).toBe(false);
    expect(
      isApprovedSkill({
        ...codeReview,
        spec: { ...codeReview.spec, lifecycle: 'deprecated' },
      }),
    ).toBe(false);
  });

  it('splits servers and skills into usable and excluded, with reasons', () => {
    const team = makeTeam({
      extends: 'org-base@2.4.0',
      skills: ['changelog', 'nowhere'],
      mcpServers: ['postgres-prod', 'scraper', 'jira'],
      permissions: { deny: ['mcp__jira'] },
      exceptions: [exception('api:default/postgres-prod', '2027-01-31')],
    });
    const index = indexOf([team]);
    const selection = selectLayers(index, group('payments'));
    const assets = approvedAssetsOf(
      index,
      resolveSelection(index, selection as never, NOW),
    );
    expect(assets.mcpServers.map(s => [s.name, s.exception?.until])).toEqual([
      ['github', undefined],
      ['postgres-prod', '2027-01-31'],
    ]);
    expect(assets.skills.map(s => s.ref)).toEqual([
      'airesource:default/code-review',
    ]);
    expect(assets.excluded).toEqual([
      { ref: 'api:default/scraper', reason: 'denied by the allowlist' },
      {
        ref: 'api:default/jira',
        reason:
          'switched off by the deny rule mcp__jira (team:payments-agent-config)',
      },
      {
        ref: 'airesource:default/changelog',
        reason: 'deprecated; use airesource:default/release-notes',
      },
      { ref: 'airesource:default/nowhere', reason: 'not in the catalog' },
    ]);
  });
});
