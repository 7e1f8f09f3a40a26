import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  modelMixDepartures,
  promotionCandidatesOf,
} from '@agent-platform/plugin-agent-platform-common';
import { startSpendBackend, waitFor } from './__testUtils__/spendTestBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const s = (key: string, value: string) => ({
  key,
  value: { stringValue: value },
});

function cost(
  resource: Array<ReturnType<typeof s>>,
  value: number,
  attributes: Array<ReturnType<typeof s>>,
) {
  const ns = `${Date.now() - 60_000}000000`;
  return {
    resourceMetrics: [
      {
        resource: { attributes: resource },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'claude_code.cost.usage',
                sum: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    {
                      startTimeUnixNano: ns,
                      timeUnixNano: ns,
                      asDouble: value,
                      attributes,
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

const rows = (list: Array<{ key: string | null; cost: number }>) =>
  list.map(r => [r.key, r.cost]);

// Spend where people look: a department through its teams, each skill's,
// MCP server's and repository's own page, and every attribute Claude Code
// sends as a breakdown.
describe.each(databases.eachSupportedId())(
  'spend per entity on %p',
  databaseId => {
    it('rolls departments up, and reports skills, MCP servers, repos and the Claude Code attributes', async () => {
      const knex = await databases.init(databaseId);
      const backend = await startSpendBackend(knex);
      const auth = mockCredentials.service.header();
      const get = (path: string) =>
        request(backend.server)
          .get(`/api/agent-platform/spend/entities/${path}`)
          .set('Authorization', auth);
      try {
        await waitFor('the catalog', async () => {
          const all = await Promise.all(
            [
              'airesource/default/code-review',
              'airesource/default/security-reviewer',
              'api/default/github',
              'component/default/payments-api',
              'group/default/engineering',
            ].map(get),
          );
          const table = await request(backend.server)
            .get('/api/agent-platform/spend/teams')
            .set('Authorization', auth);
          return (
            all.every(r => r.status === 200) && table.body.rows?.length === 8
          );
        });
        const post = (body: object) =>
          request(backend.server)
            .post('/api/agent-platform/otlp/v1/metrics')
            .set('Authorization', auth)
            .send(body);
        const sent = await Promise.all([
          post(
            cost(
              [
                s('team.id', 'payments'),
                s('vcs.repository.name', 'acme-financial/payments-api'),
              ],
              1,
              [
                s('skill.name', 'code-review'),
                s('mcp_server.name', 'github'),
                s('agent.name', 'security-reviewer'),
                s('plugin.name', 'acme-tools'),
                s('query_source', 'subagent'),
                s('effort', 'high'),
              ],
            ),
          ),
          post(
            cost([s('team.id', 'checkout')], 2, [
              s('skill.name', 'code-review'),
            ]),
          ),
        ]);
        expect(sent.map(r => r.body.accepted)).toEqual([1, 1]);

        const engineering = (await get('group/default/engineering')).body;
        expect(engineering.totals.cost).toBe(3);
        expect(rows(engineering.byTeam)).toEqual([
          ['group:default/checkout', 2],
          ['group:default/payments', 1],
        ]);
        const payments = (await get('group/default/payments')).body;
        expect(payments.totals.cost).toBe(1);
        expect(payments.byTeam).toEqual([]);
        expect(
          [
            payments.byAgent,
            payments.byPlugin,
            payments.byQuerySource,
            payments.byEffort,
          ].map(rows),
        ).toEqual([
          [['security-reviewer', 1]],
          [['acme-tools', 1]],
          [['subagent', 1]],
          [['high', 1]],
        ]);
        // The repository, mapped to its Component through github.com/project-slug.
        const repo = (await get('component/default/payments-api')).body;
        expect(repo.totals.cost).toBe(1);
        // A skill's page: its spend across teams.
        const skill = (await get('airesource/default/code-review')).body;
        expect([skill.totals.cost, rows(skill.byTeam)]).toEqual([
          3,
          [
            ['group:default/checkout', 2],
            ['group:default/payments', 1],
          ],
        ]);
        // A subagent's page: the spend whose agent.name is its name.
        const subagent = (await get('airesource/default/security-reviewer'))
          .body;
        expect([subagent.totals.cost, rows(subagent.byTeam)]).toEqual([
          1,
          [['group:default/payments', 1]],
        ]);
        // My spend: whose comes from the sign-in only.
        const mine = await request(backend.server)
          .get('/api/agent-platform/spend/me?entityRef=user:default/tom.okafor')
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/elena.sokolova'),
          );
        expect([mine.status, mine.body.entityRef]).toEqual([
          200,
          'user:default/elena.sokolova',
        ]);
        const service = await request(backend.server)
          .get('/api/agent-platform/spend/me')
          .set('Authorization', auth);
        expect(service.status).toBe(403);
        const mcp = (await get('api/default/github')).body;
        expect([mcp.totals.cost, rows(mcp.byTeam)]).toEqual([
          1,
          [['group:default/payments', 1]],
        ]);

        // The platform page's model mix and promotion candidates: computed from
        // three grouped queries, they equal what the full platform table gives.
        const more = await Promise.all([
          post(
            cost([s('team.id', 'payments')], 5, [
              s('model', 'claude-opus-4-8'),
              s('skill.name', 'dbt-model-review'),
            ]),
          ),
          post(cost([s('team.id', 'checkout')], 2, [s('model', 'gpt-4o')])),
        ]);
        expect(more.map(r => r.body.accepted)).toEqual([1, 1]);
        // The teams' routing comes from the platform snapshot.
        await waitFor('the snapshot', async () => {
          const res = await request(backend.server)
            .get('/api/agent-platform/overview')
            .set('Authorization', auth);
          return res.status === 200 && res.body.teams.length === 7;
        });
        const insights = await request(backend.server)
          .get('/api/agent-platform/overview/spend-insights')
          .set('Authorization', auth);
        expect(insights.status).toBe(200);
        const table = (
          await request(backend.server)
            .get('/api/agent-platform/spend/teams')
            .set('Authorization', auth)
        ).body;
        const overview = (
          await request(backend.server)
            .get('/api/agent-platform/overview')
            .set('Authorization', auth)
        ).body;
        const teamSpend = new Map<string, any>(
          table.rows.filter((r: any) => r.team).map((r: any) => [r.team, r]),
        );
        expect(insights.body.modelMix).toEqual(
          modelMixDepartures(
            teamSpend,
            new Map(overview.teams.map((t: any) => [t.team, t.routedModels])),
          ),
        );
        const bySkill = new Map<
          string,
          Array<{ team: string; cost: number }>
        >();
        for (const [team, row] of teamSpend) {
          for (const b of row.bySkill) {
            if (b.key === null || b.cost <= 0) continue;
            bySkill.set(b.key, [
              ...(bySkill.get(b.key) ?? []),
              { team, cost: b.cost },
            ]);
          }
        }
        expect(insights.body.promotionCandidates).toEqual(
          promotionCandidatesOf(overview.skills, bySkill),
        );
        expect(insights.body.modelMix.map((d: any) => d.team)).toContain(
          'group:default/checkout',
        );
      } finally {
        await backend.stop();
      }
    });
  },
);
