import {
  exampleDatabases,
  useExampleBackend,
} from './__testUtils__/exampleBackend';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { entityResolutionSchema } from './schemas';
import { examplesRoot } from './__testUtils__/exampleCatalog';
import {
  cfg,
  expectedEffective,
  teamLayers,
} from './__testUtils__/exampleExpectations';

// The plugin on the example organisation in the real catalog, through the effective-config
// endpoints: each layer of every team, Group, Component and team config.
// Expected values are derived by hand from the example's files (see
// __testUtils__/exampleExpectations.ts), not recorded from the output.

const databases = exampleDatabases();

describe.each(databases.eachSupportedId())(
  'effective configs of the example organisation on %p',
  databaseId => {
    const backend = useExampleBackend(databases, databaseId);

    it("resolves every team's effective config entry by entry, as the overview does", async () => {
      const { get, byConfig } = backend();
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
          skills: effective.skills.map((s: any) => [s.ref, s.layer, s.status]),
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
    });

    it('resolves a Group through its team config', async () => {
      const { get } = backend();
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
    });

    it('resolves a Component through its base, team and repo configs', async () => {
      const { get } = backend();
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
        checkoutWeb.body.violations.map((v: any) => [v.rule, v.layer, v.item]),
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
          expect([list, rule, entry.layer === repoId || entry.alsoIn]).toEqual([
            list,
            rule,
            entry.layer === repoId ? true : [repoId],
          ]);
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
    });

    it("applies a repository's own pin over its team's", async () => {
      const { get } = backend();
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
        ['extends-differs', 'repo:cart-service-repo-config', 'org-base@2.2.0'],
        [
          'skill-deprecated',
          'base@2.2.0',
          'airesource:default/changelog-writer',
        ],
      ]);
      expect(cart.body.drift.releasesBehind).toBe(2);
    });

    it('reports a denied MCP server a repository wires', async () => {
      const { get } = backend();
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
    });

    it("finds the team config a Component's annotation names, and resolves a team config itself", async () => {
      const { get } = backend();
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
    });
  },
);
