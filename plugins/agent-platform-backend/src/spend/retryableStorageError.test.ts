import { mockCredentials } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { usageRecord } from './adminApi/__testUtils__/fakeAdminApi';
import { isRetryableStorageError } from './retryableStorageError';
import { startSpendBackend, waitFor } from './__testUtils__/spendTestBackend';

jest.setTimeout(120_000);

const sqliteFile = (file: string) =>
  knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });

describe('a locked SQLite database', () => {
  // OTLP exporters retry 429, 502, 503 and 504 only: a busy store must answer
  // 503 with Retry-After, so that the batch is sent again, not dropped.
  it('answers 503 with Retry-After while locked, and stores the batch when retried', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'spend-lock-')), 'spend.sqlite');
    const knex = sqliteFile(file);
    const locker = sqliteFile(file);
    const backend = await startSpendBackend(knex);
    const auth = mockCredentials.service.header();
    const now = `${Date.now()}000000`;
    const batch = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'team.id', value: { stringValue: 'payments' } }] },
          scopeMetrics: [
            { metrics: [{ name: 'claude_code.cost.usage', sum: { aggregationTemporality: 1, dataPoints: [{ startTimeUnixNano: now, timeUnixNano: now, asDouble: 0.5 }] } }] },
          ],
        },
      ],
    };
    const report = { data: [usageRecord(new Date().toISOString().slice(0, 10), 'elena.sokolova@acme.example')], has_more: false, next_page: null };
    const post = () => request(backend.server).post('/api/agent-platform/otlp/v1/metrics').set('Authorization', auth).send(batch);
    const upload = () => request(backend.server).post('/api/agent-platform/spend/import/admin-api').set('Authorization', auth).send(report);
    try {
      await waitFor('the catalog', async () => {
        const res = await request(backend.server).get('/api/agent-platform/spend/teams').set('Authorization', auth);
        return res.status === 200 && res.body.rows.length === 8;
      });
      // Another process holds the write lock.
      const connection: any = await locker.client.acquireConnection();
      connection.exec('BEGIN IMMEDIATE');
      const [busy, busyUpload] = [await post(), await upload()];
      connection.exec('ROLLBACK');
      await locker.client.releaseConnection(connection);
      expect([busy.status, busy.headers['retry-after'], busy.body.message]).toEqual([
        503,
        '5',
        'The spend store is busy; retry in 5 seconds',
      ]);
      expect([busyUpload.status, busyUpload.headers['retry-after']]).toEqual([503, '5']);
      expect(await knex('spend_points').count({ n: '*' })).toEqual([{ n: 0 }]);
      // The exporter's retry is stored.
      const retried = await post();
      expect([retried.status, retried.body.accepted]).toEqual([200, 1]);
      expect((await upload()).status).toBe(200);
    } finally {
      await backend.stop();
      await locker.destroy();
      await knex.destroy();
    }
  });
});

describe('isRetryableStorageError', () => {
  it.each([
    [{ code: 'SQLITE_BUSY' }, true],
    [{ code: 'SQLITE_LOCKED_SHAREDCACHE' }, true],
    [{ code: '40001' }, true],
    [{ code: '40P01' }, true],
    [{ code: '57P01' }, true],
    [{ code: '08006' }, true],
    [{ code: '53300' }, true],
    [{ code: 'ECONNREFUSED' }, true],
    [{ name: 'KnexTimeoutError' }, true],
    [{ code: '23505' }, false],
    [{ code: 'SQLITE_CONSTRAINT' }, false],
    [new Error('boom'), false],
    ['text', false],
  ])('%j: %p', (error, retryable) => {
    expect(isRetryableStorageError(error)).toBe(retryable);
  });
});
