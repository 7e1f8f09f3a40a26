import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { resolve } from 'node:path';
import request from 'supertest';
import { agentPlatformClockServiceRef } from '../services/clock';
import {
  exampleCatalogConfig,
  startSpendBackend,
  waitFor,
} from '../spend/__testUtils__/spendTestBackend';

// A notification for a group with no members, through the real
// notifications backend: sent to the group alone it would be stored for
// nobody, so the platform team is told instead, with the reason.

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('a notification for a group with no members', () => {
  it('reaches the platform team, saying the group has no members', async () => {
    const knex = await databases.init('SQLITE_3');
    const catalog = exampleCatalogConfig() as {
      locations: Array<{ type: string; target: string }>;
    };
    const backend = await startSpendBackend(
      knex,
      {},
      {
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          catalog: {
            ...catalog,
            locations: [
              ...catalog.locations,
              {
                type: 'file',
                target: resolve(__dirname, '__fixtures__/ghost-team.yaml'),
              },
            ],
          },
        },
        features: [
          notificationsPlugin,
          createServiceFactory({
            service: agentPlatformClockServiceRef,
            deps: {},
            factory: () => ({ now: () => new Date('2026-12-06T10:00:00Z') }),
          }),
        ],
      },
    );
    const inbox = async (user: string) => {
      const res = await request(backend.server)
        .get('/api/notifications/notifications?limit=100')
        .set(
          'Authorization',
          mockCredentials.user.header(`user:default/${user}`),
        );
      expect(res.status).toBe(200);
      return res.body.notifications as Array<{
        payload: { title: string; description: string; scope: string };
      }>;
    };
    const scope =
      'agent-platform:release:airesource:default/ghost-agent-config';
    try {
      // dana.kim is in the platform team.
      await waitFor('the ghost team notification', async () =>
        (await inbox('dana.kim')).some(n => n.payload.scope === scope),
      );
      const [told] = (await inbox('dana.kim')).filter(
        n => n.payload.scope === scope,
      );
      expect(told.payload.title).toBe(
        'New base release org-base@2.4.0 for group:default/ghost',
      );
      expect(told.payload.description).toMatch(
        /\(Sent to the platform team: group:default\/ghost has no members in the catalog; add the team's members to the catalog so that it is told itself\.\)$/,
      );
      // A team with members is still told itself, not the platform team:
      // checkout (2.3.0, one release behind) reaches its own members only.
      const checkoutScope =
        'agent-platform:release:airesource:default/checkout-agent-config';
      expect(
        (await inbox('dana.kim')).some(n => n.payload.scope === checkoutScope),
      ).toBe(false);
    } finally {
      await backend.stop();
    }
  });
});
