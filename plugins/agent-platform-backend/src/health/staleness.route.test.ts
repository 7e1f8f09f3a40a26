import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import request from 'supertest';
import { agentPlatformClockServiceRef } from '../services/clock';
import {
  exampleCatalogConfig,
  startSpendBackend,
  waitFor,
} from '../spend/__testUtils__/spendTestBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

// Half a year after the example repositories were checked out.
const NOW = new Date(Date.now() + 180 * 86_400_000);

describe('GET /health/staleness', () => {
  it('names the example repositories behind the base with old agent files, and the teams that missed the security release', async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await startSpendBackend(
      knex,
      {},
      {
        features: [
          createServiceFactory({
            service: agentPlatformClockServiceRef,
            deps: {},
            factory: () => ({ now: () => NOW }),
          }),
        ],
        // Repos often, so that a run soon sees the Components.
        config: {
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
        .get(`/api/agent-platform/health/staleness${query}`)
        .set('Authorization', mockCredentials.user.header());
    try {
      // The catalog ingests the example repositories one by one; wait until
      // the snapshot holds cart-service and the teams behind the security
      // release, not merely the first repository to arrive.
      await waitFor('cart-service and the unreviewed teams in the snapshot', async () => {
        const res = await get();
        return (
          res.status === 200 &&
          res.body.staleRepos.some(
            (r: any) => r.component === 'component:default/cart-service',
          ) &&
          res.body.unreviewedTeams.length >= 2
        );
      });
      const { body } = await get();
      expect(body.staleAfterDays).toBe(90);
      // cart-service pins org-base@2.2.0 in its AGENTS.md (two releases behind).
      const cart = body.staleRepos.find(
        (r: any) => r.component === 'component:default/cart-service',
      );
      expect(cart).toMatchObject({
        pin: 'org-base@2.2.0',
        newerReleases: ['2.3.0', '2.4.0'],
        latest: '2.4.0',
      });
      expect(cart.daysUnchanged).toBeGreaterThanOrEqual(179);
      // A repository on the latest release is not stale however old its files.
      expect(body.staleRepos.every((r: any) => r.latest === '2.4.0')).toBe(true);
      expect(body.staleRepos.some((r: any) => r.pin === 'org-base@2.4.0')).toBe(false);
      // 2.2.0 (2026-06-23) is the security release; mobile (1.8.0) and data-eng
      // (2.1.0) pin before it and have no review date.
      expect(body.unreviewedTeams.map((t: any) => [t.team, t.securityReleases])).toEqual([
        ['group:default/data-eng', [{ version: '2.2.0', date: '2026-06-23' }]],
        ['group:default/mobile', [{ version: '2.2.0', date: '2026-06-23' }]],
      ]);

      // A team's page asks for its own: checkout owns cart-service, mobile
      // missed the security release.
      const checkout = await get('?team=group:default/checkout');
      expect(checkout.body.staleRepos.map((r: any) => r.component)).toContain(
        'component:default/cart-service',
      );
      expect(
        checkout.body.staleRepos.every(
          (r: any) => r.team === 'group:default/checkout',
        ),
      ).toBe(true);
      expect(checkout.body.unreviewedTeams).toEqual([]);
      const mobile = await get('?team=group:default/mobile');
      expect(mobile.body.unreviewedTeams.map((t: any) => t.team)).toEqual([
        'group:default/mobile',
      ]);

      const longer = await get('?staleAfterDays=365');
      expect(longer.body.staleRepos).toEqual([]);
      const bad = await get('?staleAfterDays=soon');
      expect([bad.status, bad.body.error.message]).toEqual([
        400,
        'staleAfterDays must be a whole number from 1 to 3650, got "soon"',
      ]);
    } finally {
      await backend.stop();
    }
  });
});
