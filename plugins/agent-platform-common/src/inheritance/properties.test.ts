import fc from 'fast-check';
import { gt as semverGt, compare as semverCompare } from 'semver';
import type { AgentConfigContent, PermissionMode } from '../model';
import { computeDrift } from './computeDrift';
import { mergeLayers, mergeOnto, permissionRuleKey } from './merge';
import {
  PERMISSION_MODE_STRICTNESS,
  permissionModeRank,
} from './permissionModes';
import {
  createResolutionCache,
  resolveEffectiveConfig,
} from './resolveEffectiveConfig';
import { ConfigLayer, LayerContent } from './types';
import {
  NOW,
  SERVERS,
  SKILLS,
  makeBase,
  makeRepo,
  makeTeam,
  release,
} from './__testUtils__/fixtures';

const ruleArb = fc.oneof(
  fc.constantFrom(
    'Bash',
    'Read',
    'Edit',
    'WebFetch',
    'mcp__github',
    'mcp__jira__create_issue',
    'mcp__jira__*',
  ),
  fc
    .constantFrom(
      'curl *',
      'curl:*',
      'curl https://x',
      'git push *',
      'git *',
      'npm run test *',
      'rm -rf *',
      'ls',
      '* evil.com',
    )
    .map(spec => `Bash(${spec})`),
  fc
    .tuple(
      fc.constantFrom('Read', 'Edit'),
      fc.constantFrom(
        './.env',
        './secrets/**',
        '.env',
        '**/*.key',
        '//etc/**',
        '~/.ssh/**',
        './src/**',
        '/secrets/*',
      ),
    )
    .map(([tool, spec]) => `${tool}(${spec})`),
  fc
    .constantFrom('domain:*.example.com', 'domain:api.example.com', 'domain:*')
    .map(spec => `WebFetch(${spec})`),
);
const rulesArb = fc.array(ruleArb, { maxLength: 4 });
const modeArb = fc.constantFrom(...PERMISSION_MODE_STRICTNESS);
const activeSkills = [
  'code-review',
  'incident-triage',
  'pci-checklist',
  'release-notes',
].map(n => `airesource:default/${n}`);
const approvedServers = ['api:default/github', 'api:default/jira'];

/** Any layer content, loosening or not. */
const anyContentArb: fc.Arbitrary<LayerContent> = fc.record({
  skills: fc.subarray([
    ...activeSkills,
    'airesource:default/changelog',
    'airesource:default/ghost',
  ]),
  mcpServers: fc.subarray([
    ...approvedServers,
    'api:default/postgres-prod',
    'api:default/scraper',
  ]),
  permissions: fc.record({
    defaultMode: fc.option(modeArb, { nil: undefined }),
    allow: rulesArb,
    ask: rulesArb,
    deny: rulesArb,
  }),
  modelRouting: fc.dictionary(
    fc.constantFrom('default', 'plan', 'background'),
    fc.constantFrom('m1', 'm2'),
  ),
  budget: fc.record({
    monthlyUsd: fc.option(fc.integer({ min: 0, max: 9000 }), {
      nil: undefined,
    }),
  }),
});

const baseContentArb: fc.Arbitrary<AgentConfigContent> = fc.record({
  skills: fc.subarray(activeSkills),
  mcpServers: fc.subarray(approvedServers),
  permissions: fc.record({
    defaultMode: modeArb,
    allow: rulesArb,
    ask: rulesArb,
    deny: rulesArb,
  }),
  modelRouting: fc.dictionary(
    fc.constantFrom('default', 'plan'),
    fc.constantFrom('m1', 'm2'),
  ),
  budget: fc.record({
    monthlyUsdCap: fc.option(fc.integer({ min: 0, max: 9000 }), {
      nil: undefined,
    }),
  }),
});

const toLayer = (
  id: string,
  level: ConfigLayer['level'],
  content: LayerContent,
): ConfigLayer => ({
  id,
  level,
  content,
  exceptions: [],
});

const baseLayer = (config: AgentConfigContent): ConfigLayer =>
  toLayer('base@1.0.0', 'base', {
    skills: config.skills ?? [],
    mcpServers: config.mcpServers ?? [],
    permissions: {
      defaultMode: config.permissions?.defaultMode,
      allow: config.permissions?.allow ?? [],
      ask: config.permissions?.ask ?? [],
      deny: config.permissions?.deny ?? [],
    },
    modelRouting: (config.modelRouting ?? {}) as Record<string, string>,
    budget: { monthlyUsdCap: config.budget?.monthlyUsdCap },
  });

interface Upstream {
  denyKeys: Set<string>;
  skills: string[];
  servers: string[];
  mode: PermissionMode;
  budget?: number;
}

