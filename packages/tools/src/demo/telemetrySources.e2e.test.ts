import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import { loadDemoOrg } from '../telemetry/demoOrg';
import { generateDemoTelemetry } from '../telemetry/demoTelemetry';
import { createAdminApiImportRouter } from '../../../../plugins/agent-platform-backend/src/spend/adminApi';
import { usageRecord } from '../../../../plugins/agent-platform-backend/src/spend/adminApi/__testUtils__/fakeAdminApi';
import { SpendCatalogIndex } from '../../../../plugins/agent-platform-backend/src/spend/SpendCatalogIndex';
import { SpendIngestor } from '../../../../plugins/agent-platform-backend/src/spend/SpendIngestor';
import { DatabaseSpendStore } from '../../../../plugins/agent-platform-backend/src/spend/SpendStore';
import { runPackageScript } from '../__testUtils__/runPackageScript';
import {
  INGEST_TOKEN,
  startSpendBackend,
  waitFor,
} from '../../../../plugins/agent-platform-backend/src/spend/__testUtils__/spendTestBackend';

// The telemetry sources against the real spend feature: the plugin with its
// OTLP endpoint, the real auth services with a static token, a real catalog
// on the example organisation, SQLite. The generator runs as the CLI in its
// own process (the OTLP exporter cannot load under Jest).
jest.setTimeout(300_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const packageRoot = resolve(__dirname, '../..');
const DAY_MS = 86_400_000;

/** The import endpoint on the plugin's database, as plugin.ts will mount it. */
const adminApiImportModule = createBackendModule({
  pluginId: 'agent-platform',
  moduleId: 'admin-api-import-test',
  register(reg) {
    reg.registerInit({
      deps: {
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const ingestor = new SpendIngestor({
          store: await DatabaseSpendStore.create({ database: deps.database }),
          index: new SpendCatalogIndex({ ...deps, refreshMs: 1000 }),
        });
        deps.httpRouter.use(
          createAdminApiImportRouter({
            ...deps,
            ingest: points => ingestor.ingest(points),
          }),
        );
      },
    });
  },
});

const runGenerator = (args: string[]) =>
  runPackageScript('src/generate-telemetry.ts', args);

describe('telemetry sources end to end', () => {
  it('the generator fills a fresh portal, attributed as planned; re-running and re-importing change nothing', async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await startSpendBackend(
      knex,
      {},
      { realAuth: true, features: [adminApiImportModule] },
    );
    try {
      const { port } = backend.server.address() as AddressInfo;
      const portal = `http://localhost:${port}`;
      const get = (path: string) =>
        request(backend.server)
          .get(`/api/agent-platform${path}`)
          .set('Authorization', `Bearer ${INGEST_TOKEN}`);

      const now = new Date();
      const to = now.toISOString().slice(0, 10);
      const from = new Date(now.getTime() - 6 * DAY_MS)
        .toISOString()
        .slice(0, 10);
      const args = [
        '--portal',
        portal,
        '--token',
        INGEST_TOKEN,
        '--days',
        '7',
        '--now',
        now.toISOString(),
        '--wait-for-catalog',
        '--settle',
        '2',
      ];

      const first = await runGenerator(args);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);

      const expected = generateDemoTelemetry({
        org: loadDemoOrg(resolve(packageRoot, '../../examples')),
        seed: 42,
        days: 7,
        now,
      });
      const costs = async () => {
        const res = await get(`/spend/teams?from=${from}&to=${to}`);
        expect(res.status).toBe(200);
        return Object.fromEntries(
          res.body.rows.map((r: any) => [
            r.team ? r.team.replace('group:default/', '') : 'unattributed',
            Math.round(r.cost * 100) / 100,
          ]),
        );
      };
      const table = await costs();
      // Each team's spend where the generator meant it, to the cent
      // (identity through its members' emails; the contractor and the CI job unattributed).
      expect(Object.keys(table).sort()).toEqual(
        Object.keys(expected.costByTeam).sort(),
      );
      for (const [team, cost] of Object.entries(expected.costByTeam)) {
        expect(Math.abs(table[team] - cost)).toBeLessThanOrEqual(0.02);
      }

      // Running it again stores nothing twice.
      const again = await runGenerator(args);
      expect(again.code).toBe(0);
      expect(await costs()).toEqual(table);

      // An Admin API report for payments' Elena: stored once, then duplicates.
      const yesterday = new Date(now.getTime() - DAY_MS)
        .toISOString()
        .slice(0, 10);
      const page = {
        data: [
          usageRecord(yesterday, 'elena.sokolova@acme.example', {
            cents: 12345,
          }),
        ],
        has_more: false,
        next_page: null,
      };
      const post = () =>
        request(backend.server)
          .post('/api/agent-platform/spend/import/admin-api')
          .set('Authorization', `Bearer ${INGEST_TOKEN}`)
          .send(page);
      await waitFor('the import index', async () => {
        const res = await get('/spend/entities/user/default/elena.sokolova');
        return res.status === 200;
      });
      // The report replaces the telemetry of Elena's day (one source per
      // user-day).
      const elenaTelemetry = (
        await get(
          `/spend/entities/user/default/elena.sokolova?from=${yesterday}&to=${yesterday}`,
        )
      ).body.totals.cost;
      const imported = await post();
      expect(imported.status).toBe(200);
      expect(imported.body).toEqual({
        pages: 1,
        records: 1,
        points: 10,
        accepted: 10,
        duplicates: 0,
        ignored: {},
      });
      const reimported = await post();
      expect(reimported.body).toMatchObject({ accepted: 0, duplicates: 10 });
      const after = await costs();
      expect(after.payments).toBeCloseTo(
        table.payments + 123.45 - elenaTelemetry,
        2,
      );
      expect({ ...after, payments: table.payments }).toEqual(table);
    } finally {
      await backend.stop();
    }
  });
});
