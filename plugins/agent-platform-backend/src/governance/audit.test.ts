import {
  mockCredentials,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  AuditorEvent,
  DefaultAuditorService,
} from '@backstage/backend-defaults/auditor';
import request from 'supertest';
import { agentPlatformClockServiceRef } from '../services/clock';
import { usageRecord } from '../spend/adminApi/__testUtils__/fakeAdminApi';
import {
  startSpendBackend,
  waitFor,
} from '../spend/__testUtils__/spendTestBackend';

// The auditor events of the suite's writes, through the real auditor
// (Backstage's DefaultAuditorService, which fills in the actor and the
// request); only its sink records instead of logging.

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('audit trail', () => {
  it('records exception requests, decisions and report imports, refused ones included', async () => {
    const events: AuditorEvent[] = [];
    const knex = await databases.init('SQLITE_3');
    const backend = await startSpendBackend(knex, {}, {
      config: { agentPlatform: { notifications: { enabled: false } } },
      features: [
        createServiceFactory({
          service: coreServices.auditor,
          deps: {
            auth: coreServices.auth,
            httpAuth: coreServices.httpAuth,
            plugin: coreServices.pluginMetadata,
          },
          factory: ({ auth, httpAuth, plugin }) =>
            DefaultAuditorService.create(event => {
              // The config history's own records follow snapshots at their own pace
              // (tested in history/); this test follows the writes users make.
              if (
                event.plugin === 'agent-platform' &&
                event.eventId !== 'config-history-record'
              ) {
                events.push(event);
              }
            }, { auth, httpAuth, plugin }),
        }),
        createServiceFactory({
          service: agentPlatformClockServiceRef,
          deps: {},
          factory: () => ({ now: () => new Date('2026-12-06T10:00:00Z') }),
        }),
      ],
    });
    const post = (user: string, path: string, body: object | unknown[] = {}) =>
      request(backend.server)
        .post(`/api/agent-platform${path}`)
        .set('Authorization', mockCredentials.user.header(`user:default/${user}`))
        .send(body);
    const summary = () =>
      events.map(e => [
        e.eventId,
        e.status,
        e.actor.actorId,
        e.severityLevel,
      ]);
    try {
      await waitFor('the team configs', async () => {
        const res = await request(backend.server)
          .get('/api/agent-platform/exceptions?team=group:default/payments')
          .set('Authorization', mockCredentials.user.header('user:default/grace.liu'));
        return res.status === 200 && res.body.inConfig.length > 0;
      });
      const ask = {
        team: 'group:default/payments',
        target: 'Read(./.env)',
        reason: 'Ledger migration.',
        until: '2026-12-20',
      };
      const created = await post('grace.liu', '/exceptions', ask);
      expect(created.status).toBe(201);
      expect((await post('grace.liu', '/exceptions', ask)).status).toBe(409);
      expect((await post('grace.liu', '/exceptions', { ...ask, until: '2027-12-20' })).status).toBe(400);
      expect((await post('dana.kim', `/exceptions/${created.body.id}/approve`)).status).toBe(200);
      const upload = await post('dana.kim', '/spend/import/admin-api', [
        { data: [usageRecord('2026-12-05', 'grace.liu@acme.example', { cents: 120 })], has_more: false, next_page: null },
      ]);
      expect(upload.status).toBe(200);
      expect((await post('dana.kim', '/spend/import/admin-api', { nope: true })).status).toBe(400);

      const grace = 'user:default/grace.liu';
      const dana = 'user:default/dana.kim';
      expect(summary()).toEqual([
        ['exception-request', 'initiated', grace, 'medium'],
        ['exception-request', 'succeeded', grace, 'medium'],
        ['exception-request', 'initiated', grace, 'medium'],
        ['exception-request', 'failed', grace, 'medium'],
        ['exception-request', 'initiated', grace, 'medium'],
        ['exception-request', 'failed', grace, 'medium'],
        ['exception-decision', 'initiated', dana, 'high'],
        ['exception-decision', 'succeeded', dana, 'high'],
        ['spend-import', 'initiated', dana, 'medium'],
        ['spend-import', 'succeeded', dana, 'medium'],
        ['spend-import', 'initiated', dana, 'medium'],
        ['spend-import', 'failed', dana, 'medium'],
      ]);
      // The outcome's meta adds to the meta the event started with.
      expect(events[1].meta).toEqual({
        team: 'group:default/payments',
        target: 'Read(./.env)',
        until: '2026-12-20',
        id: created.body.id,
        since: '2026-12-06',
      });
      expect(events[0].meta).toEqual({ team: 'group:default/payments', target: 'Read(./.env)', until: '2026-12-20' });
      expect(events[0].request).toEqual({ method: 'POST', url: '/api/agent-platform/exceptions' });
      expect((events[3] as any).error.name).toBe('ConflictError');
      expect((events[5] as any).error.message).toMatch(/^until: 2027-12-20 is \d+ days from 2026-12-06; at most 90 days are allowed$/);
      expect(events[7].meta).toEqual({
        id: created.body.id,
        decision: 'approved',
        team: 'group:default/payments',
        target: 'Read(./.env)',
        until: '2026-12-20',
        decidedBy: dana,
      });
      expect(events[9].meta).toEqual(
        expect.objectContaining({ pages: 1, records: 1, duplicates: 0 }),
      );
      expect((events[11] as any).error.message).toMatch(/^Not an Admin API usage report/);
    } finally {
      await backend.stop();
    }
  });
});