/** A layer that only tightens relative to `upstream`. */
const tighteningArb = (up: Upstream) =>
  fc.record({
    skills: fc.subarray(up.skills),
    mcpServers: fc.subarray(up.servers),
    permissions: fc.record({
      defaultMode: fc.option(
        fc.constantFrom(
          ...PERMISSION_MODE_STRICTNESS.filter(
            m =>
              m !== 'bypassPermissions' &&
              permissionModeRank(m)! <= permissionModeRank(up.mode)!,
          ),
        ),
        { nil: undefined },
      ),
      allow: fc.constant([] as string[]),
      // An ask rule equal to a deny would downgrade it; every other ask tightens.
      ask: rulesArb.map(rules =>
        rules.filter(r => !up.denyKeys.has(permissionRuleKey(r))),
      ),
      deny: rulesArb,
    }),
    modelRouting: fc.dictionary(
      fc.constantFrom('default', 'plan'),
      fc.constantFrom('m1', 'm3'),
    ),
    budget: fc.record({
      monthlyUsd: fc.option(fc.integer({ min: 0, max: up.budget ?? 9000 }), {
        nil: undefined,
      }),
    }),
  });

const after = (up: Upstream, layer: LayerContent): Upstream => ({
  denyKeys: new Set([
    ...up.denyKeys,
    ...layer.permissions.deny.map(permissionRuleKey),
  ]),
  skills: up.skills,
  servers: up.servers,
  mode:
    (layer.permissions.defaultMode as PermissionMode | undefined) ?? up.mode,
  budget: layer.budget.monthlyUsd ?? up.budget,
});

const entitySpec = (content: LayerContent) => ({
  skills: content.skills,
  mcpServers: content.mcpServers,
  permissions: content.permissions as any,
  modelRouting: content.modelRouting,
  budget: content.budget,
});

