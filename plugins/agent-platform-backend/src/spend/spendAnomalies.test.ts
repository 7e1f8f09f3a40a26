import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startSpendBackend, waitFor } from './__testUtils__/spendTestBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'], disableDocker: true });
const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe.each(databases.eachSupportedId())('spend anomalies on %p', databaseId => {
  it('flags a day far above the team\'s trailing baseline in its report and in the platform table, with outcome ratios', async () => {
    const knex = await databases.init(databaseId);
    const backend = await startSpendBackend(knex);
    const auth = mockCredentials.service.header();
    try {
      await waitFor('the catalog', async () => {
        const res = await request(backend.server).get('/api/agent-platform/spend/teams').set('Authorization', auth);
        return res.status === 200 && res.body.rows.length === 8;
      });
      const now = Date.now();
      const points = [];
      // Three weeks of about $10 a day and one session a day, then $200 today.
      for (let i = 21; i >= 0; i--) {
        const ns = `${now - i * DAY - 60_000}000000`;
        const value = i === 0 ? 200 : 10 + (i % 3);
        points.push({ metric: 'claude_code.cost.usage', ns, value }, { metric: 'claude_code.session.count', ns, value: 1 });
      }
      const res = await request(backend.server)
        .post('/api/agent-platform/otlp/v1/metrics')
        .set('Authorization', auth)
        .send({
          resourceMetrics: [
            {
              resource: { attributes: [{ key: 'team.id', value: { stringValue: 'search' } }] },
              scopeMetrics: [
                {
                  metrics: points.map(p => ({
                    name: p.metric,
                    sum: { aggregationTemporality: 1, dataPoints: [{ startTimeUnixNano: p.ns, timeUnixNano: p.ns, asDouble: p.value }] },
                  })),
                },
              ],
            },
          ],
        });
      expect(res.body.accepted).toBe(44);
      const today = dayOf(now);
      const report = await request(backend.server)
        .get(`/api/agent-platform/spend/entities/group/default/search?from=${dayOf(now - 13 * DAY)}&to=${today}`)
        .set('Authorization', auth);
      expect(report.body.anomalies.map((a: { date: string; cost: number }) => [a.date, a.cost])).toEqual([[today, 200]]);
      expect(report.body.anomalyMethod).toMatchObject({ name: 'trailing-median-mad', windowDays: 28, k: 4 });
      expect(report.body.anomalies[0].baseline).toBe(10.5);
      // Two weeks: cost per session per week.
      expect(report.body.outcomes.map((o: { sessions: number }) => o.sessions)).toEqual([7, 7]);
      expect(report.body.outcomes[1].costPerSession).toBeCloseTo((200 + 6 * 11) / 7, 0);
      const table = await request(backend.server).get(`/api/agent-platform/spend/teams?from=${today}&to=${today}`).set('Authorization', auth);
      const rows = table.body.rows as Array<{ team: string; anomaly: { date: string } | null }>;
      expect(rows.find(r => r.team === 'group:default/search')!.anomaly).toMatchObject({ date: today, cost: 200 });
      expect(rows.filter(r => r.anomaly).length).toBe(1);
    } finally {
      await backend.stop();
    }
  });
});
