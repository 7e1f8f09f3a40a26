import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  exampleCatalogConfig,
  startSpendBackend,
  waitFor,
} from '../spend/__testUtils__/spendTestBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('GET /health/reuse', () => {
  it('serves the week the scheduled task stored and the current measure', async () => {
    const knex = await databases.init('SQLITE_3');
    // An old week, as an earlier run would have stored it.
    const backend = await startSpendBackend(
      knex,
      {},
      {
        config: {
          agentPlatform: {
            snapshot: {
              schedule: { frequency: { seconds: 1 }, timeout: { seconds: 30 } },
            },
            health: {
              reuseSchedule: {
                frequency: { seconds: 2 },
                timeout: { seconds: 30 },
                initialDelay: { seconds: 1 },
              },
            },
          },
          catalog: exampleCatalogConfig({
            reposSchedule: {
              frequency: { seconds: 2 },
              timeout: { minutes: 1 },
              initialDelay: { seconds: 1 },
            },
          }),
        },
      },
    );
    const get = (query = '') =>
      request(backend.server)
        .get(`/api/agent-platform/health/reuse${query}`)
        .set('Authorization', mockCredentials.user.header());
    try {
      await knex('reuse_history').insert({
        week: '2026-01-05',
        teams: 7,
        teams_reusing: 1,
        teams_own_only: 3,
        repos: 9,
        repos_reusing: 2,
        registry_assets: 1,
        own_assets: 8,
        computed_at: Date.parse('2026-01-05T10:00:00Z'),
      });
      // The task stores the week every 2 s from the snapshot of the moment;
      // early ones may see repositories whose servers the catalog has not
      // matched yet, and the catalog re-reads the repositories every 2 s, so
      // a later row may differ again. Wait for a stored week that saw what
      // the snapshot sees, and judge that one answer.
      let body: any;
      await waitFor('this week recorded with the repositories', async () => {
        const res = await get();
        body = res.body;
        const last = res.body.history?.at(-1);
        return (
          res.status === 200 &&
          last?.week !== '2026-01-05' &&
          last?.repos === 13 &&
          last?.reposReusing === res.body.current?.reposReusing &&
          last?.teamsReusing === res.body.current?.teamsReusing
        );
      });
      expect(body.history[0]).toMatchObject({ week: '2026-01-05', teamShare: 0.143 });
      const week = body.history.at(-1);
      expect(week.week).toBe(body.current.week);
      expect(week).toMatchObject({
        teams: body.current.teams,
        teamsReusing: body.current.teamsReusing,
        repos: 13,
        reposReusing: body.current.reposReusing,
      });
      expect(body.current.teams).toBe(7);
      expect(body.current.teamShare).toBe(
        Math.round((body.current.teamsReusing / 7) * 1000) / 1000,
      );
      expect((await get('?weeks=1')).body.history).toHaveLength(1);
      expect((await get('?weeks=0')).status).toBe(400);
    } finally {
      await backend.stop();
    }
  });
});
