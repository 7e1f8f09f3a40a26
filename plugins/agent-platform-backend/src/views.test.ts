import {
  exampleDatabases,
  useExampleBackend,
} from './__testUtils__/exampleBackend';
import {
  assetUsageSchema,
  overviewSchema,
  teamOverviewSchema,
} from './schemas';

// One owner for every derived view: the team page, the skill and MCP server
// pages, the org base's page and the platform page read the same snapshot, so
// on the example organisation they must give the same answers. The views do
// not depend on the database engine (plugin.*.test.ts cover both engines).

const databases = exampleDatabases();

describe('one answer per view on the example organisation', () => {
  const backend = useExampleBackend(databases, 'SQLITE_3');

  it('gives the skill, team, base and platform pages the same usage and drift', async () => {
    const { get } = backend();
    const path = (ref: string) => {
      const [kind, rest] = ref.split(':');
      return `${kind}/${rest}`;
    };

    {
      // Wait until the catalog has settled: the organisation is there and two
      // reads a snapshot refresh apart agree.
      let overview: any;
      let previous = '';
      for (let attempt = 0; attempt < 300; attempt++) {
        await new Promise(r => setTimeout(r, 1500));
        const res = await get('/overview');
        overview = res.body;
        const { builtAt: _, ...content } = overview;
        const seen = JSON.stringify(content);
        const stable = seen === previous;
        previous = seen;
        const teams = (overview.teams ?? []) as Array<any>;
        if (
          res.status === 200 &&
          teams.length === 7 &&
          overview.totals.repos === 13 &&
          teams.flatMap(t => t.repos).filter((r: any) => r.pin).length === 13 &&
          overview.skills.length > 0 &&
          teams.every(
            t => !t.violations.some((v: any) => v.rule === 'skill-unknown'),
          ) &&
          stable
        ) {
          break;
        }
      }
      overviewSchema.parse(overview);

      // Team pages: each team's view is the overview's row, and the
      // effective config's drift is the same drift.
      for (const row of overview.teams) {
        const team = await get(`/teams/${path(row.team).slice(6)}/overview`);
        expect(team.status).toBe(200);
        teamOverviewSchema.parse(team.body);
        const { builtAt, ...view } = team.body;
        expect(builtAt).toBe(overview.builtAt);
        expect(view).toEqual(row);
        const resolved = await get(
          `/entities/${path(row.team)}/effective-config`,
        );
        expect(resolved.status).toBe(200);
        expect(resolved.body.drift).toEqual(row.drift);
      }

      // Skill and MCP server pages: each asset's usage is the overview's.
      expect(overview.skills.length).toBeGreaterThan(3);
      for (const skill of overview.skills) {
        const usage = await get(`/assets/${path(skill.ref)}/usage`);
        expect(usage.status).toBe(200);
        const body = assetUsageSchema.parse(usage.body);
        expect({
          ref: body.ref,
          teams: body.teams,
          viaBase: body.viaBase,
          repos: body.repos,
        }).toEqual({
          ref: skill.ref,
          teams: skill.teams,
          viaBase: skill.viaBase,
          repos: skill.repos,
        });
      }
      for (const server of overview.mcpServers) {
        const usage = await get(`/assets/${path(server.ref)}/usage`);
        expect(usage.status).toBe(200);
        expect(usage.body).toMatchObject(server);
      }

      // The case that used to disagree: changelog-writer comes with the older
      // base releases, so the teams pinned to them use it.
      const changelog = overview.skills.find(
        (s: any) => s.ref === 'airesource:default/changelog-writer',
      );
      expect(changelog.viaBase.length).toBeGreaterThan(0);
      const deprecatedUsers = overview.deprecated.skills.find(
        (s: any) => s.ref === 'airesource:default/changelog-writer',
      ).usedBy;
      expect(deprecatedUsers).toHaveLength(changelog.viaBase.length);

      // The org base's page: every release, with the teams and repositories
      // pinning it exactly as the overview's release distribution has them.
      const base = await get('/bases/default/org-base/releases');
      expect(base.status).toBe(200);
      expect(base.body.releases.map((r: any) => r.version)).toEqual(
        overview.bases[0].releases,
      );
      for (const release of base.body.releases) {
        const row = overview.releases.find(
          (r: any) => r.version === release.version,
        );
        expect({ teams: release.teams, repos: release.repos }).toEqual({
          teams: row.teams,
          repos: row.repos,
        });
      }
      expect(
        (await get('/bases/default/payments-agent-config/releases')).status,
      ).toBe(404);

      // And a group without a team config, or an unknown asset, says so.
      expect((await get('/teams/default/nobody/overview')).status).toBe(404);
      expect(
        (await get('/assets/airesource/default/no-such-skill/usage')).status,
      ).toBe(404);
    }
  }, 300_000);
});
