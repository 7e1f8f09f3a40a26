import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startSpendBackend, waitFor } from './__testUtils__/spendTestBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** An OTLP delta cost point of a user at a time. */
function otlp(email: string, cost: number, timeMs: number) {
  const ns = `${timeMs}000000`;
  return {
    resourceMetrics: [
      {
        resource: {
          attributes: [{ key: 'user.email', value: { stringValue: email } }],
        },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'claude_code.cost.usage',
                sum: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    { startTimeUnixNano: ns, timeUnixNano: ns, asDouble: cost },
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

describe('the report cache (reportCacheSeconds)', () => {
  it('serves a computed report again for the period, per range, and still answers 404 for what is not there', async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await startSpendBackend(knex, { reportCacheSeconds: 300 });
    const auth = mockCredentials.service.header();
    const get = (path: string) =>
      request(backend.server)
        .get(`/api/agent-platform/spend${path}`)
        .set('Authorization', auth);
    try {
      await waitFor('the catalog', async () => {
        const res = await request(backend.server)
          .get(
            '/api/agent-platform/spend/entities/user/default/elena.sokolova?from=2026-01-01&to=2026-01-01',
          )
          .set('Authorization', auth);
        return res.status === 200;
      });
      await new Promise(r => setTimeout(r, 1500));
      const today = Date.parse(`${dayOf(Date.now())}T00:00:00Z`);
      const range = `?from=${dayOf(today - DAY)}&to=${dayOf(today)}`;
      const before = await get(`/entities/group/default/payments${range}`);
      const tableBefore = await get(`/teams${range}`);
      expect(before.status).toBe(200);
      const posted = await request(backend.server)
        .post('/api/agent-platform/otlp/v1/metrics')
        .set('Authorization', auth)
        .send(otlp('elena.sokolova@acme.example', 2, today - DAY + 3_600_000));
      expect(posted.body.accepted).toBe(1);

      // The same range: the report computed before the write.
      const again = await get(`/entities/group/default/payments${range}`);
      expect(again.body.totals.cost).toBe(before.body.totals.cost);
      const tableAgain = await get(`/teams${range}`);
      expect(tableAgain.body.totals.cost).toBe(tableBefore.body.totals.cost);
      // Another range is computed anew and has the new spend.
      const other = await get(
        `/entities/group/default/payments?from=${dayOf(today - DAY)}&to=${dayOf(
          today - DAY,
        )}`,
      );
      expect(other.body.totals.cost).toBe(2);

      for (let i = 0; i < 2; i++) {
        const missing = await get('/entities/group/default/no-such-team');
        expect(missing.status).toBe(404);
      }
    } finally {
      await backend.stop();
    }
  });
});
