import { TestDatabases } from '@backstage/backend-test-utils';
import { execFile } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import protobuf from 'protobufjs';
import request from 'supertest';
import { decodeOtlpMetricsResponse } from './otlp/otlpProtobuf';
import { OTLP_METRICS_PROTO_SOURCES } from './otlp/otlpProto';
import {
  INGEST_TOKEN,
  startSpendBackend,
  waitFor,
} from './__testUtils__/spendTestBackend';

// Real clients: the official OpenTelemetry SDK's meter provider and OTLP HTTP
// exporters (JSON and protobuf), run unchanged in a Node process of their own
// (__testUtils__/otelClient.ts), against the plugin in a test backend with the
// real auth services (static external-access token) and a real catalog on the
// example organisation. Expected numbers are the sums of what the client
// records, by hand.

jest.setTimeout(300_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const repoRoot = resolve(__dirname, '../../../..');

async function runOtelClient(scenario: string, url: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      resolve(__dirname, '__testUtils__/otelClient.ts'),
      scenario,
      url,
      INGEST_TOKEN,
    ],
    { cwd: repoRoot, timeout: 120_000 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

const today = new Date().toISOString().slice(0, 10);
const tokens = (input = 0, output = 0, cacheRead = 0, cacheCreation = 0) => ({
  input,
  output,
  cacheRead,
  cacheCreation,
});

function budgetState(spent: number, forecast: number, monthlyUsd: number) {
  if (spent > monthlyUsd) return 'over';
  return forecast > monthlyUsd ? 'at-risk' : 'ok';
}

function expectedBudget(monthlyUsd: number, source: string, spent: number) {
  const now = new Date();
  const daysInMonth = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0),
  ).getUTCDate();
  const forecast =
    Math.round(((spent / now.getUTCDate()) * daysInMonth) * 1e6) / 1e6;
  return {
    month: today.slice(0, 7),
    monthlyUsd,
    source,
    monthToDate: spent,
    forecast,
    state: budgetState(spent, forecast, monthlyUsd),
  };
}

