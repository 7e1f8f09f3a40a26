import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  INGEST_TOKEN,
  startSpendBackend,
  waitFor,
} from '../spend/__testUtils__/spendTestBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** One cumulative OTLP data point of a metric, as Claude Code sends it. */
function metric(name: string, value: number, attributes: Record<string, string>) {
  const now = `${Date.now()}000000`;
  return {
    name,
    sum: {
      aggregationTemporality: 2,
      isMonotonic: true,
      dataPoints: [
        {
          startTimeUnixNano: now,
          timeUnixNano: now,
          asDouble: value,
          attributes: Object.entries(attributes).map(([key, v]) => ({
            key,
            value: { stringValue: v },
          })),
        },
      ],
    },
  };
}

describe('GET /health/adoption', () => {
  it('lists every team, the idle ones first, with engineers, sessions, skill share and cost per pull request', async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await startSpendBackend(knex, {}, { realAuth: true });
    const get = (path: string) =>
      request(backend.server)
        .get(`/api/agent-platform${path}`)
        .set('Authorization', `Bearer ${INGEST_TOKEN}`);
    try {
      // Until the spend index knows payments (with only some teams, the
      // points below could go unattributed and payments be missing).
      await waitFor('the teams', async () => {
        const res = await get('/spend/teams');
        return (
          res.status === 200 &&
          res.body.rows.some((r: any) => r.team === 'group:default/payments')
        );
      });
      const user = { 'user.email': 'elena.sokolova@acme.example', 'session.id': 's1' };
      const otlp = await request(backend.server)
        .post('/api/agent-platform/otlp/v1/metrics')
        .set('Authorization', `Bearer ${INGEST_TOKEN}`)
        .send({
          resourceMetrics: [
            {
              resource: { attributes: [{ key: 'team.id', value: { stringValue: 'payments' } }] },
              scopeMetrics: [
                {
                  metrics: [
                    metric('claude_code.cost.usage', 6, { ...user, 'skill.name': 'pci-checklist' }),
                    metric('claude_code.cost.usage', 2, user),
                    metric('claude_code.session.count', 3, user),
                    metric('claude_code.pull_request.count', 2, user),
                  ],
                },
              ],
            },
          ],
        });
      expect(otlp.status).toBe(200);

      const today = new Date().toISOString().slice(0, 10);
      const res = await get(`/health/adoption?from=${today}&to=${today}`);
      expect(res.status).toBe(200);
      const payments = res.body.rows.find((r: any) => r.team === 'group:default/payments');
      expect(payments).toMatchObject({
        activeEngineers: 1,
        sessions: 3,
        sessionsPerEngineerPerWeek: 21,
        cost: 8,
        skillShare: 0.75,
        pullRequests: 2,
        costPerPullRequest: 4,
        depth: 'heavy',
      });
      // Teams without usage are listed, first.
      expect(res.body.rows[0]).toMatchObject({ depth: 'none', sessions: 0, activeEngineers: 0 });
      expect(res.body.rows.filter((r: any) => r.depth === 'none').length).toBe(
        res.body.rows.length - 1,
      );
      const bad = await get('/health/adoption?from=yesterday');
      expect(bad.status).toBe(400);
    } finally {
      await backend.stop();
    }
  });
});
