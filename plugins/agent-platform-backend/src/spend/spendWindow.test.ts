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

/** Waits until the platform table lists the example organisation's eight rows. */
async function waitForTeams(server: Parameters<typeof request>[0], auth: string) {
  await waitFor('the catalog', async () => {
    const res = await request(server).get('/api/agent-platform/spend/teams').set('Authorization', auth);
    return res.status === 200 && res.body.rows.length === 8;
  });
}

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
      await waitForTeams(backend.server, auth);
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

  it('folds a user\'s breakdowns into months after breakdownDays, and the report says which days they count', async () => {
    const knex = await databases.init(databaseId);
    // Mid-month, so that the window starts inside a month.
    const start = Date.parse('2026-10-20T12:00:00Z');
    const clock = testClock(start);
    const backend = await startSpendBackend(
      knex,
      {
        retention: {
          rawDays: 30,
          breakdownDays: 40,
          schedule: { frequency: { days: 1 }, timeout: { minutes: 1 }, initialDelay: { seconds: 1 } },
        },
      },
      { features: [clock.factory] },
    );
    const auth = mockCredentials.service.header();
    const elena = mockCredentials.user.header('user:default/elena.sokolova');
    const post = (value: number, timeMs: number, skill: string) =>
      request(backend.server)
        .post('/api/agent-platform/otlp/v1/metrics')
        .set('Authorization', auth)
        .send(
          deltaCostRequest({
            resource: { 'user.email': 'elena.sokolova@acme.example' },
            value,
            timeMs,
            attributes: { 'skill.name': skill },
          }),
        );
    const mine = async (from: string, to: string) =>
      (
        await request(backend.server)
          .get(`/api/agent-platform/spend/me?from=${from}&to=${to}`)
          .set('Authorization', elena)
      ).body;
    try {
      await waitForTeams(backend.server, auth);
      // Elena in the catalog, then longer than attribution.refreshSeconds
      // (1 s), so that the attribution index the points meet holds her.
      await waitFor('elena in the catalog', async () => {
        const res = await request(backend.server)
          .get('/api/agent-platform/spend/entities/user/default/elena.sokolova')
          .set('Authorization', auth);
        return res.status === 200;
      });
      await new Promise(r => setTimeout(r, 1500));
      await waitFor('the first retention run', async () => (await knex('spend_task_runs')).length > 0);
      // 2026-09-25 and 2026-10-05, each with a skill.
      expect((await post(1, Date.parse('2026-09-25T10:00:00Z'), 'code-review')).body.accepted).toBe(1);
      expect((await post(2, Date.parse('2026-10-05T10:00:00Z'), 'pci-checklist')).body.accepted).toBe(1);
      const all = await mine('2026-09-01', '2026-10-20');
      expect([all.error, all.totals?.cost]).toEqual([undefined, 3]);
      const before = await mine('2026-09-28', '2026-10-20');
      expect(before.breakdownRange).toBeUndefined();
      expect(before.bySkill.map((r: any) => [r.key, r.cost])).toEqual([['pci-checklist', 2]]);

      // 45 days later September ended more than 40 days ago: folded.
      clock.advance(45 * DAY);
      await request(backend.server)
        .post('/api/agent-platform/.backstage/scheduler/v1/tasks/agent-platform-spend-maintenance/trigger')
        .set('Authorization', auth)
        .expect(200);
      await waitFor('the fold', async () => (await knex('spend_rollup_folds')).length > 0);
      expect(await knex('spend_rollup_folds').pluck('month')).toEqual(['2026-09']);
      const after = await mine('2026-09-28', '2026-10-20');
      // Totals and days stay exact; the breakdowns count September whole.
      expect(after.totals.cost).toBe(2);
      expect(after.byDay.filter((d: any) => d.cost > 0).map((d: any) => d.date)).toEqual(['2026-10-05']);
      expect(after.breakdownRange).toEqual({ from: '2026-09-01', to: '2026-10-20' });
      expect(after.bySkill.map((r: any) => [r.key, r.cost])).toEqual([
        ['pci-checklist', 2],
        ['code-review', 1],
      ]);
      // The team's page is never folded.
      const team = (
        await request(backend.server)
          .get('/api/agent-platform/spend/entities/group/default/payments?from=2026-09-28&to=2026-10-20')
          .set('Authorization', auth)
      ).body;
      expect([team.breakdownRange, team.bySkill.map((r: any) => r.key)]).toEqual([undefined, ['pci-checklist']]);
    } finally {
      await backend.stop();
    }
  });

  it('refuses to start when breakdownDays is below rawDays', async () => {
    const knex = await databases.init(databaseId);
    await expect(
      startSpendBackend(knex, { retention: { rawDays: 30, breakdownDays: 20 } }),
    ).rejects.toThrow(
      'agentPlatform.spend.retention.breakdownDays must be at least retention.rawDays (30): a day that can still take data points cannot be folded into its month, got 20',
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
