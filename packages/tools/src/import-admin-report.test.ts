import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usageRecord } from '../../../plugins/agent-platform-backend/src/spend/adminApi/__testUtils__/fakeAdminApi';
import { memoryIngest } from '../../../plugins/agent-platform-backend/src/spend/adminApi/__testUtils__/memoryIngest';
import { importRouterPlugin } from '../../../plugins/agent-platform-backend/src/spend/adminApi/__testUtils__/importRouterPlugin';
import { runPackageScript } from './__testUtils__/runPackageScript';

// The CLI runs in a child process against a real test backend.
jest.setTimeout(120_000);

const runImport = (args: string[]) =>
  runPackageScript('src/import-admin-report.ts', args);

describe('src/import-admin-report.ts', () => {
  it('posts each file, prints what was stored, and reports unreadable files and HTTP errors', async () => {
    const memory = memoryIngest();
    const backend = await startTestBackend({
      features: [
        importRouterPlugin(memory.ingest),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    const portal = `http://127.0.0.1:${port}`;
    const dir = mkdtempSync(join(tmpdir(), 'admin-report-'));
    const day1 = join(dir, 'day1.json');
    const pages = join(dir, 'pages.json');
    const bad = join(dir, 'bad.json');
    const notJson = join(dir, 'not.json');
    writeFileSync(
      day1,
      JSON.stringify({
        data: [usageRecord('2026-11-19', 'a@acme.example')],
        has_more: false,
        next_page: null,
      }),
    );
    writeFileSync(
      pages,
      JSON.stringify([
        {
          data: [usageRecord('2026-11-19', 'a@acme.example')],
          has_more: true,
          next_page: 'p2',
        },
        {
          data: [usageRecord('2026-11-20', 'b@acme.example')],
          has_more: false,
          next_page: null,
        },
      ]),
    );
    writeFileSync(
      bad,
      JSON.stringify({ data: [{ date: 'yesterday' }], has_more: false }),
    );
    writeFileSync(notJson, '{"data": [');

    const token = mockCredentials.service.token();
    const ok = await runImport([
      '--portal',
      portal,
      '--token',
      token,
      day1,
      pages,
    ]);
    expect(ok).toEqual({
      code: 0,
      stdout:
        `${day1}: 1 page(s), 1 record(s), 10 point(s): 10 stored, 0 already stored\n` +
        `${pages}: 2 page(s), 2 record(s), 20 point(s): 10 stored, 10 already stored\n`,
      stderr: '',
    });
    expect(memory.stored.size).toBe(20);

    const missing = join(dir, 'missing.json');
    const failing = await runImport([
      '--portal',
      portal,
      '--token',
      token,
      missing,
      notJson,
      bad,
      day1,
    ]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toBe(
      `${day1}: 1 page(s), 1 record(s), 10 point(s): 0 stored, 10 already stored\n`,
    );
    expect(failing.stderr.split('\n')).toEqual([
      `${missing}: cannot read the file (ENOENT)`,
      expect.stringMatching(new RegExp(`^${notJson}: not JSON: `)),
      `${bad}: the portal answered 400: Not an Admin API usage report: data[0].date must be a UTC day (YYYY-MM-DD, or midnight UTC in RFC 3339)`,
      '',
    ]);

    const unauthorized = await runImport([
      '--portal',
      portal,
      '--token',
      'not-a-token',
      day1,
    ]);
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.stderr).toMatch(
      new RegExp(`^${day1}: the portal answered 401: `),
    );

    await backend.stop();
    const down = await runImport(['--portal', portal, '--token', token, day1]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      new RegExp(
        `^${day1}: cannot reach ${portal}/api/agent-platform/spend/import/admin-api: fetch failed \\(connect ECONNREFUSED`,
      ),
    );

    const usage = await runImport(['--portal', portal]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain(
      'A token is required (--token or AGENT_PLATFORM_TOKEN).',
    );
  });
});
