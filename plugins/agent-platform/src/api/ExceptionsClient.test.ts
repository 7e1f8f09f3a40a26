import { ExceptionsClient } from './ExceptionsClient';

function client(response: () => Response) {
  const fetch = jest.fn(async (..._args: any[]) => response());
  return {
    fetch,
    client: new ExceptionsClient({
      discoveryApi: {
        getBaseUrl: async () => 'http://backend/api/agent-platform',
      },
      fetchApi: { fetch },
    }),
  };
}

describe('ExceptionsClient', () => {
  it('reads a team’s exceptions and posts requests and decisions as JSON', async () => {
    const { fetch, client: c } = client(() => new Response('{"ok":true}'));
    await c.getExceptions('group:default/payments');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/agent-platform/exceptions?team=group%3Adefault%2Fpayments',
    );
    await c.requestException({
      team: 'group:default/payments',
      target: 'Read(./.env)',
      reason: 'x',
      until: '2027-01-01',
    });
    expect(fetch.mock.calls[1][0]).toBe(
      'http://backend/api/agent-platform/exceptions',
    );
    expect(fetch.mock.calls[1][1]).toEqual(
      expect.objectContaining({
        method: 'POST',
        body: expect.stringContaining('"target":"Read(./.env)"'),
      }),
    );
  });

  it('posts a decision and throws the backend’s error', async () => {
    const { fetch, client: c } = client(
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'ConflictError', message: 'already approved' },
          }),
          { status: 409, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    await expect(c.decideException('r1', 'deny', 'No.')).rejects.toThrow(/409/);
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/agent-platform/exceptions/r1/deny',
    );
    expect(JSON.parse(fetch.mock.calls[0][1].body)).toEqual({ note: 'No.' });
  });
});
