import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { agentPlatformPlugin } from './plugin';
import { agentPlatformClockServiceRef } from './services/clock';
import {
  approvedAssetsSchema,
  entityResolutionSchema,
  overviewSchema,
} from './schemas';
import {
  exampleCatalogConfig,
  examplesRoot,
} from './__testUtils__/exampleCatalog';
import { Knex } from 'knex';
import { pluginDatabases } from './__testUtils__/pluginDatabases';

// Expected values below are derived by hand from examples/catalog/agent-configs.yaml,
// the skills' and MCP servers' files and the engine's rules (src/inheritance/README.md
// of the common package), not recorded from the output.

// Between the payments exception (until 2027-01-31) and after data-eng's (2026-09-30).
const NOW = new Date('2026-11-21T12:00:00Z');

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const teamConfigs = [
  'checkout',
  'data-eng',
  'identity',
  'mobile',
  'payments',
  'platform',
  'search',
].map(team => `airesource:default/${team}-agent-config`);

const cfg = (team: string) => `airesource:default/${team}-agent-config`;
const changelogWriter = {
  rule: 'skill-deprecated',
  severity: 'warning',
  item: 'airesource:default/changelog-writer',
};

/**
 * One org-base release as its files state it (examples/org-base/releases/<version>): the
 * permission rules of .claude/settings.json, the servers of .mcp.json, and the skills,
 * model routing and budget cap of RELEASE.md's frontmatter (read line by line here, not
 * through the catalog module's parser).
 */
function baseRelease(version: string) {
  const folder = resolve(examplesRoot, 'org-base', 'releases', version);
  const settings = JSON.parse(
    readFileSync(resolve(folder, '.claude', 'settings.json'), 'utf8'),
  );
  const mcp = JSON.parse(readFileSync(resolve(folder, '.mcp.json'), 'utf8'));
  const frontmatter = readFileSync(resolve(folder, 'RELEASE.md'), 'utf8')
    .split('---')[1]
    .split('\n');
  const block = (key: string) => {
    const start = frontmatter.indexOf(`${key}:`);
    const lines: string[] = [];
    for (const line of frontmatter.slice(start + 1)) {
      if (!line.startsWith('  ')) break;
      lines.push(line.trim());
    }
    return start < 0 ? [] : lines;
  };
  return {
    permissions: settings.permissions as {
      defaultMode: string;
      allow: string[];
      ask: string[];
      deny: string[];
    },
    mcpServers: Object.keys(mcp.mcpServers),
    skills: block('skills').map(line => line.replace(/^- /, '')),
    modelRouting: Object.fromEntries(
      block('modelRouting').map(line => line.split(': ')),
    ),
    monthlyUsdCap: Number(block('budget')[0]?.split(': ')[1]),
  };
}

/** What each team config of examples/catalog/agent-configs.yaml adds to its base release. */
const teamLayers: Record<
  string,
  {
    release: string;
    skills: string[];
    mcpServers: string[];
    allow: string[];
    ask: string[];
    deny: string[];
    defaultMode?: string;
    modelRouting: Record<string, string>;
    monthlyUsd: number;
  }
