import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { startSpendBackend, waitFor } from './__testUtils__/spendTestBackend';
import { startFakeAdminApi, usageRecord } from './adminApi/__testUtils__/fakeAdminApi';

// Two backend instances on one PostgreSQL database, each with its own
// connection pool, the real scheduler and a real catalog: both ingest into
// the same store, duplicates across instances count once, and the global
// retention task and the Admin API fetch each run once per period across
// both (checked: with either task switched to `scope: 'local'`, this test
// fails with two runs).

jest.setTimeout(300_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15'],
  disableDocker: true,
});

const DAY = 86_400_000;
const nanos = (ms: number) => `${ms}000000`;
const s = (key: string, value: string) => ({
  key,
  value: { stringValue: value },
});
function batch(team: string, value: number, timeMs: number) {
  return {
    resourceMetrics: [
      {
        resource: { attributes: [s('team.id', team)] },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'claude_code.cost.usage',
                sum: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    {
                      startTimeUnixNano: nanos(timeMs - 60_000),
                      timeUnixNano: nanos(timeMs),
                      asDouble: value,
                      attributes: [s('model', 'claude-sonnet-4-6')],
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

// Needs PostgreSQL (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING);
// `.ci/run` sets it. Without it there is nothing to share, and the test is skipped.
const postgres = databases.eachSupportedId();
(postgres.length > 0 ? describe : describe.skip)(
  'two instances on one PostgreSQL',
  () => {
    it.each(postgres.length > 0 ? postgres : [['POSTGRES_15' as const]])(
      'both ingest into one store, a shared batch counts once, and the global retention and Admin API fetch tasks run once, on %p',
      async databaseId => {
        const first = await databases.init(databaseId);
        // The Admin API: one record a day (one page).
        const adminApi = await startFakeAdminApi(({ query }) => ({
          body: {
            data: [
              usageRecord(query.starting_at, 'elena.sokolova@acme.example', {
                cents: 300,
              }),
            ],
            has_more: false,
            next_page: null,
          },
        }));
        const second: Knex = knexFactory({
          client: 'pg',
          connection: first.client.config.connection,
        });
        const spend = {
          retention: {
            rawDays: 90,
            schedule: {
              frequency: { minutes: 30 },
              timeout: { minutes: 1 },
              initialDelay: { seconds: 1 },
            },
          },
          adminApi: {
            baseUrl: adminApi.baseUrl,
            apiKey: 'sk-ant-admin-two-instances',
            lookbackDays: 3,
            schedule: {
              frequency: { minutes: 30 },
              timeout: { minutes: 1 },
              initialDelay: { seconds: 1 },
            },
          },
        };
        const a = await startSpendBackend(first, spend);
        const b = await startSpendBackend(second, spend);
        const post = (backend: typeof a, body: object) =>
          request(backend.server)
            .post('/api/agent-platform/otlp/v1/metrics')
            .set('Authorization', mockCredentials.service.header())
            .send(body);
        const report = (backend: typeof a, from: string, to: string) =>
          request(backend.server)
            .get(
              `/api/agent-platform/spend/entities/group/default/payments?from=${from}&to=${to}`,
            )
            .set('Authorization', mockCredentials.user.header());
        try {
          for (const backend of [a, b]) {
            await waitFor('the catalog', async () => {
              const res = await request(backend.server)
                .get('/api/agent-platform/spend/teams')
                .set('Authorization', mockCredentials.user.header());
              return res.status === 200 && res.body.rows.length === 8;
            });
          }
          // The first scheduled run of the global retention task: once, on
          // one of the two instances (with local scope there would be two).
          await waitFor('the first retention run', async () => {
            const runs = await first('spend_task_runs');
            return runs.length > 0;
          });
          // A configured schedule must not change the tasks' scopes: the
          // snapshot lives in each instance's memory, retention in the database.
          const tasks = await request(a.server)
            .get('/api/agent-platform/.backstage/scheduler/v1/tasks')
            .set('Authorization', mockCredentials.service.header());
          expect(
            Object.fromEntries(
              tasks.body.tasks.map((t: { taskId: string; scope: string }) => [
                t.taskId,
                t.scope,
              ]),
            ),
          ).toEqual({
            'agent-platform-snapshot-refresh': 'local',
            'agent-platform-spend-maintenance': 'global',
            'agent-platform-spend-admin-api-fetch': 'global',
            'agent-platform-reuse-history': 'global',
            'agent-platform-upgrade-campaigns': 'global',
          });
          // The first scheduled Admin API fetch: the three days once, by one
          // of the two instances (with local scope: six requests).
          await waitFor('the first Admin API fetch', async () => {
            const stored = await first('spend_points').where(
              'source',
              'admin-api',
            );
            return stored.length >= 3 && adminApi.requests.length >= 3;
          });
          await new Promise(r => setTimeout(r, 3000));
          expect(adminApi.requests.map(r => r.query.starting_at)).toHaveLength(
            3,
          );
          expect(new Set(adminApi.requests.map(r => r.query.starting_at)).size).toBe(3);
          const now = Date.now();
          const old = now - 100 * DAY;
          const shared = batch('payments', 0.5, now - 1000);
          const results = await Promise.all([
            post(a, batch('payments', 1, now - 2000)),
            post(b, batch('search', 2, now - 2000)),
            post(a, shared),
            post(b, shared),
            post(a, batch('payments', 4, old)),
          ]);
          expect(results.map(r => r.status)).toEqual([200, 200, 200, 200, 200]);
          // Older than the spend window (rawDays 90): refused, as its key
          // would not be kept.
          expect(results[4].body.ignored).toEqual({ 'timestamp-too-old': 1 });
          // The shared batch was stored by exactly one of the two.
          expect(results[2].body.accepted + results[3].body.accepted).toBe(1);
          expect(results[2].body.duplicates + results[3].body.duplicates).toBe(
            1,
          );

          const today = new Date(now).toISOString().slice(0, 10);
          const oldDay = new Date(old).toISOString().slice(0, 10);
          // Both instances read the same store.
          for (const backend of [a, b]) {
            const res = await report(backend, today, today);
            expect(res.body.totals.cost).toBe(1.5);
          }

          // Triggered once, it runs once more across both.
          expect(await first('spend_task_runs')).toHaveLength(1);
          const triggered = await request(a.server)
            .post(
              '/api/agent-platform/.backstage/scheduler/v1/tasks/agent-platform-spend-maintenance/trigger',
            )
            .set('Authorization', mockCredentials.service.header());
          expect(triggered.status).toBe(200);
          await waitFor('the triggered retention run', async () => {
            const runs = await first('spend_task_runs');
            return runs.length > 1;
          });
          await new Promise(r => setTimeout(r, 4000));
          const runs = await first('spend_task_runs').orderBy('id');
          expect(runs.map(r => r.deleted_points)).toEqual([0, 0]);
          // 1 + 2 + the shared 0.5 remain.
          expect(
            Number(
              (
                await first('spend_points')
                  .where('source', 'otlp')
                  .count({ n: '*' })
              )[0].n,
            ),
          ).toBe(3);
          // Nothing of the refused point reached the rollups
          // (spendWindow.test.ts: pruned days stay in the rollups).
          const kept = await report(b, oldDay, oldDay);
          expect(kept.body.totals.cost).toBe(0);
        } finally {
          await a.stop();
          await b.stop();
          await second.destroy();
          await adminApi.close();
        }
      },
    );
  },
);