describe.each(databases.eachSupportedId())('spend on %p', databaseId => {
  let backend: Awaited<ReturnType<typeof startSpendBackend>>;
  let url: string;
  const get = (path: string) =>
    request(backend.server)
      .get(`/api/agent-platform${path}`)
      .set('Authorization', `Bearer ${INGEST_TOKEN}`);

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    backend = await startSpendBackend(knex, {}, { realAuth: true });
    const { port } = backend.server.address() as AddressInfo;
    url = `http://localhost:${port}/api/agent-platform/otlp/v1/metrics`;
    // The catalog holds the organisation and the snapshot has the budgets.
    await waitFor('teams and budgets', async () => {
      const res = await get('/spend/teams');
      const payments = res.body.rows?.find(
        (r: any) => r.team === 'group:default/payments',
      );
      return (
        res.status === 200 &&
        res.body.rows.length === 8 &&
        payments?.budget?.monthlyUsd === 4000
      );
    });
    // The users the exporters send as (stitched one by one), then longer
    // than attribution.refreshSeconds, so that the attribution index read
    // next holds them.
    for (const user of ['kwame.asante', 'elena.sokolova', 'arjun.mehta']) {
      await waitFor(user, async () => {
        const res = await get(`/spend/entities/user/default/${user}`);
        return res.status === 200;
      });
    }
    await new Promise(r => setTimeout(r, 1500));
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('ingests delta metrics from the OTLP/HTTP JSON exporter and reports them', async () => {
    // The second export is a delta collection with nothing new: empty, but sent.
    expect(await runOtelClient('delta-json', url)).toEqual(['code 0', 'code 0']);

    const res = await get(
      `/spend/entities/group/default/payments?from=${today}&to=${today}`,
    );
    expect(res.status).toBe(200);
    const report = res.body;
    expect(report.entityRef).toBe('group:default/payments');
    expect(report.totals).toEqual({
      cost: 0.75,
      tokens: tokens(1000, 200, 3000, 800),
      sessions: 2,
      commits: 3,
      pullRequests: 1,
      linesAdded: 120,
      linesRemoved: 30,
      activeSeconds: 600,
    });
    expect(report.cacheHitRatio).toBe(0.625);
    expect(report.costPerPullRequest).toBe(0.75);
    expect(report.costPerSession).toBe(0.375);
    expect(report.byDay).toEqual([
      { date: today, cost: 0.75, tokens: tokens(1000, 200, 3000, 800) },
    ]);
    expect(report.byModel).toEqual([
      {
        key: 'claude-sonnet-4-6',
        cost: 0.5,
        tokens: tokens(1000, 200, 3000, 800),
      },
      { key: 'claude-opus-4-5', cost: 0.25, tokens: tokens() },
      // The sessions, commits and lines carry no model: no $0.00 row.
    ]);
    expect(report.bySkill).toEqual([
      { key: 'code-review', cost: 0.5, tokens: tokens() },
      { key: null, cost: 0.25, tokens: tokens(1000, 200, 3000, 800) },
    ]);
    expect(report.byMcpServer.map((r: any) => [r.key, r.cost])).toEqual([
      [null, 0.5],
      ['github', 0.25],
    ]);
    expect(report.byUser.map((r: any) => [r.key, r.cost])).toEqual([
      ['user:default/elena.sokolova', 0.75],
    ]);
    expect(report.byRepo.map((r: any) => [r.key, r.cost])).toEqual([
      ['payments-api', 0.75],
    ]);
    expect(report.previous.cost).toBe(0);
    expect(report.previous.change).toBeNull();
    expect(report.budget).toEqual(
      expectedBudget(4000, 'airesource:default/payments-agent-config', 0.75),
    );

    // The same spend through the User and the Component.
    const user = await get(
      `/spend/entities/user/default/elena.sokolova?from=${today}&to=${today}`,
    );
    expect(user.body.totals.cost).toBe(0.75);
    expect(user.body.budget).toBeNull();
    const component = await get(
      `/spend/entities/component/default/payments-api?from=${today}&to=${today}`,
    );
    expect(component.body.totals.cost).toBe(0.75);
    expect(component.body.totals.pullRequests).toBe(1);
  });

  it('turns cumulative series from the protobuf exporter into deltas, across resets', async () => {
    expect(await runOtelClient('cumulative-proto', url)).toEqual([
      'code 0',
      'code 0',
      'code 0',
      'code 0',
    ]);

    const search = await get(
      `/spend/entities/group/default/search?from=${today}&to=${today}`,
    );
    expect(search.status).toBe(200);
    expect(search.body.totals.cost).toBe(1.7);
    expect(search.body.totals.tokens).toEqual(tokens(500));
    expect(search.body.byUser.map((r: any) => [r.key, r.cost])).toEqual([
      ['user:default/arjun.mehta', 1.7],
    ]);
    expect(search.body.budget).toEqual(
      expectedBudget(2000, 'airesource:default/search-agent-config', 1.7),
    );
  });

  it('answers protobuf requests with an ExportMetricsServiceResponse and counts what it ignores', async () => {
    const { ExportMetricsServiceRequest } = await protobufTypes();
    const time = `${Date.now()}000000`;
    const body = ExportMetricsServiceRequest.encode(
      ExportMetricsServiceRequest.fromObject({
        resourceMetrics: [
          {
            resource: {
              attributes: [
                { key: 'user.email', value: { stringValue: 'nobody@else.example' } },
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
                        { timeUnixNano: time, startTimeUnixNano: time, asDouble: 0.125 },
                        { timeUnixNano: time, startTimeUnixNano: '1', asDouble: -1 },
                      ],
                    },
                  },
                  {
                    name: 'my.own.metric',
                    sum: { aggregationTemporality: 1, dataPoints: [{ timeUnixNano: time, asInt: 5 }] },
                  },
                ],
              },
            ],
          },
        ],
      }),
    ).finish();
    const res = await request(backend.server)
      .post('/api/agent-platform/otlp/v1/metrics')
      .set('Authorization', `Bearer ${INGEST_TOKEN}`)
      .set('Content-Type', 'application/x-protobuf')
      .send(Buffer.from(body))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-protobuf');
    expect(decodeOtlpMetricsResponse(res.body)).toEqual({
      partialSuccess: {
        rejectedDataPoints: '2',
        errorMessage: 'Ignored 2 data points: negative-value 1, unknown-metric 1',
      },
    });
    // Unattributed spend is kept and shown in the platform table.
    const table = await get(`/spend/teams?from=${today}&to=${today}`);
    expect(table.status).toBe(200);
    expect(
      table.body.rows.map((r: any) => [r.team, r.cost, r.tokens.input]),
    ).toEqual([
      ['group:default/search', 1.7, 500],
      ['group:default/payments', 0.75, 1000],
      [null, 0.125, 0],
      ['group:default/checkout', 0, 0],
      ['group:default/data-eng', 0, 0],
      ['group:default/identity', 0, 0],
      ['group:default/mobile', 0, 0],
      ['group:default/platform', 0, 0],
    ]);
    expect(table.body.rows[2].title).toBe('Unattributed');
    expect(table.body.totals).toEqual({
      cost: 2.575,
      tokens: tokens(1500, 200, 3000, 800),
    });
    expect(table.body.rows[0].budget.monthlyUsd).toBe(2000);
  });

  it('serves the get-team-spend action', async () => {
    const invoked = await request(backend.server)
      .post(
        '/api/agent-platform/.backstage/actions/v1/actions/agent-platform:get-team-spend/invoke',
      )
      .set('Authorization', `Bearer ${INGEST_TOKEN}`)
      .send({ team: 'payments', from: today, to: today });
    expect(invoked.status).toBe(200);
    expect(invoked.body.output.entityRef).toBe('group:default/payments');
    expect(invoked.body.output.totals.cost).toBe(0.75);
    expect(invoked.body.output.byModel.map((r: any) => r.key)).toEqual([
      'claude-sonnet-4-6',
      'claude-opus-4-5',
    ]);
    expect(invoked.body.output.budget.monthlyUsd).toBe(4000);
    // The platform table carries every team's breakdowns by model and skill,
    // the same as the team's own report (one query for all teams).
    const table = await get(`/spend/teams?from=${today}&to=${today}`);
    const payments = table.body.rows.find(
      (r: any) => r.team === 'group:default/payments',
    );
    expect(payments.byModel).toEqual(invoked.body.output.byModel);
    expect(payments.bySkill).toEqual(invoked.body.output.bySkill);
    expect(payments.byModel.length).toBeGreaterThan(1);
    const bad = await request(backend.server)
      .post(
        '/api/agent-platform/.backstage/actions/v1/actions/agent-platform:get-team-spend/invoke',
      )
      .set('Authorization', `Bearer ${INGEST_TOKEN}`)
      .send({ team: 'payments', from: 'last week' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Query parameter from must be a date YYYY-MM-DD, got "last week"',
    );
  });
});

async function protobufTypes() {
  const root = new protobuf.Root();
  for (const s of OTLP_METRICS_PROTO_SOURCES) protobuf.parse(s, root);
  return {
    ExportMetricsServiceRequest: root.lookupType(
      'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
    ),
  };
}
