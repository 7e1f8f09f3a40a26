import {
  AdminApiFetchError,
  ClaudeCodeUsageReportClient,
} from './ClaudeCodeUsageReportClient';
import { startFakeAdminApi, usageRecord } from './__testUtils__/fakeAdminApi';

const PATH = '/v1/organizations/usage_report/claude_code';

describe('ClaudeCodeUsageReportClient', () => {
  let api: Awaited<ReturnType<typeof startFakeAdminApi>> | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  function client(baseUrl: string, extra: { maxAttempts?: number } = {}) {
    return new ClaudeCodeUsageReportClient({
      baseUrl: `${baseUrl}/`,
      apiKey: 'sk-ant-admin-test',
      pageSize: 2,
      retryDelayMs: 5,
      ...extra,
    });
  }

  it('follows next_page until has_more is false, one day per call', async () => {
    const emails = ['a@acme.example', 'b@acme.example', 'c@acme.example'];
    api = await startFakeAdminApi(({ query }) => {
      const start = query.page ? Number(query.page.replace('cursor-', '')) : 0;
      const limit = Number(query.limit);
      const slice = emails.slice(start, start + limit);
      const more = start + limit < emails.length;
      return {
        body: {
          data: slice.map(e => usageRecord(query.starting_at, e)),
          has_more: more,
          next_page: more ? `cursor-${start + limit}` : null,
        },
      };
    });

    const pages = await client(api.baseUrl).fetchDay('2026-11-20');

    expect(pages.map(p => p.data.map(r => r.actor))).toEqual([
      [
        { type: 'user_actor', email_address: 'a@acme.example' },
        { type: 'user_actor', email_address: 'b@acme.example' },
      ],
      [{ type: 'user_actor', email_address: 'c@acme.example' }],
    ]);
    expect(pages.map(p => p.data.map(r => r.date))).toEqual([
      ['2026-11-20', '2026-11-20'],
      ['2026-11-20'],
    ]);
    expect(api.requests.map(r => [r.path, r.query])).toEqual([
      [PATH, { starting_at: '2026-11-20', limit: '2' }],
      [PATH, { starting_at: '2026-11-20', limit: '2', page: 'cursor-2' }],
    ]);
    for (const r of api.requests) {
      expect(r.headers['x-api-key']).toBe('sk-ant-admin-test');
      expect(r.headers['anthropic-version']).toBe('2023-06-01');
    }
  });

  it('retries 429 (honouring retry-after) and 500, then succeeds', async () => {
    const answers = [
      {
        status: 429,
        body: {
          type: 'error',
          error: { type: 'rate_limit_error', message: 'slow down' },
        },
        headers: { 'retry-after': '0' },
      },
      { status: 500, body: 'upstream exploded' },
      {
        status: 200,
        body: {
          data: [usageRecord('2026-11-19', 'a@acme.example')],
          has_more: false,
          next_page: null,
        },
      },
    ];
    api = await startFakeAdminApi(() => answers.shift()!);

    const pages = await client(api.baseUrl).fetchDay('2026-11-19');

    expect(pages).toHaveLength(1);
    expect(pages[0].data).toHaveLength(1);
    expect(api.requests).toHaveLength(3);
  });

  it('reports a status that retries do not cure, with the API message', async () => {
    api = await startFakeAdminApi(() => ({
      status: 503,
      body: {
        type: 'error',
        error: { type: 'overloaded_error', message: 'Overloaded' },
      },
    }));

    const error = await client(api.baseUrl, { maxAttempts: 3 })
      .fetchDay('2026-11-19')
      .catch(e => e);

    expect(error).toBeInstanceOf(AdminApiFetchError);
    expect(error.status).toBe(503);
    expect(error.message).toBe(
      `GET ${PATH}?starting_at=2026-11-19&limit=2 answered 503: overloaded_error: Overloaded (after 3 attempts)`,
    );
    expect(api.requests).toHaveLength(3);
  });

  it('does not retry an authentication error', async () => {
    api = await startFakeAdminApi(() => ({
      status: 401,
      body: {
        type: 'error',
        error: { type: 'authentication_error', message: 'invalid x-api-key' },
      },
    }));

    await expect(client(api.baseUrl).fetchDay('2026-11-19')).rejects.toThrow(
      `GET ${PATH}?starting_at=2026-11-19&limit=2 answered 401: authentication_error: invalid x-api-key`,
    );
    expect(api.requests).toHaveLength(1);
  });

  it('reports a bad page with its number and the path of the bad field', async () => {
    api = await startFakeAdminApi(({ query }) => {
      if (!query.page) {
        return {
          body: {
            data: [usageRecord('2026-11-20', 'a@acme.example')],
            has_more: true,
            next_page: 'p2',
          },
        };
      }
      const bad = usageRecord('2026-11-20', 'b@acme.example');
      (bad.model_breakdown[0].tokens as any).input = -1;
      return {
        body: {
          data: [usageRecord('2026-11-20', 'c@acme.example'), bad],
          has_more: false,
          next_page: null,
        },
      };
    });

    await expect(client(api.baseUrl).fetchDay('2026-11-20')).rejects.toThrow(
      'Admin API usage report for 2026-11-20, page 2: data[1].model_breakdown[0].tokens.input must be a non-negative number (at most 1000000000000000)',
    );
  });

  it('reports a response that is not JSON', async () => {
    api = await startFakeAdminApi(() => ({ body: '<html>proxy login</html>' }));

    await expect(client(api.baseUrl).fetchDay('2026-11-20')).rejects.toThrow(
      `GET ${PATH}?starting_at=2026-11-20&limit=2: the response is not JSON (<html>proxy login</html>)`,
    );
  });

  it('stops when next_page repeats', async () => {
    api = await startFakeAdminApi(() => ({
      body: { data: [], has_more: true, next_page: 'same' },
    }));

    await expect(client(api.baseUrl).fetchDay('2026-11-20')).rejects.toThrow(
      'Admin API usage report for 2026-11-20, page 2: next_page "same" was already read; giving up',
    );
    expect(api.requests).toHaveLength(2);
  });

  it('reports a server that does not answer', async () => {
    const closed = await startFakeAdminApi(() => ({ body: {} }));
    await closed.close();

    await expect(
      client(closed.baseUrl, { maxAttempts: 2 }).fetchDay('2026-11-20'),
    ).rejects.toThrow(
      new RegExp(
        `^GET ${PATH}\\?starting_at=2026-11-20&limit=2 failed: fetch failed \\(connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\) \\(after 2 attempts\\)$`,
      ),
    );
  });

  it('rejects a day that is not YYYY-MM-DD', async () => {
    await expect(
      client('http://127.0.0.1:9').fetchDay('2026-11-20T00:00:00Z'),
    ).rejects.toThrow('Not a day (YYYY-MM-DD): "2026-11-20T00:00:00Z"');
  });
});