describe('inheritance properties', () => {
  it('no sequence of team/repo layers removes a base deny', () => {
    fc.assert(
      fc.property(
        rulesArb,
        fc.array(anyContentArb, { maxLength: 4 }),
        (baseDeny, contents) => {
          const base = toLayer('base@1.0.0', 'base', {
            skills: [],
            mcpServers: [],
            permissions: { allow: [], ask: [], deny: baseDeny },
            modelRouting: {},
            budget: {},
          });
          const layers = contents.map((c, i) =>
            toLayer(
              `${i % 2 ? 'repo' : 'team'}:l${i}`,
              i % 2 ? 'repo' : 'team',
              c,
            ),
          );
          const merged = mergeLayers([base, ...layers]);
          for (const rule of baseDeny) {
            const entry = merged.permissions.deny.find(
              d => d.key === permissionRuleKey(rule),
            );
            expect(entry?.layer).toBe('base@1.0.0');
          }
        },
      ),
    );
  });

  it('resolved configs keep every base deny, whatever team and repo state', () => {
    fc.assert(
      fc.property(
        baseContentArb,
        anyContentArb,
        anyContentArb,
        (config, team, repo) => {
          const result = resolveEffectiveConfig({
            base: makeBase([release('1.0.0', { config })]),
            team: makeTeam({ extends: 'org-base@1.0.0', ...entitySpec(team) }),
            repo: makeRepo(entitySpec(repo)),
            skills: SKILLS,
            mcpServers: SERVERS,
            now: NOW,
          });
          const keys = result.effective.permissions.deny.map(d => d.key);
          for (const rule of config.permissions?.deny ?? []) {
            expect(keys).toContain(permissionRuleKey(rule));
          }
          expect(result.violations.map(v => v.rule)).not.toContain(
            'deny-removed',
          );
        },
      ),
    );
  });

  it('merging one more layer onto a merge equals merging all layers at once', () => {
    fc.assert(
      fc.property(
        baseContentArb,
        anyContentArb,
        anyContentArb,
        (config, team, repo) => {
          const layers = [
            baseLayer(config),
            toLayer('team:t', 'team', team),
            toLayer('repo:r', 'repo', repo),
          ];
          const catalog = { skills: SKILLS, mcpServers: SERVERS };
          const upstream = mergeLayers(layers.slice(0, 2), catalog);
          const before = JSON.stringify(upstream);
          expect(mergeOnto(upstream, layers[2], catalog)).toEqual(
            mergeLayers(layers, catalog),
          );
          // The upstream merge is shared between teams: it must not change.
          expect(JSON.stringify(upstream)).toBe(before);
        },
      ),
    );
  });

  it('resolving with a shared cache gives the same result as without', () => {
    const cache = createResolutionCache();
    const base = makeBase([
      release('1.0.0', {
        config: {
          skills: ['airesource:default/code-review'],
          mcpServers: ['api:default/github', 'api:default/ghost'],
          permissions: {
            defaultMode: 'default',
            allow: ['Bash(git *)'],
            ask: ['Bash(curl *)'],
            deny: ['Read(./.env)', 'mcp__jira'],
          },
        },
      }),
    ]);
    fc.assert(
      fc.property(anyContentArb, anyContentArb, (team, repo) => {
        const input = {
          base,
          team: makeTeam({ extends: 'org-base@1.0.0', ...entitySpec(team) }),
          repo: makeRepo(entitySpec(repo)),
          skills: SKILLS,
          mcpServers: SERVERS,
          now: NOW,
        };
        const cached = resolveEffectiveConfig(input, cache);
        // Callers may change their result; the cache must not see it.
        cached.effective.permissions.deny.push({
          rule: 'Bash(x)',
          key: 'Bash(x)',
          layer: 'test',
          alsoIn: [],
        });
        cached.violations.forEach(v => {
          v.message = 'changed';
        });
        expect(resolveEffectiveConfig(input, cache)).toEqual(
          resolveEffectiveConfig(input),
        );
        expect(
          resolveEffectiveConfig(
            { ...input, team: undefined, repo: undefined },
            cache,
          ),
        ).toEqual(
          resolveEffectiveConfig({
            ...input,
            team: undefined,
            repo: undefined,
          }),
        );
      }),
    );
  });

  it('a team and repo that only tighten never create a violation', () => {
    const scenario = baseContentArb.chain(config => {
      const base = baseLayer(config).content;
      const up0: Upstream = {
        denyKeys: new Set(base.permissions.deny.map(permissionRuleKey)),
        skills: base.skills,
        servers: base.mcpServers,
        mode: base.permissions.defaultMode as PermissionMode,
        budget: config.budget?.monthlyUsdCap,
      };
      return tighteningArb(up0).chain(team =>
        tighteningArb(after(up0, team)).map(repo => ({ config, team, repo })),
      );
    });
    fc.assert(
      fc.property(scenario, ({ config, team, repo }) => {
        const result = resolveEffectiveConfig({
          base: makeBase([release('1.0.0', { config })]),
          team: makeTeam({ extends: 'org-base@1.0.0', ...entitySpec(team) }),
          repo: makeRepo(entitySpec(repo)),
          skills: SKILLS,
          mcpServers: SERVERS,
          now: NOW,
        });
        expect(result.violations).toEqual([]);
        expect(result.ok).toBe(true);
      }),
    );
  });

  it('merge is idempotent for repeated identical layers', () => {
    fc.assert(
      fc.property(
        baseContentArb,
        anyContentArb,
        anyContentArb,
        (config, t, r) => {
          const base = baseLayer(config);
          const team = toLayer('team:t', 'team', t);
          const repo = toLayer('repo:r', 'repo', r);
          const catalog = { skills: SKILLS, mcpServers: SERVERS };
          const once = mergeLayers([base, team, repo], catalog);
          expect(
            mergeLayers([base, base, team, team, repo, repo], catalog),
          ).toEqual(once);
          expect(mergeLayers([base, team, team], catalog)).toEqual(
            mergeLayers([base, team], catalog),
          );
        },
      ),
    );
  });

  it('an allow rule equal to an upstream deny is always reported', () => {
    fc.assert(
      fc.property(
        rulesArb.filter(r => r.length > 0),
        fc.nat(),
        (deny, pick) => {
          const rule = deny[pick % deny.length];
          const result = resolveEffectiveConfig({
            base: makeBase([
              release('1.0.0', { config: { permissions: { deny } } }),
            ]),
            team: makeTeam({
              extends: 'org-base@1.0.0',
              permissions: { allow: [rule] },
            }),
            skills: SKILLS,
            mcpServers: SERVERS,
            now: NOW,
          });
          expect(result.violations).toContainEqual(
            expect.objectContaining({
              rule: 'deny-overridden',
              item: rule.trim(),
            }),
          );
        },
      ),
    );
  });

  it('drift releasesBehind equals the number of newer non-withdrawn releases', () => {
    const versionArb = fc
      .tuple(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
      )
      .map(([a, b, c]) => `${a}.${b}.${c}`);
    const releasesArb = fc.uniqueArray(
      fc.record({
        version: versionArb,
        withdrawn: fc.boolean(),
        security: fc.boolean(),
      }),
      { selector: r => r.version, maxLength: 12 },
    );
    fc.assert(
      fc.property(
        releasesArb,
        versionArb,
        fc.boolean(),
        (releases, other, pickExisting) => {
          const pin =
            pickExisting && releases.length > 0 ? releases[0].version : other;
          const drift = computeDrift(
            makeBase(
              releases.map(r =>
                release(r.version, {
                  withdrawn: r.withdrawn,
                  security: r.security,
                }),
              ),
            ),
            pin,
          );
          const newer = releases.filter(
            r => !r.withdrawn && semverGt(r.version, pin),
          );
          expect(drift.releasesBehind).toBe(newer.length);
          expect(drift.missed.map(m => m.version)).toEqual(
            newer.map(r => r.version).sort(semverCompare),
          );
          expect(drift.missedSecurity).toBe(newer.some(r => r.security));
          expect(drift.pinUnknown).toBe(!releases.some(r => r.version === pin));
        },
      ),
    );
  });
});
