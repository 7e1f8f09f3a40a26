import {
  mockCredentials,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import request from 'supertest';
import { agentPlatformClockServiceRef } from '../services/clock';
import {
  startSpendBackend,
  waitFor,
} from '../spend/__testUtils__/spendTestBackend';

// Governance alerts through the real notifications backend: the stored
// notifications are read back through its API as the users who received them.

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('governance notifications', () => {
  it('tells owners once per condition, and a second snapshot sends nothing new', async () => {
    const clock = { now: new Date('2026-12-06T10:00:00Z') };
    const knex = await databases.init('SQLITE_3');
    const backend = await startSpendBackend(knex, {}, {
      config: { app: { baseUrl: 'http://localhost:3000' } },
      features: [
        notificationsPlugin,
        createServiceFactory({
          service: agentPlatformClockServiceRef,
          deps: {},
          factory: () => ({ now: () => clock.now }),
        }),
      ],
    });
    const inbox = async (user: string) => {
      const res = await request(backend.server)
        .get('/api/notifications/notifications?limit=100')
        .set('Authorization', mockCredentials.user.header(`user:default/${user}`));
      expect(res.status).toBe(200);
      return res.body.notifications as Array<{
        id: string;
        created: string;
        updated?: string | null;
        payload: { title: string; severity: string; topic: string; scope: string; link: string };
      }>;
    };
    const scopes = async (user: string) =>
      (await inbox(user)).map(n => `${n.payload.scope} ${n.payload.severity}`).sort();
    const builtAt = async () =>
      (
        await request(backend.server)
          .get('/api/agent-platform/overview')
          .set('Authorization', mockCredentials.user.header('user:default/dana.kim'))
      ).body.builtAt as string | undefined;
    const post = (user: string, path: string, body: object = {}) =>
      request(backend.server)
        .post(`/api/agent-platform${path}`)
        .set('Authorization', mockCredentials.user.header(`user:default/${user}`))
        .send(body);
    try {
      // The run's last conditions go to wei.zhang (data-eng's expired
      // exception, then its deprecated assets); wait for them, then for a request's notification, which is
      // sent by the run queued after the snapshot's (runs never overlap).
      const platform = [
        'agent-platform:release:airesource:default/data-eng-agent-config critical',
        'agent-platform:release:airesource:default/mobile-agent-config critical',
      ];
      const dataEng = [
        'agent-platform:deprecated:group:default/data-eng normal',
        'agent-platform:exception:group:default/data-eng:api:default/snowflake high',
        'agent-platform:release:airesource:default/data-eng-agent-config critical',
      ];
      const mobile = [
        'agent-platform:deprecated:group:default/mobile normal',
        'agent-platform:release:airesource:default/mobile-agent-config critical',
      ];
      const same = (a: string[], b: string[]) => JSON.stringify(a) === JSON.stringify(b);
      await waitFor('the first notifications', async () =>
        same(await scopes('dana.kim'), platform) &&
        same(await scopes('wei.zhang'), dataEng) &&
        same(await scopes('yuki.tanaka'), mobile),
      );
      // Who else is told: nobody in payments (up to date, nothing deprecated).
      expect(await scopes('grace.liu')).toEqual([]);
      const security = (await inbox('yuki.tanaka'))
        .map(n => n.payload)
        .find(p => p.topic === 'agent-platform-release');
      expect(security).toEqual(
        expect.objectContaining({
          title: 'group:default/mobile misses security release 2.2.0 of org-base',
          topic: 'agent-platform-release',
          link: '/catalog/default/group/mobile',
        }),
      );

      // The catalog may still be settling (each change is a new snapshot):
      // wait until no snapshot was built for three seconds.
      let last = await builtAt();
      let quiet = 0;
      await waitFor('a settled catalog', async () => {
        const now = await builtAt();
        quiet = now === last ? quiet + 1 : 0;
        last = now;
        return quiet >= 12;
      });

      // A second snapshot (the next day: the snapshot is rebuilt) finds the
      // same conditions and sends nothing new: not even an update of the
      // same scope (which would set `updated`).
      const sentBefore = [
        ...(await inbox('dana.kim')),
        ...(await inbox('wei.zhang')),
        ...(await inbox('yuki.tanaka')),
      ];
      const first = await builtAt();
      clock.now = new Date('2026-12-07T10:00:00Z');
      await waitFor('the next snapshot', async () => (await builtAt()) !== first);

      // A request: the approvers are told (after the snapshot's run).
      const asked = await post('grace.liu', '/exceptions', {
        team: 'group:default/payments',
        target: 'Read(./.env)',
        reason: 'Ledger migration.',
        until: '2026-12-20',
      });
      expect(asked.status).toBe(201);
      const requestScope = `agent-platform:exception-request:${asked.body.id}`;
      await waitFor('the request notification', async () =>
        (await scopes('dana.kim')).includes(`${requestScope} normal`),
      );
      expect(await scopes('dana.kim')).toEqual([...platform, `${requestScope} normal`].sort());
      const sentAfter = [
        ...(await inbox('dana.kim')),
        ...(await inbox('wei.zhang')),
        ...(await inbox('yuki.tanaka')),
      ].filter(n => n.payload.scope !== requestScope);
      expect(sentAfter).toEqual(sentBefore);

      // The decision reaches the team and the requester, under the same scope.
      expect((await post('dana.kim', `/exceptions/${asked.body.id}/deny`, { note: 'Use the vault.' })).status).toBe(200);
      await waitFor('the decision notification', async () =>
        (await scopes('grace.liu')).includes(`${requestScope} high`),
      );
      const decision = (await inbox('grace.liu')).find(n => n.payload.scope === requestScope)!;
      expect(decision.payload.title).toBe('Exception for Read(./.env) denied');
      // Exactly one notification of it for the requester, who is in the team too.
      expect((await scopes('grace.liu')).filter(x => x.startsWith(requestScope))).toHaveLength(1);
    } finally {
      await backend.stop();
    }
  });
});
