import { TestDatabases } from '@backstage/backend-test-utils';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import request from 'supertest';
import { usageRecord } from './adminApi/__testUtils__/fakeAdminApi';
import {
  INGEST_TOKEN,
  startSpendBackend,
} from './__testUtils__/spendTestBackend';

jest.setTimeout(120_000);

const FULL_TOKEN = 'test-unrestricted-token-0123456789';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

// The OTLP token as app-config.yaml configures it: limited to the
// agent-platform plugin and the ingestion permission, with the real auth
// and permissions services (which decide service principals' requests from
// their access restrictions).
describe('an external-access token limited to agent-platform.spend.ingest', () => {
  it('sends telemetry, and can neither import Admin API reports nor read spend', async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await startSpendBackend(
      knex,
      {},
      {
        realAuth: true,
        features: [permissionsServiceFactory],
        config: { permission: { enabled: true } },
        tokenAccessRestrictions: [
          { plugin: 'agent-platform', permission: 'agent-platform.spend.ingest' },
        ],
        externalAccess: [
          { type: 'static', options: { token: FULL_TOKEN, subject: 'automation' } },
        ],
      },
    );
    try {
      const now = `${Date.now()}000000`;
      const otlp = await request(backend.server)
        .post('/api/agent-platform/otlp/v1/metrics')
        .set('Authorization', `Bearer ${INGEST_TOKEN}`)
        .send({
          resourceMetrics: [
            {
              resource: {
                attributes: [
                  { key: 'team.id', value: { stringValue: 'payments' } },
                ],
              },
              scopeMetrics: [
                {
                  metrics: [
                    {
                      name: 'claude_code.cost.usage',
                      sum: {
                        aggregationTemporality: 1,
                        dataPoints: [
                          { startTimeUnixNano: now, timeUnixNano: now, asDouble: 1.5 },
                        ],
                      },
                    },
                  ],
                },
              ],
            },
          ],
        });
      expect(otlp.status).toBe(200);
      expect(otlp.body.accepted).toBe(1);

      const upload = await request(backend.server)
        .post('/api/agent-platform/spend/import/admin-api')
        .set('Authorization', `Bearer ${INGEST_TOKEN}`)
        .send({
          data: [usageRecord('2026-11-19', 'elena.sokolova@acme.example')],
          has_more: false,
          next_page: null,
        });
      expect([upload.status, upload.body.error?.message]).toEqual([
        403,
        'Not allowed to import Admin API usage reports (agent-platform.spend.import)',
      ]);

      const read = await request(backend.server)
        .get('/api/agent-platform/spend/teams')
        .set('Authorization', `Bearer ${INGEST_TOKEN}`);
      expect(read.status).toBe(403);

      // Nor list (or invoke) the actions; an unrestricted token can.
      const actions = await request(backend.server)
        .get('/api/agent-platform/.backstage/actions/v1/actions')
        .set('Authorization', `Bearer ${INGEST_TOKEN}`);
      expect([actions.status, actions.body.error?.message, actions.body.actions]).toEqual([
        403,
        'The token of otlp-ingest is limited to the permissions agent-platform.spend.ingest, none of which allows the actions',
        undefined,
      ]);
      const invoke = await request(backend.server)
        .post('/api/agent-platform/.backstage/actions/v1/actions/agent-platform:get-approved-agent-assets/invoke')
        .set('Authorization', `Bearer ${INGEST_TOKEN}`)
        .send({});
      expect(invoke.status).toBe(403);
      const listed = await request(backend.server)
        .get('/api/agent-platform/.backstage/actions/v1/actions')
        .set('Authorization', `Bearer ${FULL_TOKEN}`);
      expect(listed.status).toBe(200);
      expect(listed.body.actions.length).toBeGreaterThan(0);

      // Only the telemetry was stored.
      const rows = await knex('spend_points').select('source', 'value');
      expect(rows).toEqual([{ source: 'otlp', value: 1.5 }]);
    } finally {
      await backend.stop();
    }
  });
});
