import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { deltaCostRequest } from './__testUtils__/otlpRequests';
import { startSpendBackend, waitFor } from './__testUtils__/spendTestBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});
const MAX_AGE_SECONDS = 4;

describe.each(databases.eachSupportedId())(
  'GET /spend/teams with kept tables on %p',
  databaseId => {
    it(`sees spend stored at least maxAgeSeconds (${MAX_AGE_SECONDS}) before the read, and shares the table between concurrent reads`, async () => {
      const knex = await databases.init(databaseId);
      const backend = await startSpendBackend(knex, {
        platformTable: { maxAgeSeconds: MAX_AGE_SECONDS },
      });
      const auth = mockCredentials.service.header();
      const today = new Date().toISOString().slice(0, 10);
      const table = async () => {
        const res = await request(backend.server)
          .get(`/api/agent-platform/spend/teams?from=${today}&to=${today}`)
          .set('Authorization', auth);
        expect(res.status).toBe(200);
        return res.body as {
          rows: Array<{
            team: string | null;
            cost: number;
            budget: { monthlyUsd: number | null } | null;
          }>;
        };
      };
      const searchCost = async () =>
        (await table()).rows.find(r => r.team === 'group:default/search')?.cost;
      try {
        await waitFor('the catalog and the budgets', async () => {
          const { rows } = await table();
          return (
            rows.length === 8 &&
            rows.find(r => r.team === 'group:default/payments')?.budget
              ?.monthlyUsd === 4000
          );
        });
        // Concurrent reads of one range get the same table.
        const concurrent = await Promise.all(Array.from({ length: 10 }, table));
        expect(new Set(concurrent.map(t => JSON.stringify(t))).size).toBe(1);
        expect(await searchCost()).toBe(0);
        // Gzipped once per table for clients that accept it; the same table either way.
        const encoded = async (encoding: string) => {
          const res = await request(backend.server)
            .get(`/api/agent-platform/spend/teams?from=${today}&to=${today}`)
            .set('Authorization', auth)
            .set('Accept-Encoding', encoding);
          expect(res.status).toBe(200);
          expect(res.headers['content-type']).toMatch(/^application\/json/);
          expect(res.headers.vary).toMatch(/Accept-Encoding/);
          return res;
        };
        const gzipped = await encoded('gzip, deflate');
        const plain = await encoded('identity');
        expect(gzipped.headers['content-encoding']).toBe('gzip');
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(gzipped.body).toEqual(plain.body);
        expect(gzipped.body).toEqual(concurrent[0]);

        const ingested = await request(backend.server)
          .post('/api/agent-platform/otlp/v1/metrics')
          .set('Authorization', auth)
          .send(
            deltaCostRequest({
              resource: { 'team.id': 'search' },
              value: 5,
              timeMs: Date.now() - 60_000,
            }),
          );
        expect(ingested.body.accepted).toBe(1);
        const storedAt = Date.now();
        // Reads meanwhile are served (the kept table or a refreshed one) ...
        const seen: number[] = [];
        while (Date.now() < storedAt + MAX_AGE_SECONDS * 1000) {
          seen.push((await searchCost())!);
          await new Promise(r => setTimeout(r, 100));
        }
        expect(seen.every(c => c === 0 || c === 5)).toBe(true);
        // ... and a read started the bound after the spend was stored sees it.
        expect(await searchCost()).toBe(5);
      } finally {
        await backend.stop();
      }
    });
  },
);
