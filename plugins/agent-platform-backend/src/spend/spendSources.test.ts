import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { usageRecord } from './adminApi/__testUtils__/fakeAdminApi';
import { startSpendBackend, waitFor } from './__testUtils__/spendTestBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
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
        resource: { attributes: [{ key: 'user.email', value: { stringValue: email } }] },
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
                      asDouble: cost,
                      attributes: [{ key: 'model', value: { stringValue: 'claude-sonnet-4-6' } }],
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

const report = (day: string, email: string, cents: number) => ({
  data: [usageRecord(day, email, { cents })],
  has_more: false,
  next_page: null,
});

// The Admin API report is the billing truth, OTLP the real-time view: each
// user's day counts one of them, the report replacing OTLP as it arrives.
describe.each(databases.eachSupportedId())('two spend sources on %p', databaseId => {
  it('counts one source per user-day: report after, before and twice, and for a user OTLP never saw', async () => {
    const knex = await databases.init(databaseId);
    const backend = await startSpendBackend(knex);
    const auth = mockCredentials.service.header();
    const post = (body: object) =>
      request(backend.server).post('/api/agent-platform/otlp/v1/metrics').set('Authorization', auth).send(body);
    const upload = (body: object) =>
      request(backend.server).post('/api/agent-platform/spend/import/admin-api').set('Authorization', auth).send(body);
    const get = (path: string) =>
      request(backend.server).get(`/api/agent-platform/spend${path}`).set('Authorization', auth);
    try {
      await waitFor('the catalog', async () => {
        const res = await get('/teams');
        const users = await Promise.all(
          ['elena.sokolova', 'tom.okafor', 'grace.liu'].map(u => get(`/entities/user/default/${u}`)),
        );
        return res.status === 200 && res.body.rows.length === 8 && users.every(u => u.status === 200);
      });
      // The attribution index is read again after refreshSeconds (1 s): let it see the users.
      await new Promise(r => setTimeout(r, 1500));
      const today = Date.parse(`${dayOf(Date.now())}T00:00:00Z`);
      const [d1, d2, d3] = [today - 3 * DAY, today - 2 * DAY, today - DAY];
      const elena = 'elena.sokolova@acme.example';
      const tom = 'tom.okafor@acme.example';
      const grace = 'grace.liu@acme.example';

      // Report after OTLP: $3 through OTLP, then a report of 300 cents.
      expect((await post(otlp(elena, 1, d1 + 3_600_000))).body.accepted).toBe(1);
      expect((await post(otlp(elena, 2, d1 + 7_200_000))).body.accepted).toBe(1);
      expect((await upload(report(dayOf(d1), elena, 300))).body.accepted).toBeGreaterThan(0);
      // ...and OTLP that arrives later for that user-day is not counted.
      expect((await post(otlp(elena, 0.5, d1 + 10_800_000))).body.accepted).toBe(1);
      // Report twice: nothing changes.
      expect((await upload(report(dayOf(d1), elena, 300))).body.accepted).toBe(0);

      // Report before OTLP: 250 cents, then $1.10 of telemetry.
      await upload(report(dayOf(d2), tom, 250));
      await post(otlp(tom, 1.1, d2 + 3_600_000));

      // A report for a user OTLP never saw (grace), on a day another user
      // (tom) only sent telemetry: the report does not replace tom's.
      await upload(report(dayOf(d3), grace, 400));
      await post(otlp(tom, 0.7, d3 + 3_600_000));

      const payments = await get(`/entities/group/default/payments?from=${dayOf(d1)}&to=${dayOf(d3)}`);
      expect(payments.body.byDay.map((d: { date: string; cost: number }) => [d.date, d.cost])).toEqual([
        [dayOf(d1), 3],
        [dayOf(d2), 2.5],
        [dayOf(d3), 4.7],
      ]);
      expect(payments.body.totals.cost).toBe(10.2);
      // The user's own report and the model breakdown agree.
      const elenaReport = await get(`/entities/user/default/elena.sokolova?from=${dayOf(d1)}&to=${dayOf(d1)}`);
      expect(elenaReport.body.totals.cost).toBe(3);
      expect(elenaReport.body.byModel.map((m: { key: string; cost: number }) => [m.key, m.cost])).toEqual([
        ['claude-sonnet-4-6', 3],
      ]);
      const table = await get(`/teams?from=${dayOf(d1)}&to=${dayOf(d3)}`);
      expect(table.body.rows.find((r: { team: string }) => r.team === 'group:default/payments').cost).toBe(10.2);

      // Where the two differ, per team and day.
      const reconciliation = await get(
        `/entities/group/default/payments/reconciliation?from=${dayOf(d1)}&to=${dayOf(d3)}`,
      );
      expect(reconciliation.status).toBe(200);
      expect(reconciliation.body.days).toEqual([
        { date: dayOf(d1), otlp: 3.5, adminApi: 3, counted: 3, difference: -0.5 },
        { date: dayOf(d2), otlp: 1.1, adminApi: 2.5, counted: 2.5, difference: 1.4 },
        { date: dayOf(d3), otlp: 0.7, adminApi: 4, counted: 4.7, difference: 3.3 },
      ]);
      expect(reconciliation.body.totals).toEqual({ otlp: 5.3, adminApi: 9.5, counted: 10.2 });
      const notATeam = await get('/entities/user/default/tom.okafor/reconciliation');
      expect([notATeam.status, notATeam.body.error.message]).toEqual([
        400,
        'The reconciliation is kept per team: user:default/tom.okafor is not a Group',
      ]);
    } finally {
      await backend.stop();
    }
  });
});
