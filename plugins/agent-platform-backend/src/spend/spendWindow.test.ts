import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { usageRecord } from './adminApi/__testUtils__/fakeAdminApi';
import { deltaCostRequest } from './__testUtils__/otlpRequests';
import { startSpendBackend, waitFor } from './__testUtils__/spendTestBackend';
import { testClock } from './__testUtils__/testClock';

jest.setTimeout(180_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const otlp = (team: string, value: number, timeMs: number) =>
  deltaCostRequest({ resource: { 'team.id': team }, value, timeMs });

async function totalCost(knex: Knex) {
  const [row] = await knex('spend_rollup_day')
    .where({ scope: 'team', dimension: '' })
    .sum({ cost: 'cost' });
  return Number(row.cost ?? 0);
}

// One window for the age a point may have and for how long its idempotency
// key is kept: a replay after the raw points are pruned is refused, never
// counted again; for OTLP and the Admin API import alike.
describe.each(databases.eachSupportedId())('the spend window on %p', databaseId => {
  it('refuses points older than the window, so a replay after retention counts once', async () => {
    const knex = await databases.init(databaseId);
    const start = Date.now();
    const clock = testClock(start);
    const backend = await startSpendBackend(
      knex,
      {
        retention: {
          rawDays: 30,
          schedule: { frequency: { days: 1 }, timeout: { minutes: 1 }, initialDelay: { seconds: 1 } },
        },
      },
      { features: [clock.factory] },
    );
    const auth = mockCredentials.service.header();
    const post = (body: object) =>
      request(backend.server).post('/api/agent-platform/otlp/v1/metrics').set('Authorization', auth).send(body);
    const upload = (body: object) =>
      request(backend.server).post('/api/agent-platform/spend/import/admin-api').set('Authorization', auth).send(body);
    try {
      await waitFor('the catalog', async () => {
        const res = await request(backend.server).get('/api/agent-platform/spend/teams').set('Authorization', auth);
        return res.status === 200 && res.body.rows.length === 8;
      });
      // The task's first run, at start (a task worker starts after its initial delay).
      await waitFor('the first retention run', async () => (await knex('spend_task_runs')).length > 0);
      const old = start - 20 * DAY;
      const batch = otlp('payments', 1.25, old);
      const report = { data: [usageRecord(day(old), 'elena.sokolova@acme.example', { cents: 300 })], has_more: false, next_page: null };
      expect((await post(batch)).body).toEqual({ accepted: 1, duplicates: 0, ignored: {} });
      expect((await upload(report)).body).toMatchObject({ duplicates: 0, ignored: {} });
      // A report from 2016 is outside any window.
      const ancient = await upload({ data: [usageRecord('2016-03-01', 'elena.sokolova@acme.example')], has_more: false, next_page: null });
      expect(ancient.body).toMatchObject({ accepted: 0, ignored: { 'timestamp-too-old': 10 } });
      // And an OTLP point 31 days old.
      expect((await post(otlp('payments', 5, start - 31 * DAY))).body).toEqual({
        partialSuccess: { rejectedDataPoints: '1', errorMessage: 'Ignored 1 data point: timestamp-too-old 1' },
        accepted: 0,
        duplicates: 0,
        ignored: { 'timestamp-too-old': 1 },
      });
      expect(await totalCost(knex)).toBeCloseTo(4.25, 9);

      // Fifteen days later the points are 35 days old: retention prunes them...
      clock.advance(15 * DAY);
      const trigger = await request(backend.server)
        .post('/api/agent-platform/.backstage/scheduler/v1/tasks/agent-platform-spend-maintenance/trigger')
        .set('Authorization', auth);
      expect(trigger.status).toBe(200);
      await waitFor('the retention run', async () => (await knex('spend_task_runs')).length > 1);
      expect(Number((await knex('spend_points').count({ n: '*' }))[0].n)).toBe(0);
      expect(Number((await knex('spend_point_keys').count({ n: '*' }))[0].n)).toBe(0);
      // ...and a replay of either is refused, not counted again.
      expect((await post(batch)).body.ignored).toEqual({ 'timestamp-too-old': 1 });
      expect((await upload(report)).body).toMatchObject({ accepted: 0 });
      expect(await totalCost(knex)).toBeCloseTo(4.25, 9);
    } finally {
      await backend.stop();
    }
  });

  it('with pointDays 0 keeps only the keys, and a replay still counts once', async () => {
    const knex = await databases.init(databaseId);
    const backend = await startSpendBackend(knex, { retention: { rawDays: 30, pointDays: 0 } });
    const auth = mockCredentials.service.header();
    const post = (body: object) =>
      request(backend.server).post('/api/agent-platform/otlp/v1/metrics').set('Authorization', auth).send(body);
    try {
      const batch = otlp('payments', 1.25, Date.now() - DAY);
      expect((await post(batch)).body).toEqual({ accepted: 1, duplicates: 0, ignored: {} });
      expect((await post(batch)).body).toEqual({ accepted: 0, duplicates: 1, ignored: {} });
      expect(Number((await knex('spend_points').count({ n: '*' }))[0].n)).toBe(0);
      expect(Number((await knex('spend_point_keys').count({ n: '*' }))[0].n)).toBe(1);
      expect(await totalCost(knex)).toBeCloseTo(1.25, 9);
    } finally {
      await backend.stop();
    }
  });

  it('refuses to start when pointDays is outside 0 to rawDays, naming both', async () => {
    const knex = await databases.init(databaseId);
    await expect(
      startSpendBackend(knex, { retention: { rawDays: 30, pointDays: 60 } }),
    ).rejects.toThrow(
      'agentPlatform.spend.retention.pointDays must be between 0 and retention.rawDays (30), got 60',
    );
  });

  it('refuses to start with the former second window, ingestion.maxAgeDays', async () => {
    const knex = await databases.init(databaseId);
    await expect(
      startSpendBackend(knex, { ingestion: { maxAgeDays: 400 } }),
    ).rejects.toThrow(
      'agentPlatform.spend.ingestion.maxAgeDays is no longer read',
    );
  });
});
