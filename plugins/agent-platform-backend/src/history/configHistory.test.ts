import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import request from 'supertest';
import { agentPlatformClockServiceRef } from '../services/clock';
import {
  startSpendBackend,
  waitFor,
} from '../spend/__testUtils__/spendTestBackend';

// The history of effective configs on the example organisation, through the
// real catalog, the exception routes and the plugin's database: recorded
// once per change, never again for an unchanged snapshot or after a restart.

jest.setTimeout(600_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const PAYMENTS = 'group:default/payments';

interface Entry {
  subject: string;
  at: string;
  tags: string[];
  lines: string[];
}

describe('effective config history', () => {
  it.each(databases.eachSupportedId())(
    'records each change once, across snapshots and restarts, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const kept = new Map<string, Knex>();
      const clock = { now: new Date('2026-12-06T10:00:00Z') };
      const start = () =>
        startSpendBackend(
          knex,
          {},
          {
            config: { agentPlatform: { notifications: { enabled: false } } },
            keptDatabases: kept,
            features: [
              createServiceFactory({
                service: agentPlatformClockServiceRef,
                deps: {},
                factory: () => ({ now: () => clock.now }),
              }),
            ],
          },
        );
      let backend = await start();
      const as = (user: string) =>
        mockCredentials.user.header(`user:default/${user}`);
      const get = (path: string) =>
        request(backend.server)
          .get(`/api/agent-platform/history/${path}`)
          .set('Authorization', as('grace.liu'));
      const history = async (path: string) => {
        const res = await get(path);
        expect(res.status).toBe(200);
        return res.body as { subjects: string[]; entries: Entry[] };
      };
      // Rows of the subjects recorded so far: a repository the catalog
      // reads late gets its own first entry, which is not a repeat.
      const subjects = async (): Promise<string[]> =>
        knex('agent_platform_config_history')
          .distinct('subject')
          .pluck('subject');
      const rows = async (of: string[]) =>
        Number(
          (
            await knex('agent_platform_config_history')
              .whereIn('subject', of)
              .count('* as n')
          )[0].n,
        );
      const builtAt = async () =>
        (
          await request(backend.server)
            .get('/api/agent-platform/overview')
            .set('Authorization', as('dana.kim'))
        ).body.builtAt as string | undefined;
      // The catalog loads in steps (each one a snapshot): wait until no
      // snapshot was built for three seconds.
      const settled = async () => {
        let last = await builtAt();
        let quiet = 0;
        await waitFor('a settled catalog', async () => {
          const now = await builtAt();
          quiet = now && now === last ? quiet + 1 : 0;
          last = now;
          return quiet >= 12;
        });
      };
      try {
        await waitFor('the first states', async () => {
          // 404 until the catalog has the group.
          const res = await get('group/default/payments');
          return (
            res.status === 200 &&
            (res.body.entries as Entry[]).some(e => e.subject === PAYMENTS)
          );
        });
        await settled();

        const first = await history('group/default/payments');
        // The team's own changes and its repositories'.
        expect(first.subjects).toEqual(
          expect.arrayContaining([PAYMENTS, 'component:default/payments-api']),
        );
        const team = first.entries.filter(e => e.subject === PAYMENTS);
        expect(team.at(-1)).toMatchObject({
          tags: ['first'],
          lines: [expect.stringMatching(/^- First recorded: org-base@/)],
        });

        // An exception requested and approved in the portal is a change.
        const asked = await request(backend.server)
          .post('/api/agent-platform/exceptions')
          .set('Authorization', as('grace.liu'))
          .send({
            team: PAYMENTS,
            target: 'Read(./.env)',
            reason: 'Ledger migration.',
            until: '2026-12-20',
          });
        expect(asked.status).toBe(201);
        const approved = await request(backend.server)
          .post(`/api/agent-platform/exceptions/${asked.body.id}/approve`)
          .set('Authorization', as('dana.kim'));
        expect(approved.status).toBe(200);
        await waitFor('the exception in the history', async () =>
          (
            await history('group/default/payments')
          ).entries.some(
            e => e.subject === PAYMENTS && e.tags.includes('exception'),
          ),
        );
        // Found by what it is: a repository the catalog reads late can
        // record its first state at the same snapshot time.
        const granted = (await history('group/default/payments')).entries.find(
          e => e.subject === PAYMENTS && e.tags.includes('exception'),
        );
        expect(granted).toMatchObject({
          subject: PAYMENTS,
          at: '2026-12-06T10:00:00.000Z',
          tags: ['exception'],
          lines: [
            '- Exception granted: Read(./.env) until 2026-12-20, approved by user:default/dana.kim',
          ],
        });
        // A repository's page shows its team's changes too.
        const repo = await history('component/default/payments-api');
        expect(repo.subjects).toEqual([
          'component:default/payments-api',
          PAYMENTS,
        ]);
        expect(
          repo.entries.find(
            e => e.subject === PAYMENTS && e.tags.includes('exception'),
          ),
        ).toEqual(granted);

        // The next day's snapshot is rebuilt from scratch and changes
        // nothing: nothing is recorded again.
        const known = await subjects();
        const count = await rows(known);
        const before = await builtAt();
        clock.now = new Date('2026-12-07T10:00:00Z');
        await waitFor(
          'the next snapshot',
          async () => (await builtAt()) !== before,
        );
        await settled();
        expect(await rows(known)).toBe(count);

        // A restart compares with the stored states: no flood.
        await backend.stop();
        backend = await start();
        await waitFor(
          'the restarted snapshot',
          async () => !!(await builtAt()),
        );
        await settled();
        expect(await rows(known)).toBe(count);

        // Bad input: a kind with no history, an unknown entity.
        const bad = await request(backend.server)
          .get('/api/agent-platform/history/api/default/github')
          .set('Authorization', as('grace.liu'));
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toBe(
          'History is kept for teams (group) and repositories (component), not api',
        );
        const missing = await request(backend.server)
          .get('/api/agent-platform/history/group/default/nobody?limit=0')
          .set('Authorization', as('grace.liu'));
        expect(missing.status).toBe(400);
        expect(missing.body.error.message).toMatch(/^limit /);
        const unknown = await request(backend.server)
          .get('/api/agent-platform/history/group/default/nobody')
          .set('Authorization', as('grace.liu'));
        expect(unknown.status).toBe(404);
      } finally {
        await backend.stop();
        await Promise.all([...kept.values()].map(k => k.destroy()));
      }
    },
  );
});