> = {
  platform: {
    release: '2.4.0',
    skills: [],
    mcpServers: [],
    allow: [],
    ask: [
      'Bash(helm upgrade *)',
      'Bash(helm rollback *)',
      'Bash(aws * --profile prod *)',
    ],
    deny: ['Bash(terraform destroy *)', 'Bash(kubectl delete namespace *)'],
    modelRouting: {},
    monthlyUsd: 3000,
  },
  payments: {
    release: '2.4.0',
    skills: ['pci-checklist'],
    mcpServers: ['postgres-prod'],
    allow: [],
    ask: [
      'mcp__postgres-prod__query',
      'mcp__postgres-prod__explain_query',
      'Bash(make migrate *)',
    ],
    deny: [
      'mcp__postgres-prod__execute_sql',
      'mcp__postgres-prod__drop_table',
      'mcp__postgres-prod__truncate_table',
      'Bash(psql *)',
      'Read(./test/fixtures/pan/**)',
    ],
    defaultMode: 'default',
    modelRouting: { default: 'claude-sonnet-4-6' },
    monthlyUsd: 4000,
  },
  checkout: {
    release: '2.3.0',
    skills: [],
    mcpServers: [],
    allow: ['Read(./.env)'],
    ask: ['Bash(npm run deploy:preview *)', 'Bash(stripe trigger *)'],
    deny: ['Bash(npm run deploy:prod *)', 'Bash(stripe * --live *)'],
    modelRouting: {},
    monthlyUsd: 2500,
  },
  search: {
    release: '2.2.0',
    skills: ['relevance-tuning'],
    mcpServers: [],
    allow: [],
    ask: ['Bash(./scripts/reindex.sh *)', 'Bash(python scripts/ndcg.py *)'],
    deny: ['Bash(curl -X DELETE *)', 'Bash(curl -XDELETE *)'],
    modelRouting: { background: 'claude-haiku-4-5' },
    monthlyUsd: 2000,
  },
  'data-eng': {
    release: '2.1.0',
    skills: ['dbt-model-review'],
    mcpServers: ['snowflake'],
    allow: [],
    ask: [
      'Bash(dbt run *)',
      'Bash(dbt build *)',
      'mcp__snowflake__run_snowflake_query',
    ],
    deny: ['Bash(dbt run --full-refresh *)', 'Read(~/.dbt/profiles.yml)'],
    modelRouting: {},
    monthlyUsd: 3000,
  },
  mobile: {
    release: '1.8.0',
    skills: ['app-store-release'],
    mcpServers: [],
    allow: [],
    ask: ['Bash(bundle exec fastlane:*)', 'Bash(pod install:*)'],
    deny: [
      'Read(./ios/certs/**)',
      'Read(./android/keystore/**)',
      'Bash(bundle exec fastlane ios release:*)',
      'Bash(bundle exec fastlane android production:*)',
    ],
    modelRouting: {},
    monthlyUsd: 1500,
  },
  identity: {
    release: '2.4.0',
    skills: [],
    mcpServers: [],
    allow: [],
    ask: ['Bash(vault *)'],
    deny: [
      'Read(./keys/**)',
      'Read(./**/*.pem)',
      'Bash(vault kv put *)',
      'Bash(vault kv delete *)',
    ],
    defaultMode: 'plan',
    modelRouting: { default: 'claude-sonnet-4-6' },
    monthlyUsd: 2000,
  },
};

const serverStatus: Record<string, string> = {
  github: 'approved',
  jira: 'approved',
  sentry: 'approved',
  'docs-search': 'approved',
  'postgres-prod': 'restricted',
  snowflake: 'restricted',
};

/**
 * The expected effective config of a team: its base release, then its team layer, each
 * entry with the layer it came from (no team rule repeats a base rule in the example).
 */
function expectedEffective(team: string) {
  const layer = teamLayers[team];
  const base = baseRelease(layer.release);
  const baseId = `base@${layer.release}`;
  const teamId = `team:${team}-agent-config`;
  const rules = (list: 'allow' | 'ask' | 'deny') => [
    ...base.permissions[list].map(rule => [rule, baseId]),
    ...layer[list].map(rule => [rule, teamId]),
  ];
  const sourced = (values: Record<string, string>, id: string) =>
    Object.fromEntries(
      Object.entries(values).map(([k, value]) => [k, { value, layer: id }]),
    );
  return {
    layers: [baseId, teamId],
    skills: [
      ...base.skills.map(name => [name, baseId]),
      ...layer.skills.map(name => [name, teamId]),
    ].map(([name, id]) => [
      `airesource:default/${name}`,
      id,
      name === 'changelog-writer' ? 'deprecated' : 'active',
    ]),
    mcpServers: [
      ...base.mcpServers.map(name => [name, baseId]),
      ...layer.mcpServers.map(name => [name, teamId]),
    ].map(([name, id]) => [name, id, serverStatus[name]]),
    allow: rules('allow'),
    ask: rules('ask'),
    deny: rules('deny'),
    defaultMode: layer.defaultMode
      ? { value: layer.defaultMode, layer: teamId }
      : { value: base.permissions.defaultMode, layer: baseId },
    modelRouting: {
      ...sourced(base.modelRouting, baseId),
      ...sourced(layer.modelRouting, teamId),
    },
    budget: {
      monthlyUsdCap: { value: base.monthlyUsdCap, layer: baseId },
      monthlyUsd: { value: layer.monthlyUsd, layer: teamId },
    },
  };
}

