import {
  exampleDatabases,
  useExampleBackend,
} from './__testUtils__/exampleBackend';
import { overviewSchema } from './schemas';
import {
  cfg,
  changelogWriter,
  teamConfigs,
} from './__testUtils__/exampleExpectations';

// The plugin on the example organisation in the real catalog, through the overview: pins, drift,
// violations, repositories, release usage, deprecated assets and totals.
// Expected values are derived by hand from the example's files (see
// __testUtils__/exampleExpectations.ts), not recorded from the output.

const databases = exampleDatabases();

describe.each(databases.eachSupportedId())(
  'the overview of the example organisation on %p',
  databaseId => {
    const backend = useExampleBackend(databases, databaseId);

    it("serves every team config and its pin, in the overview's schema", () => {
      const { overview, byConfig } = backend();
      overviewSchema.parse(overview);
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
      expect(byConfig.get(cfg('payments')).team).toBe('group:default/payments');
      // The release row each pin counts towards (the overview's release filter).
      expect(
        Object.fromEntries(
          overview.teams.map((t: any) => [t.config, t.pinnedVersion]),
        ),
      ).toEqual({
        [cfg('platform')]: '2.4.0',
        [cfg('payments')]: '2.4.0',
        [cfg('identity')]: '2.4.0',
        [cfg('checkout')]: '2.3.0',
        [cfg('search')]: '2.2.0',
        [cfg('data-eng')]: '2.1.0',
        [cfg('mobile')]: '1.8.0',
      });
      expect(overview.releases.map((r: any) => r.version)).toEqual(
        expect.arrayContaining(['2.4.0', '2.3.0', '1.8.0']),
      );
    });

    it("reports how far each team's pin is behind the latest release", () => {
      const { byConfig } = backend();
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
          missedReleases.map((m: any) => [m.version, m.security, m.deprecated]),
        ).toEqual(missed(...versions));
        expect(missedReleases.every((m: any) => m.notes && m.date)).toBe(true);
      }
      expect(byConfig.get(cfg('search')).drift.upgradeLine).toBe(
        '<!-- agent-platform: extends: org-base@2.4.0 -->',
      );
    });

    it("reports each team's violations and exceptions", () => {
      const { overview, byConfig } = backend();
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
      // Its own subagent lists Read(./.env), which org-base denies since 2.2.0.
      expect(violations('payments')).toEqual([
        {
          rule: 'subagent-tool-denied',
          severity: 'error',
          item: 'Read(./.env)',
        },
      ]);
      expect(byConfig.get(cfg('payments')).violations[0]).toMatchObject({
        layer: 'team:payments-agent-config',
        asset: 'airesource:default/pci-evidence-collector',
        message: expect.stringContaining(
          'airesource:default/pci-evidence-collector',
        ),
        conflictsWith: { item: 'Read(./.env)', layer: 'base@2.4.0' },
      });
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
        [cfg('payments')]: false,
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
        [cfg('payments'), 'mcp-server-restricted', 'api:default/postgres-prod'],
      ]);
    });

    it("finds each team's repositories and what they really pin", () => {
      const { overview, byConfig } = backend();
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
    });

    it('counts release usage, deprecated assets still in use and the totals', () => {
      const { overview } = backend();
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
          owner: 'group:default/platform',
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
        teamsWithErrors: 3,
        teamsBehind: 4,
        teamsMissingSecurity: 2,
      });
    });
  },
);
