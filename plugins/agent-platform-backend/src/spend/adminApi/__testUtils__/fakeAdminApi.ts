import http from 'node:http';
import { AddressInfo } from 'node:net';

/** One request the fake Admin API received. */
export interface FakeAdminApiRequest {
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
}

/** What the fake answers to one request: a status, a body, headers. */
export interface FakeAdminApiAnswer {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * A real HTTP server standing in for the Anthropic Admin API. `answer` is
 * called for every request; it sees the query (starting_at, limit, page).
 */
export async function startFakeAdminApi(
  answer: (request: FakeAdminApiRequest) => FakeAdminApiAnswer,
): Promise<{
  baseUrl: string;
  requests: FakeAdminApiRequest[];
  close(): Promise<void>;
}> {
  const requests: FakeAdminApiRequest[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const request = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
    };
    requests.push(request);
    const { status = 200, body, headers = {} } = answer(request);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(e => (e ? reject(e) : resolve())),
      ),
  };
}

/** A usage record as the Admin API documents it. */
export function usageRecord(
  day: string,
  email: string,
  options: { cents?: number; input?: number; sessions?: number } = {},
) {
  return {
    date: `${day}T00:00:00Z`,
    actor: { type: 'user_actor', email_address: email },
    organization_id: 'org-acme',
    customer_type: 'api',
    terminal_type: 'vscode',
    core_metrics: {
      num_sessions: options.sessions ?? 2,
      lines_of_code: { added: 40, removed: 10 },
      commits_by_claude_code: 1,
      pull_requests_by_claude_code: 1,
    },
    tool_actions: { edit_tool: { accepted: 5, rejected: 0 } },
    model_breakdown: [
      {
        model: 'claude-sonnet-4-6',
        tokens: {
          input: options.input ?? 1000,
          output: 200,
          cache_read: 5000,
          cache_creation: 100,
        },
        estimated_cost: { amount: options.cents ?? 250, currency: 'USD' },
      },
    ],
  };
}