describe('agent platform on the example organisation in the real catalog', () => {
  it.each(databases.eachSupportedId())(
    'serves effective configs, violations, drift and the overview on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const others: Knex[] = [];
      const backend = await startTestBackend({
        features: [
          agentPlatformPlugin,
          catalogPlugin,
          catalogModuleAiModel,
          catalogModuleAgentPlatform,
          schedulerServiceFactory,
          pluginDatabases(knex, others),
          createServiceFactory({
            service: agentPlatformClockServiceRef,
            deps: {},
            factory: () => ({ now: () => NOW }),
          }),
          mockServices.rootConfig.factory({
            data: {
              agentPlatform: {
                snapshot: {
                  schedule: {
                    frequency: { seconds: 1 },
                    timeout: { seconds: 30 },
                  },
                },
              },
              // Repos often, so that a run soon sees the Components the
              // catalog has loaded meanwhile (a first run may find none yet).
              catalog: exampleCatalogConfig({
                reposSchedule: {
                  frequency: { seconds: 2 },
                  timeout: { minutes: 1 },
                  initialDelay: { seconds: 1 },
                },
              }),
            },
          }),
        ],
      });
      const get = (path: string) =>
        request(backend.server)
          .get(`/api/agent-platform${path}`)
          .set('Authorization', mockCredentials.user.header());

      try {
        // Wait until the catalog holds the organisation and the snapshot has caught up:
        // every team config, the skills and servers their configs name, and owned components.
        let overview: any;
        for (let attempt = 0; attempt < 600; attempt++) {
          const res = await get('/overview');
          overview = res.body;
          const teams = (overview.teams ?? []) as Array<any>;
          const ready =
            res.status === 200 &&
            teams.length === 7 &&
            teams.every(
              t =>
                !t.violations.some((v: any) =>
                  [
                    'skill-unknown',
                    'mcp-server-unknown',
                    'base-missing',
                  ].includes(v.rule),
                ),
            ) &&
            overview.totals.repos === 9 &&
            teams.flatMap(t => t.repos).filter((r: any) => r.pin).length === 9;
          if (ready) break;
          await new Promise(r => setTimeout(r, 500));
        }
        overviewSchema.parse(overview);

        const byConfig = new Map<string, any>(
          overview.teams.map((t: any) => [t.config, t]),
        );
        expect([...byConfig.keys()].sort()).toEqual(teamConfigs);

        // Pins, as the team configs state them.
        expect(
          Object.fromEntries(overview.teams.map((t: any) => [t.config, t.pin])),
        ).toEqual({
          [cfg('platform')]: 'org-base@2.4.0',
          [cfg('payments')]: 'org-base@2.4.0',
          [cfg('identity')]: 'org-base@2.4.0',
          [cfg('checkout')]: 'org-base@2.3.0',
          [cfg('search')]: 'org-base@2.2.0',
          [cfg('data-eng')]: 'org-base@2.1.0',
          [cfg('mobile')]: 'org-base@1.8.0',
        });
        expect(byConfig.get(cfg('payments')).team).toBe(
          'group:default/payments',
        );

        // Drift: releases 1.8.0 (deprecated), 2.0.0, 2.1.0, 2.2.0 (security), 2.3.0, 2.4.0.
        const drift = (team: string) => {
          const d = byConfig.get(cfg(team)).drift;
          return [
            d.releasesBehind,
            d.missedSecurity,
            d.pinDeprecated,
            d.upToDate,
          ];
        };
        expect(drift('platform')).toEqual([0, false, false, true]);
        expect(drift('payments')).toEqual([0, false, false, true]);
        expect(drift('identity')).toEqual([0, false, false, true]);
        expect(drift('checkout')).toEqual([1, false, false, false]);
        expect(drift('search')).toEqual([2, false, false, false]);
        expect(drift('data-eng')).toEqual([3, true, false, false]);
        expect(drift('mobile')).toEqual([5, true, true, false]);
        expect(
          byConfig.get(cfg('data-eng')).drift.missed.map((m: any) => m.version),
        ).toEqual(['2.2.0', '2.3.0', '2.4.0']);
        // Every field of every team's drift: the releases missed, in order, with their flags.
        const upgrade = '<!-- agent-platform: extends: org-base@2.4.0 -->';
        const missed = (...versions: string[]) =>
          versions.map(v => [v, v === '2.2.0', false]);
        for (const [team, pinned, versions] of [
          ['platform', '2.4.0', []],
          ['payments', '2.4.0', []],
          ['identity', '2.4.0', []],
          ['checkout', '2.3.0', ['2.4.0']],
          ['search', '2.2.0', ['2.3.0', '2.4.0']],
          ['data-eng', '2.1.0', ['2.2.0', '2.3.0', '2.4.0']],
          ['mobile', '1.8.0', ['2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0']],
        ] as Array<[string, string, string[]]>) {
          const { missed: missedReleases, ...rest } = byConfig.get(
            cfg(team),
          ).drift;
          expect(rest).toEqual({
            base: 'org-base',
            pinned: `org-base@${pinned}`,
            latest: '2.4.0',
            releasesBehind: versions.length,
            missedSecurity: versions.includes('2.2.0'),
            pinDeprecated: pinned === '1.8.0',
            pinWithdrawn: false,
            pinUnknown: false,
            upToDate: versions.length === 0,
            upgradeLine: upgrade,
          });
          expect(
            missedReleases.map((m: any) => [
              m.version,
              m.security,
              m.deprecated,
            ]),
          ).toEqual(missed(...versions));
          expect(missedReleases.every((m: any) => m.notes && m.date)).toBe(
            true,
          );
        }
        expect(byConfig.get(cfg('search')).drift.upgradeLine).toBe(
          '<!-- agent-platform: extends: org-base@2.4.0 -->',
        );

        // Violations per team.
        const violations = (team: string) =>
          byConfig
            .get(cfg(team))
            .violations.map((v: any) => ({
              rule: v.rule,
              severity: v.severity,
              item: v.item,
            }))
            .sort((a: any, b: any) => a.rule.localeCompare(b.rule));
        expect(violations('platform')).toEqual([]);
        expect(violations('payments')).toEqual([]);
        expect(violations('identity')).toEqual([]);
        // Loosening the base: org-base denies Read(./.env) since 2.2.0.
        expect(violations('checkout')).toEqual([
          { rule: 'deny-overridden', severity: 'error', item: 'Read(./.env)' },
        ]);
        expect(byConfig.get(cfg('checkout')).violations[0]).toMatchObject({
          layer: 'team:checkout-agent-config',
          conflictsWith: { item: 'Read(./.env)', layer: 'base@2.3.0' },
        });
        // changelog-writer is deprecated and still in org-base up to 2.2.0.
        expect(violations('search')).toEqual([changelogWriter]);
        // The snowflake exception expired on 2026-09-30.
        expect(violations('data-eng')).toEqual([
          {
            rule: 'exception-expired',
            severity: 'error',
            item: 'api:default/snowflake',
          },
          changelogWriter,
        ]);
        expect(
          byConfig
            .get(cfg('data-eng'))
            .violations.find((v: any) => v.rule === 'exception-expired'),
        ).toMatchObject({ excepts: 'mcp-server-restricted' });
        expect(violations('mobile')).toEqual([
          {
            rule: 'base-release-deprecated',
            severity: 'warning',
            item: 'org-base@1.8.0',
          },
          changelogWriter,
        ]);
        expect(
          Object.fromEntries(overview.teams.map((t: any) => [t.config, t.ok])),
        ).toEqual({
          [cfg('platform')]: true,
          [cfg('payments')]: true,
          [cfg('identity')]: true,
          [cfg('checkout')]: false,
          [cfg('search')]: true,
          [cfg('data-eng')]: false,
          [cfg('mobile')]: true,
        });
        // The payments exception for the restricted postgres-prod holds until 2027-01-31.
        expect(
          overview.teams.flatMap((t: any) =>
            t.excepted.map((e: any) => [t.config, e.rule, e.item]),
          ),
        ).toEqual([
          [
            cfg('payments'),
            'mcp-server-restricted',
            'api:default/postgres-prod',
          ],
        ]);

        // Repositories of each team (owner, or the annotation naming the team config).
        const repos = (team: string) =>
          byConfig.get(cfg(team)).repos.map((r: any) => r.component);
        expect(repos('payments')).toEqual([
          'component:default/ledger-service',
          'component:default/notification-worker',
          'component:default/payments-api',
        ]);
        expect(repos('checkout')).toEqual([
          'component:default/cart-service',
          'component:default/checkout-web',
          'component:default/storefront-search-ui',
        ]);
        expect(repos('platform')).toEqual([
          'component:default/agent-platform-tools',
        ]);
        expect(repos('mobile')).toEqual(['component:default/mobile-app']);
        // What the repositories really pin (their <component>-repo-config).
        expect(
          Object.fromEntries(
            overview.teams.flatMap((t: any) =>
              t.repos.map((r: any) => [
                r.component.split('/')[1],
                [r.pin, r.pinSource],
              ]),
            ),
          ),
        ).toEqual({
          'agent-platform-tools': ['org-base@2.4.0', 'repository'],
          'payments-api': ['org-base@2.4.0', 'repository'],
          'ledger-service': ['org-base@2.4.0', 'repository'],
          'auth-gateway': ['org-base@2.4.0', 'repository'],
          'checkout-web': ['org-base@2.3.0', 'repository'],
          'cart-service': ['org-base@2.2.0', 'repository'],
          'search-indexer': ['org-base@2.2.0', 'repository'],
          'events-pipeline': ['org-base@2.0.0', 'repository'],
          'mobile-app': ['org-base@1.8.0', 'repository'],
          // One repository per other agent tool: Cursor, Codex, Copilot, Gemini CLI.
          'storefront-search-ui': ['org-base@2.3.0', 'repository'],
          'risk-scoring': ['org-base@2.1.0', 'repository'],
          'partner-portal': ['org-base@2.4.0', 'repository'],
          'notification-worker': ['org-base@2.4.0', 'repository'],
        });
        expect(byConfig.get(cfg('checkout')).repoDrift).toMatchObject({
          teamVersion: '2.3.0',
          differing: [
            { repo: 'component:default/cart-service', pin: 'org-base@2.2.0' },
          ],
          matching: 2,
          total: 3,
        });
        expect(byConfig.get(cfg('data-eng')).repoDrift.differing).toEqual([
          { repo: 'component:default/events-pipeline', pin: 'org-base@2.0.0' },
        ]);

        // Usage per release (teams), newest first.
        expect(
          overview.releases.map((r: any) => [
            r.version,
            r.teams.length,
            r.repos.length,
          ]),
        ).toEqual([
          ['2.4.0', 3, 6],
          ['2.3.0', 1, 2],
          ['2.2.0', 1, 2],
          ['2.1.0', 1, 1],
          ['2.0.0', 0, 1],
          ['1.8.0', 1, 1],
        ]);
        expect(overview.bases).toEqual([
          {
            ref: 'airesource:default/org-base',
            latest: '2.4.0',
            releases: ['2.4.0', '2.3.0', '2.2.0', '2.1.0', '2.0.0', '1.8.0'],
          },
        ]);

        // Deprecated assets still in use.
        expect(overview.deprecated.skills).toEqual([
          {
            ref: 'airesource:default/changelog-writer',
            replacedBy: 'airesource:default/release-notes',
            usedBy: [cfg('data-eng'), cfg('mobile'), cfg('search')],
          },
        ]);
        expect(
          overview.deprecated.releases.map((r: any) => [r.version, r.teams]),
        ).toEqual([['1.8.0', [cfg('mobile')]]]);
        expect(overview.deprecated.releases[0].repos).toEqual([
          'component:default/mobile-app',
        ]);
        expect(overview.deprecated.mcpServers).toEqual([]);
        expect(overview.totals).toEqual({
          teams: 7,
          repos: 13,
          teamsWithErrors: 2,
          teamsBehind: 4,
          teamsMissingSecurity: 2,
        });

        // Every team's effective config, entry by entry with its layer.
        for (const team of Object.keys(teamLayers)) {
          const res = await get(
            `/entities/group/default/${team}/effective-config`,
          );
          expect(res.status).toBe(200);
          const { effective } = res.body;
          const rules = (list: 'allow' | 'ask' | 'deny') =>
            effective.permissions[list].map((r: any) => {
              expect(r.alsoIn).toEqual([]);
              return [r.rule, r.layer];
            });
          expect({
            layers: effective.layers,
            skills: effective.skills.map((s: any) => [
              s.ref,
              s.layer,
              s.status,
            ]),
            mcpServers: effective.mcpServers.map((s: any) => {
              expect(s.disabledBy).toBeUndefined();
              return [s.name, s.layer, s.allowlistStatus];
            }),
            allow: rules('allow'),
            ask: rules('ask'),
            deny: rules('deny'),
            defaultMode: effective.permissions.defaultMode,
            modelRouting: effective.modelRouting,
            budget: effective.budget,
          }).toEqual(expectedEffective(team));
          // The same violations and drift as in the overview.
          const inOverview = byConfig.get(cfg(team));
          expect(res.body.violations).toEqual(inOverview.violations);
          expect(res.body.excepted).toEqual(inOverview.excepted);
          expect(res.body.drift).toEqual(inOverview.drift);
          expect(res.body.release).toEqual(inOverview.release);
        }

        // A Group: its team config, each entry with its layer.
        const payments = await get(
          '/entities/group/default/payments/effective-config',
        );
        expect(payments.status).toBe(200);
        entityResolutionSchema.parse(payments.body);
        expect(payments.body.configs).toEqual({
          base: 'airesource:default/org-base',
          team: cfg('payments'),
        });
        expect(payments.body.effective.layers).toEqual([
          'base@2.4.0',
          'team:payments-agent-config',
        ]);
        expect(
          payments.body.effective.mcpServers.map((s: any) => [
            s.name,
            s.layer,
            s.allowlistStatus,
          ]),
        ).toEqual([
          ['github', 'base@2.4.0', 'approved'],
          ['jira', 'base@2.4.0', 'approved'],
          ['sentry', 'base@2.4.0', 'approved'],
          ['docs-search', 'base@2.4.0', 'approved'],
          ['postgres-prod', 'team:payments-agent-config', 'restricted'],
        ]);
        expect(
          payments.body.effective.skills.map((s: any) => s.ref.split('/')[1]),
        ).toEqual([
          'code-review',
          'commit-message',
          'pr-description',
          'test-writer',
          'write-adr',
          'dependency-upgrade',
          'release-notes',
          'incident-triage',
          'pci-checklist',
        ]);
        expect(payments.body.effective.budget).toEqual({
          monthlyUsdCap: { value: 5000, layer: 'base@2.4.0' },
          monthlyUsd: { value: 4000, layer: 'team:payments-agent-config' },
        });
        expect(payments.body.effective.modelRouting).toEqual({
          default: {
            value: 'claude-sonnet-4-6',
            layer: 'team:payments-agent-config',
          },
          plan: { value: 'claude-opus-4-8', layer: 'base@2.4.0' },
          background: { value: 'claude-haiku-4-5', layer: 'base@2.4.0' },
        });
        // 13 base denies, then the team's 5.
        expect(payments.body.effective.permissions.deny).toHaveLength(18);
        expect(
          payments.body.effective.permissions.deny.find(
            (r: any) => r.rule === 'Bash(psql *)',
          ),
        ).toMatchObject({ layer: 'team:payments-agent-config' });
        expect(payments.body.drift).toMatchObject({
          pinned: 'org-base@2.4.0',
          latest: '2.4.0',
          releasesBehind: 0,
        });

        // Components: base, team, and the repo config read from the repository.
        const checkoutWeb = await get(
          '/entities/component/default/checkout-web/effective-config',
        );
        expect(checkoutWeb.status).toBe(200);
        entityResolutionSchema.parse(checkoutWeb.body);
        expect(checkoutWeb.body.configs).toEqual({
          base: 'airesource:default/org-base',
          team: cfg('checkout'),
          repo: 'airesource:default/checkout-web-repo-config',
        });
        expect(checkoutWeb.body.effective.layers).toEqual([
          'base@2.3.0',
          'team:checkout-agent-config',
          'repo:checkout-web-repo-config',
        ]);
        // The settings copy the team's Read(./.env) allow: reported once, at the team.
        expect(
          checkoutWeb.body.effective.permissions.allow.find(
            (r: any) => r.rule === 'Read(./.env)',
          ),
        ).toMatchObject({
          layer: 'team:checkout-agent-config',
          alsoIn: ['repo:checkout-web-repo-config'],
        });
        expect(
          checkoutWeb.body.violations.map((v: any) => [
            v.rule,
            v.layer,
            v.item,
          ]),
        ).toEqual([
          ['deny-overridden', 'team:checkout-agent-config', 'Read(./.env)'],
        ]);
        expect(checkoutWeb.body.drift.releasesBehind).toBe(1);
        // The repository's own settings: three rules are new in its layer, every other one
        // repeats a base or team rule and is noted there.
        const repoId = 'repo:checkout-web-repo-config';
        const lists = ['allow', 'ask', 'deny'] as const;
        expect(
          lists.flatMap(list =>
            checkoutWeb.body.effective.permissions[list]
              .filter((r: any) => r.layer === repoId)
              .map((r: any) => [list, r.rule]),
          ),
        ).toEqual([
          ['allow', 'Bash(npx playwright test *)'],
          ['ask', 'Bash(npx playwright test --update-snapshots *)'],
          ['deny', 'Edit(./public/.well-known/**)'],
        ]);
        const repoSettings = JSON.parse(
          readFileSync(
            resolve(examplesRoot, 'repos/checkout-web/.claude/settings.json'),
            'utf8',
          ),
        );
        for (const list of lists) {
          for (const rule of repoSettings.permissions[list] as string[]) {
            const entry = checkoutWeb.body.effective.permissions[list].find(
              (r: any) => r.rule === rule,
            );
            expect([
              list,
              rule,
              entry.layer === repoId || entry.alsoIn,
            ]).toEqual([list, rule, entry.layer === repoId ? true : [repoId]]);
          }
        }
        expect(
          checkoutWeb.body.effective.mcpServers.map((m: any) => [
            m.name,
            m.layer,
            m.alsoIn,
          ]),
        ).toEqual(
          ['github', 'jira', 'sentry', 'docs-search'].map(name => [
            name,
            'base@2.3.0',
            [repoId],
          ]),
        );

        // cart-service pins 2.2.0 while its team pins 2.3.0: the repository's pin applies.
        const cart = await get(
          '/entities/component/default/cart-service/effective-config',
        );
        expect(cart.status).toBe(200);
        expect(cart.body.pin).toEqual({
          ref: 'org-base@2.2.0',
          source: 'repo',
        });
        expect(cart.body.release.version).toBe('2.2.0');
        expect(
          cart.body.violations
            .map((v: any) => [v.rule, v.layer, v.item])
            .sort((a: string[], b: string[]) => a[0].localeCompare(b[0])),
        ).toEqual([
          ['deny-overridden', 'team:checkout-agent-config', 'Read(./.env)'],
          [
            'extends-differs',
            'repo:cart-service-repo-config',
            'org-base@2.2.0',
          ],
          [
            'skill-deprecated',
            'base@2.2.0',
            'airesource:default/changelog-writer',
          ],
        ]);
        expect(cart.body.drift.releasesBehind).toBe(2);

        // search-indexer wires the denied shell-admin server.
        const search = await get(
          '/entities/component/default/search-indexer/effective-config',
        );
        expect(
          search.body.violations
            .map((v: any) => [v.rule, v.severity, v.layer, v.item])
            .sort((a: string[], b: string[]) => a[0].localeCompare(b[0])),
        ).toEqual([
          [
            'mcp-server-denied',
            'error',
            'repo:search-indexer-repo-config',
            'api:default/shell-admin',
          ],
          [
            'skill-deprecated',
            'warning',
            'base@2.2.0',
            'airesource:default/changelog-writer',
          ],
        ]);
        expect(search.body.ok).toBe(false);

        // A Component whose annotation names its team's config.
        const ledger = await get(
          '/entities/component/default/ledger-service/effective-config',
        );
        expect(ledger.status).toBe(200);
        expect(ledger.body.configs.team).toBe(cfg('payments'));

        // A team config directly.
        const mobile = await get(
          '/entities/airesource/default/mobile-agent-config/effective-config',
        );
        expect(mobile.status).toBe(200);
        expect(mobile.body.release).toEqual({
          base: 'org-base',
          version: '1.8.0',
          pinned: true,
          deprecated: true,
          withdrawn: false,
          security: false,
        });
        expect(mobile.body.drift.pinDeprecated).toBe(true);

        // Approved assets of data-eng: snowflake's exception expired; changelog-writer is
        // deprecated and dependency-upgrade's evaluation is failing.
        const dataEng = await get('/teams/default/data-eng/approved-assets');
        expect(dataEng.status).toBe(200);
        approvedAssetsSchema.parse(dataEng.body);
        expect(dataEng.body.mcpServers.map((s: any) => s.name)).toEqual([
          'github',
          'jira',
          'sentry',
          'docs-search',
        ]);
        expect(
          dataEng.body.skills.map((s: any) => s.ref.split('/')[1]),
        ).toEqual([
          'code-review',
          'commit-message',
          'pr-description',
          'test-writer',
          'write-adr',
          'dbt-model-review',
        ]);
        expect(dataEng.body.excluded.map((e: any) => e.ref)).toEqual([
          'api:default/snowflake',
          'airesource:default/dependency-upgrade',
          'airesource:default/changelog-writer',
        ]);

        // The actions, through the actions registry's HTTP API.
        const invoked = await request(backend.server)
          .post(
            '/api/agent-platform/.backstage/actions/v1/actions/agent-platform:get-approved-agent-assets/invoke',
          )
          .set('Authorization', mockCredentials.user.header())
          .send({ team: 'payments' });
        expect(invoked.status).toBe(200);
        expect(
          invoked.body.output.mcpServers.map((s: any) => [
            s.name,
            s.exception?.until,
          ]),
        ).toEqual([
          ['github', undefined],
          ['jira', undefined],
          ['sentry', undefined],
          ['docs-search', undefined],
          ['postgres-prod', '2027-01-31'],
        ]);

        // The approved org skills, at the backend root, without credentials.
        const index = await request(backend.server).get(
          '/.well-known/skills/index.json',
        );
        expect(index.status).toBe(200);
        expect(index.body.skills.map((s: any) => [s.name, s.files])).toEqual([
          ['code-review', ['SKILL.md', 'references/checklist.md']],
          ['commit-message', ['SKILL.md']],
          ['incident-triage', ['SKILL.md', 'references/severity-matrix.md']],
          ['pr-description', ['SKILL.md']],
          ['release-notes', ['SKILL.md', 'scripts/collect-merged-prs.sh']],
          ['test-writer', ['SKILL.md']],
          ['write-adr', ['SKILL.md', 'assets/adr-template.md']],
        ]);
      } finally {
        await backend.stop();
        await Promise.all(others.map(other => other.destroy()));
      }
    },
    600_000,
  );
});
