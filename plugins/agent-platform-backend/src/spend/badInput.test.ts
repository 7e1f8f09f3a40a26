import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import request from 'supertest';
import { decodeOtlpMetricsResponse, decodeRpcStatus } from './otlp/otlpProtobuf';
import { OTLP_METRICS_PROTO_SOURCES } from './otlp/otlpProto';
import {
  INGEST_TOKEN,
  startSpendBackend,
  waitFor,
} from './__testUtils__/spendTestBackend';

// Bad input against the real endpoint: every case gets a 4xx with a message
// saying what and where, or a 200 that counts what it ignored; nothing stored
// changes; the server keeps answering.

jest.setTimeout(300_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const root = new protobuf.Root();
for (const source of OTLP_METRICS_PROTO_SOURCES) protobuf.parse(source, root);
const RequestType = root.lookupType(
  'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
);
const pb = (message: object) =>
  Buffer.from(RequestType.encode(RequestType.fromObject(message)).finish());

const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const ns = (offsetMs: number) =>
  String(NOW_NS + BigInt(offsetMs) * 1_000_000n);
const s = (key: string, value: string) => ({ key, value: { stringValue: value } });

const point = (over: object = {}) => ({
  startTimeUnixNano: ns(-60_000),
  timeUnixNano: ns(0),
  asDouble: 1,
  attributes: [s('model', 'claude-sonnet-4-6')],
  ...over,
});
const sum = (name: string, points: unknown[], temporality: unknown = 1) => ({
  name,
  sum: { aggregationTemporality: temporality, isMonotonic: true, dataPoints: points },
});
const body = (metrics: unknown[], resource: unknown[] = [s('team.id', 'payments')]) => ({
  resourceMetrics: [
    { resource: { attributes: resource }, scopeMetrics: [{ metrics }] },
  ],
});
const cost = (...points: unknown[]) =>
  body([sum('claude_code.cost.usage', points.length ? points : [point()])]);
const M0 = 'resourceMetrics[0].scopeMetrics[0].metrics[0]';
const P0 = `${M0}.sum.dataPoints[0]`;

type Case = {
  name: string;
  body: unknown;
  type?: string;
  headers?: Record<string, string>;
  status: number;
  message?: string;
  ignored?: Record<string, number>;
};

const JSON_TYPE = 'application/json';
const PB = 'application/x-protobuf';
/** google.rpc.Code per HTTP status. */
const GRPC_CODE: Record<number, number> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  413: 8, // RESOURCE_EXHAUSTED
  415: 3,
};
const invalid = (m: string) => `Invalid OTLP metrics: ${m}`;

const cases: Case[] = [
  // Malformed JSON and wrong shapes.
  { name: 'an empty body', body: '', status: 400, message: 'Invalid JSON: Unexpected end of JSON input' },
  { name: 'truncated JSON', body: '{"resourceMetrics":[', status: 400, message: 'Invalid JSON:' },
  { name: 'JSON with a trailing comma', body: '{"resourceMetrics":[],}', status: 400, message: 'Invalid JSON:' },
  { name: 'not JSON at all', body: 'resourceMetrics=1', status: 400, message: 'Invalid JSON:' },
  { name: 'null', body: 'null', status: 400, message: invalid('request must be an ExportMetricsServiceRequest object, got null') },
  { name: 'an array', body: '[]', status: 400, message: invalid('request must be an ExportMetricsServiceRequest object, got an array') },
  { name: 'a string', body: '"metrics"', status: 400, message: invalid('request must be an ExportMetricsServiceRequest object, got the string "metrics"') },
  { name: 'a number', body: '42', status: 400, message: invalid('request must be an ExportMetricsServiceRequest object, got number 42') },
  { name: 'resourceMetrics as a string', body: { resourceMetrics: 'x' }, status: 400, message: invalid('resourceMetrics must be an array, got the string "x"') },
  { name: 'a resourceMetrics entry that is a number', body: { resourceMetrics: [1] }, status: 400, message: invalid('resourceMetrics[0] must be an object, got number 1') },
  { name: 'a resource that is a string', body: { resourceMetrics: [{ resource: 'x' }] }, status: 400, message: invalid('resourceMetrics[0].resource must be an object, got the string "x"') },
  { name: 'scopeMetrics as an object', body: { resourceMetrics: [{ scopeMetrics: {} }] }, status: 400, message: invalid('resourceMetrics[0].scopeMetrics must be an array, got object [object Object]') },
  { name: 'metrics as a number', body: { resourceMetrics: [{ scopeMetrics: [{ metrics: 3 }] }] }, status: 400, message: invalid('resourceMetrics[0].scopeMetrics[0].metrics must be an array, got number 3') },
  { name: 'a metric without a name', body: body([{ sum: { aggregationTemporality: 1, dataPoints: [point()] } }]), status: 400, message: invalid(`${M0}.name must be a non-empty string, got undefined undefined`) },
  { name: 'a metric with a numeric name', body: body([{ name: 7, sum: {} }]), status: 400, message: invalid(`${M0}.name must be a non-empty string, got number 7`) },
  { name: 'a metric with both sum and gauge', body: body([{ name: 'claude_code.cost.usage', sum: { dataPoints: [] }, gauge: { dataPoints: [] } }]), status: 400, message: invalid(`${M0} has more than one data kind (sum, gauge)`) },
  { name: 'an unspecified temporality', body: body([sum('claude_code.cost.usage', [point()], 0)]), status: 400, message: invalid(`${M0}.sum.aggregationTemporality must be 1 (DELTA) or 2 (CUMULATIVE), got number 0`) },
  { name: 'a temporality spelled as a word', body: body([sum('claude_code.cost.usage', [point()], 'DELTA')]), status: 400, message: invalid(`${M0}.sum.aggregationTemporality must be 1 (DELTA) or 2 (CUMULATIVE), got the string "DELTA"`) },
  { name: 'a missing temporality', body: body([{ name: 'claude_code.cost.usage', sum: { dataPoints: [point()] } }]), status: 400, message: invalid(`${M0}.sum.aggregationTemporality must be 1 (DELTA) or 2 (CUMULATIVE), got undefined undefined`) },
  { name: 'dataPoints as an object', body: body([{ name: 'claude_code.cost.usage', sum: { aggregationTemporality: 1, dataPoints: {} } }]), status: 400, message: invalid(`${M0}.sum.dataPoints must be an array, got object [object Object]`) },
  { name: 'a data point that is a string', body: body([sum('claude_code.cost.usage', ['1.0'])]), status: 400, message: invalid(`${P0} must be an object, got the string "1.0"`) },
  { name: 'a missing timeUnixNano', body: cost(point({ timeUnixNano: undefined })), status: 400, message: invalid(`${P0}.timeUnixNano is missing`) },
  { name: 'a negative timeUnixNano', body: cost(point({ timeUnixNano: -5 })), status: 400, message: invalid(`${P0}.timeUnixNano must be a non-negative 64-bit integer (a decimal string or a number), got number -5`) },
  { name: 'a fractional timeUnixNano', body: cost(point({ timeUnixNano: 1.5 })), status: 400, message: invalid(`${P0}.timeUnixNano must be a non-negative 64-bit integer (a decimal string or a number), got number 1.5`) },
  { name: 'a timeUnixNano in words', body: cost(point({ timeUnixNano: 'now' })), status: 400, message: invalid(`${P0}.timeUnixNano must be a non-negative 64-bit integer (a decimal string or a number), got the string "now"`) },
  { name: 'a timeUnixNano beyond 64 bits', body: cost(point({ timeUnixNano: '99999999999999999999' })), status: 400, message: invalid(`${P0}.timeUnixNano is larger than a 64-bit integer`) },
  { name: 'a start after the end', body: cost(point({ startTimeUnixNano: ns(1000) })), status: 400, message: invalid(`${P0}.startTimeUnixNano is after timeUnixNano`) },
  { name: 'asDouble as a word', body: cost(point({ asDouble: 'half' })), status: 400, message: invalid(`${P0}.asDouble must be a number (or a numeric string, "NaN", "Infinity", "-Infinity"), got the string "half"`) },
  { name: 'asDouble as a boolean', body: cost(point({ asDouble: true })), status: 400, message: invalid(`${P0}.asDouble must be a number (or a numeric string, "NaN", "Infinity", "-Infinity"), got boolean true`) },
  { name: 'asInt in exponent notation that is not whole', body: cost(point({ asDouble: undefined, asInt: '1.5e0' })), status: 400, message: invalid(`${P0}.asInt must be an integer (a decimal string or a number), got the string "1.5e0"`) },
  { name: 'asInt with a fraction', body: cost(point({ asDouble: undefined, asInt: 1.5 })), status: 400, message: invalid(`${P0}.asInt must be an integer (a decimal string or a number), got number 1.5`) },
  { name: 'both asDouble and asInt', body: cost(point({ asInt: '1' })), status: 400, message: invalid(`${P0} has both asDouble and asInt`) },
  { name: 'no value', body: cost(point({ asDouble: undefined })), status: 400, message: invalid(`${P0} has neither asDouble nor asInt`) },
  { name: 'an attribute without a key', body: cost(point({ attributes: [{ value: { stringValue: 'x' } }] })), status: 400, message: invalid(`${P0}.attributes[0].key must be a non-empty string, got undefined undefined`) },
  { name: 'an attribute with an empty key', body: cost(point({ attributes: [{ key: '', value: { stringValue: 'x' } }] })), status: 400, message: invalid(`${P0}.attributes[0].key must be a non-empty string, got the string ""`) },
  { name: 'attributes as an object', body: cost(point({ attributes: { model: 'x' } })), status: 400, message: invalid(`${P0}.attributes must be an array, got object [object Object]`) },
  { name: 'a stringValue that is a number', body: cost(point({ attributes: [{ key: 'model', value: { stringValue: 4 } }] })), status: 400, message: invalid(`${P0}.attributes[0].value.stringValue must be a string, got number 4`) },
  { name: 'an intValue that is text', body: cost(point({ attributes: [{ key: 'n', value: { intValue: 'x' } }] })), status: 400, message: invalid(`${P0}.attributes[0].value.intValue must be an integer (a decimal string or a number), got the string "x"`) },
  { name: 'a doubleValue that is text', body: cost(point({ attributes: [{ key: 'n', value: { doubleValue: 'x' } }] })), status: 400, message: invalid(`${P0}.attributes[0].value.doubleValue must be a number (or a numeric string, "NaN", "Infinity", "-Infinity"), got the string "x"`) },
  { name: 'a boolValue that is text', body: cost(point({ attributes: [{ key: 'b', value: { boolValue: 'true' } }] })), status: 400, message: invalid(`${P0}.attributes[0].value.boolValue must be a boolean, got the string "true"`) },
  { name: 'a resource attribute of 2000 characters', body: body([sum('claude_code.cost.usage', [point()])], [s('team.id', 'p'.repeat(2000))]), status: 400, message: invalid('resourceMetrics[0].resource.attributes[0].value is 2000 characters long; at most 1024 are accepted') },
  { name: 'a missing team attribute in a bad place', body: body([sum('claude_code.cost.usage', [point()])], [{ key: 'team.id' }, 5]), status: 400, message: invalid('resourceMetrics[0].resource.attributes[1] must be an object {key, value}, got number 5') },

  // Well formed but unusable: ignored and counted.
  { name: 'an unknown metric', body: body([sum('my.company.metric', [point(), point()])]), status: 200, ignored: { 'unknown-metric': 2 } },
  { name: 'NaN', body: cost(point({ asDouble: 'NaN' })), status: 200, ignored: { 'non-finite-value': 1 } },
  { name: 'Infinity', body: cost(point({ asDouble: 'Infinity' })), status: 200, ignored: { 'non-finite-value': 1 } },
  { name: '-Infinity', body: cost(point({ asDouble: '-Infinity' })), status: 200, ignored: { 'non-finite-value': 1 } },
  { name: 'a negative cost', body: cost(point({ asDouble: -0.5 })), status: 200, ignored: { 'negative-value': 1 } },
  { name: 'a negative token count', body: body([sum('claude_code.token.usage', [point({ asDouble: undefined, asInt: '-3', attributes: [s('type', 'input')] })])]), status: 200, ignored: { 'negative-value': 1 } },
  { name: 'a huge cost', body: cost(point({ asDouble: 1e300 })), status: 200, ignored: { 'value-too-large': 1 } },
  { name: 'an integer beyond 2^53', body: cost(point({ asDouble: undefined, asInt: '99999999999999999999' })), status: 200, ignored: { 'value-too-large': 1 } },
  { name: 'a timestamp at the epoch', body: cost(point({ startTimeUnixNano: '0', timeUnixNano: '1' })), status: 200, ignored: { 'timestamp-too-old': 1 } },
  { name: 'a timestamp two years ago', body: cost(point({ startTimeUnixNano: ns(-730 * 86_400_000 - 1000), timeUnixNano: ns(-730 * 86_400_000) })), status: 200, ignored: { 'timestamp-too-old': 1 } },
  { name: 'a timestamp in 2100', body: cost(point({ startTimeUnixNano: '4102444800000000000', timeUnixNano: '4102444860000000000' })), status: 200, ignored: { 'timestamp-in-future': 1 } },
  { name: 'a timestamp two hours ahead', body: cost(point({ startTimeUnixNano: ns(7_200_000), timeUnixNano: ns(7_200_000) })), status: 200, ignored: { 'timestamp-in-future': 1 } },
  { name: 'a token type Claude Code does not emit', body: body([sum('claude_code.token.usage', [point({ attributes: [s('type', 'reasoning')] })])]), status: 200, ignored: { 'unknown-type': 1 } },
  { name: 'token usage without a type', body: body([sum('claude_code.token.usage', [point()])]), status: 200, ignored: { 'unknown-type': 1 } },
  { name: 'a lines-of-code type other than added or removed', body: body([sum('claude_code.lines_of_code.count', [point({ attributes: [s('type', 'changed')] })])]), status: 200, ignored: { 'unknown-type': 1 } },
  { name: 'cost as a gauge', body: body([{ name: 'claude_code.cost.usage', gauge: { dataPoints: [point()] } }]), status: 200, ignored: { 'unsupported-metric-type': 1 } },
  { name: 'sessions as a histogram', body: body([{ name: 'claude_code.session.count', histogram: { aggregationTemporality: 1, dataPoints: [{ timeUnixNano: ns(0), count: '1' }] } }]), status: 200, ignored: { 'unsupported-metric-type': 1 } },
  { name: 'a mix of reasons', body: body([sum('claude_code.cost.usage', [point({ asDouble: -1 }), point({ asDouble: 'NaN' })]), sum('other', [point()])]), status: 200, ignored: { 'negative-value': 1, 'non-finite-value': 1, 'unknown-metric': 1 } },

  // Media types, encodings and sizes.
  { name: 'text/plain', body: 'hello', type: 'text/plain', status: 415, message: 'Content-Type must be application/json or application/x-protobuf, got text/plain' },
  { name: 'form data', body: 'a=1', type: 'application/x-www-form-urlencoded', status: 415, message: 'Content-Type must be application/json or application/x-protobuf, got application/x-www-form-urlencoded' },
  { name: 'an unsupported content encoding', body: '{}', headers: { 'Content-Encoding': 'compress' }, status: 415, message: 'unsupported content encoding "compress"' },
  { name: 'a gzip header over plain bytes', body: '{}', headers: { 'Content-Encoding': 'gzip' }, status: 400, message: 'Could not read the request body: it is not valid gzip data' },
  { name: 'a JSON body over the size limit', body: JSON.stringify(cost(point({ attributes: Array.from({ length: 900 }, (_, i) => s(`k${i}`, 'v'.repeat(100))) }))), status: 413, message: 'The request body is larger than the limit of 65536 bytes (agentPlatform.spend.ingestion.maxBodyBytes)' },
  { name: 'a gzip body that inflates over the size limit', body: gzipSync(Buffer.from(`{"x":"${'a'.repeat(200_000)}"}`)), headers: { 'Content-Encoding': 'gzip' }, status: 413, message: 'The request body is larger than the limit of 65536 bytes (agentPlatform.spend.ingestion.maxBodyBytes)' },
  { name: 'a protobuf body over the size limit', type: PB, body: Buffer.alloc(70_000, 1), status: 413, message: 'The request body is larger than the limit of 65536 bytes (agentPlatform.spend.ingestion.maxBodyBytes)' },
  { name: 'too many data points in JSON', body: cost(...Array.from({ length: 101 }, () => point())), status: 413, message: 'The request holds 101 data points; at most 100 are accepted per request (agentPlatform.spend.ingestion.maxDataPoints)' },
  { name: 'too many unknown data points', body: body([sum('other', Array.from({ length: 150 }, () => point()))]), status: 413, message: 'The request holds 150 data points; at most 100 are accepted per request (agentPlatform.spend.ingestion.maxDataPoints)' },
  { name: 'too many data points in protobuf', type: PB, body: pb(cost(...Array.from({ length: 101 }, () => point()))), status: 413, message: 'The request holds 101 data points; at most 100 are accepted per request (agentPlatform.spend.ingestion.maxDataPoints)' },

  // Malformed protobuf.
  { name: 'protobuf garbage', type: PB, body: Buffer.from([0xff, 0xff, 0xff, 0xff]), status: 400, message: 'Invalid protobuf ExportMetricsServiceRequest: index out of range: 4 + 1 > 4' },
  { name: 'truncated protobuf', type: PB, body: pb(cost()).subarray(0, 20), status: 400, message: 'Invalid protobuf ExportMetricsServiceRequest: index out of range' },
  { name: 'JSON sent as protobuf', type: PB, body: Buffer.from(JSON.stringify(cost())), status: 400, message: 'Invalid protobuf ExportMetricsServiceRequest:' },
  { name: 'protobuf sent as JSON', type: JSON_TYPE, body: pb(cost()), status: 400, message: 'Invalid JSON:' },
  { name: 'protobuf with an unspecified temporality', type: PB, body: pb(body([sum('claude_code.cost.usage', [point()], 0)])), status: 400, message: invalid(`${M0}.sum.aggregationTemporality must be 1 (DELTA) or 2 (CUMULATIVE), got number 0`) },
  { name: 'protobuf with an unnamed metric', type: PB, body: pb(body([sum('', [point()])])), status: 400, message: invalid(`${M0}.name must be a non-empty string, got the string ""`) },
  { name: 'protobuf without a timestamp', type: PB, body: pb(cost(point({ timeUnixNano: undefined, startTimeUnixNano: undefined }))), status: 200, ignored: { 'timestamp-too-old': 1 } },
  { name: 'protobuf with a negative value', type: PB, body: pb(cost(point({ asDouble: -2 }))), status: 200, ignored: { 'negative-value': 1 } },
  { name: 'protobuf with an unknown metric', type: PB, body: pb(body([sum('x.y', [point()])])), status: 200, ignored: { 'unknown-metric': 1 } },

  // Credentials.
  { name: 'no credentials', body: cost(), headers: { Authorization: '' }, status: 401, message: 'Missing credentials' },
  { name: 'a wrong token', body: cost(), headers: { Authorization: 'Bearer not-the-token' }, status: 401, message: 'Illegal token' },
  { name: 'a Basic header', body: cost(), headers: { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, status: 401, message: 'Missing credentials' },
  { name: 'protobuf without credentials', type: PB, body: pb(cost()), headers: { Authorization: '' }, status: 401, message: 'Missing credentials' },
  { name: 'protobuf with a wrong token', type: PB, body: pb(cost()), headers: { Authorization: 'Bearer not-the-token' }, status: 401, message: 'Illegal token' },
];

async function storeState(knex: Knex) {
  const count = async (table: string) =>
    Number((await knex(table).count({ n: '*' }))[0].n);
  const sums = async (table: string) => {
    let query = knex(table);
    if (table === 'spend_rollup_day') {
      query = query.where({ scope: 'team', dimension: '' });
    }
    const [row] = await query.select(
      knex.raw('sum(cost) as cost'),
      knex.raw('sum(tokens_input) as tokens'),
    );
    return [Number(row.cost), Number(row.tokens), await count(table)];
  };
  return {
    points: await count('spend_points'),
    series: await count('spend_series'),
    day: await sums('spend_rollup_day'),
    hour: await sums('spend_rollup_hour'),
  };
}

describe.each(databases.eachSupportedId())('bad input on %p', databaseId => {
  let backend: Awaited<ReturnType<typeof startSpendBackend>>;
  let knex: Knex;
  let seeded: Awaited<ReturnType<typeof storeState>>;

  const post = (payload: unknown, type = JSON_TYPE, headers: Record<string, string> = {}) => {
    let req = request(backend.server)
      .post('/api/agent-platform/otlp/v1/metrics')
      .set('Content-Type', type);
    const auth = headers.Authorization ?? `Bearer ${INGEST_TOKEN}`;
    if (auth) req = req.set('Authorization', auth);
    for (const [k, v] of Object.entries(headers)) {
      if (k !== 'Authorization') req = req.set(k, v);
    }
    const data =
      Buffer.isBuffer(payload) || typeof payload === 'string'
        ? payload
        : JSON.stringify(payload);
    return req
      .serialize((x: any) => x)
      .send(data as any)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
  };
  const json = (res: { body: Buffer }) => JSON.parse(res.body.toString('utf8'));
  const table = () =>
    request(backend.server)
      .get('/api/agent-platform/spend/teams')
      .set('Authorization', `Bearer ${INGEST_TOKEN}`);

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    backend = await startSpendBackend(
      knex,
      { ingestion: { maxBodyBytes: 65536, maxDataPoints: 100 } },
      { realAuth: true },
    );
    await waitFor('the catalog', async () => {
      const res = await table();
      return res.status === 200 && res.body.rows.length === 8;
    });
    // Something stored that bad input must leave alone.
    const res = await post(
      body([
        sum('claude_code.cost.usage', [point({ asDouble: 2.5 })]),
        sum('claude_code.token.usage', [point({ asDouble: undefined, asInt: '400', attributes: [s('type', 'input')] })], 2),
      ]),
    );
    if (res.status !== 200) throw new Error(`seeding failed: ${res.status}`);
    seeded = await storeState(knex);
  });

  it('starts from a seeded store', () => {
    expect(seeded).toEqual({
      points: 2,
      series: 1,
      // The team's totals, two model keys (sonnet; none for the tokens) and
      // one (none) key for each of the eight other breakdowns.
      day: [2.5, 400, 11],
      hour: [2.5, 400, 2],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it.each(cases.map(c => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await post(c.body, c.type ?? JSON_TYPE, c.headers);
    // What the answer says, in one shape for every case.
    let answer: Record<string, unknown>;
    if (res.status === 200 && (c.type ?? JSON_TYPE) === PB) {
      const decoded = decodeOtlpMetricsResponse(res.body) as any;
      answer = { rejected: decoded.partialSuccess?.rejectedDataPoints };
    } else if (res.status === 200) {
      const result = json(res);
      answer = {
        rejected: result.partialSuccess?.rejectedDataPoints,
        accepted: result.accepted,
        duplicates: result.duplicates,
        ignored: result.ignored,
      };
    } else {
      // OTLP's error body: a google.rpc.Status, in protobuf for a protobuf
      // request, else in JSON next to Backstage's `error`.
      let status: { code: number; message: string; also?: string };
      if ((c.type ?? JSON_TYPE) === PB) {
        status = decodeRpcStatus(res.body);
        status.also = res.headers['content-type'];
      } else {
        const error = json(res);
        status = {
          ...error,
          also: error.error.message === error.message ? 'same' : 'differs',
        };
      }
      answer = {
        // protobuf: the response's type; JSON: whether Backstage's error
        // says the same as the Status
        also: status.also,
        code: status.code,
        message: c.message?.endsWith(':')
          ? status.message.slice(0, c.message.length)
          : status.message,
      };
    }
    const rejected = c.ignored
      ? String(Object.values(c.ignored).reduce((a, b) => a + b, 0))
      : undefined;
    let expected: Record<string, unknown>;
    if (c.status !== 200) {
      const protobufCase = (c.type ?? JSON_TYPE) === PB;
      expected = {
        also: protobufCase ? PB : 'same',
        code: GRPC_CODE[c.status],
        message: c.message,
      };
    }
    else if ((c.type ?? JSON_TYPE) === PB) expected = { rejected };
    else {
      expected = { rejected, accepted: 0, duplicates: 0, ignored: c.ignored };
    }
    expect([res.status, answer]).toEqual([c.status, expected]);
    expect(await storeState(knex)).toEqual(seeded);
  });

  it('counts a duplicated delta batch once', async () => {
    const batch = body([
      sum('claude_code.cost.usage', [point({ asDouble: 0.75, timeUnixNano: ns(-1000) })]),
    ]);
    const first = await post(batch);
    expect(json(first)).toEqual({ accepted: 1, duplicates: 0, ignored: {} });
    const after = await storeState(knex);
    expect(after.day).toEqual([3.25, 400, 11]);
    const again = await post(batch);
    expect(json(again)).toEqual({ accepted: 0, duplicates: 1, ignored: {} });
    // The same points twice within one batch count once too.
    const twice = await post(
      body([sum('claude_code.cost.usage', [point({ asDouble: 0.75, timeUnixNano: ns(-1000) }), point({ asDouble: 0.75, timeUnixNano: ns(-1000) })])]),
    );
    expect(json(twice)).toEqual({ accepted: 0, duplicates: 2, ignored: {} });
    expect(await storeState(knex)).toEqual(after);
    seeded = after;
  });

  it('counts a replayed cumulative batch once', async () => {
    const batch = body([
      sum('claude_code.token.usage', [point({ asDouble: undefined, asInt: '400', attributes: [s('type', 'input')] })], 2),
    ]);
    const res = await post(batch);
    expect(json(res)).toEqual({ accepted: 0, duplicates: 1, ignored: {} });
    expect(await storeState(knex)).toEqual(seeded);
  });

  it('keeps the valid points of a request with a bad resource and a bad point, and counts the rest in partialSuccess', async () => {
    const res = await post({
      resourceMetrics: [
        { resource: { attributes: [s('team.id', 'p'.repeat(2000))] }, scopeMetrics: [{ metrics: [sum('claude_code.cost.usage', [point({ asDouble: 9, timeUnixNano: ns(-3000) })])] }] },
        {
          resource: { attributes: [s('team.id', 'payments')] },
          scopeMetrics: [{ metrics: [sum('claude_code.cost.usage', [point({ asDouble: 0.25, timeUnixNano: ns(-3000) }), point({ asDouble: 7, startTimeUnixNano: ns(1000) })])] }],
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(json(res)).toEqual({
      partialSuccess: {
        rejectedDataPoints: '2',
        errorMessage:
          'Ignored 2 data points: invalid-data-point 1, invalid-resource 1. Invalid: resourceMetrics[0].resource.attributes[0].value is 2000 characters long; at most 1024 are accepted; resourceMetrics[1].scopeMetrics[0].metrics[0].sum.dataPoints[1].startTimeUnixNano is after timeUnixNano',
      },
      accepted: 1,
      duplicates: 0,
      ignored: { 'invalid-data-point': 1, 'invalid-resource': 1 },
    });
    const after = await storeState(knex);
    expect(after.day[0]).toBeCloseTo(seeded.day[0] as number + 0.25, 9);
    seeded = after;
  });

  it('reads proto3 JSON: a 64-bit integer as a JSON number, a double as a string', async () => {
    // Written as text: timeUnixNano as a bare 19-digit number.
    const time = (NOW_NS - 4_000_000_000n).toString();
    const text = JSON.stringify(cost(point({ asDouble: '0.125', timeUnixNano: 'TIME', startTimeUnixNano: undefined }))).replace('"TIME"', time);
    const res = await post(text);
    expect([res.status, json(res)]).toEqual([200, { accepted: 1, duplicates: 0, ignored: {} }]);
    const after = await storeState(knex);
    expect(after.day[0]).toBeCloseTo(seeded.day[0] as number + 0.125, 9);
    seeded = after;
  });

  it('stores SQL-like attribute values as plain text', async () => {
    const sqlTeam = "payments'; DROP TABLE spend_points; --";
    const sqlModel = "x' OR '1'='1";
    const res = await post(
      body(
        [sum('claude_code.cost.usage', [point({ asDouble: 0.5, timeUnixNano: ns(-2000), attributes: [s('model', sqlModel)] })])],
        [s('team.id', sqlTeam), s('user.email', "'; DELETE FROM spend_rollup_day; --@x.example")],
      ),
    );
    expect(json(res)).toEqual({ accepted: 1, duplicates: 0, ignored: {} });
    const row = await knex('spend_points').where('team_id', sqlTeam).first();
    expect(row).toMatchObject({ team: '', model: sqlModel });
    const state = await storeState(knex);
    expect(state.points).toBe(6);
    // A new team row set (unattributed) and a user row set (the e-mail).
    expect(state.day).toEqual([4.125, 400, 31]);
    // Unattributed, and in the platform table.
    const t = await table();
    expect(t.body.rows.find((r: any) => r.team === null).cost).toBe(0.5);
  });

  it.each([
    ['/spend/teams?from=yesterday', 400, 'Query parameter from must be a date YYYY-MM-DD, got "yesterday"'],
    ['/spend/teams?from=2026-11-02&to=2026-11-01', 400, 'Query parameter from (2026-11-02) is after to (2026-11-01)'],
    ['/spend/teams?from=2020-01-01&to=2026-01-01', 400, 'The range 2020-01-01..2026-01-01 is 2193 days long; at most 731 are allowed'],
    ['/spend/entities/template/default/new-service', 400, 'Spend is reported for Group, User, Component, skill (AiResource) and MCP server (API) entities, not template (template:default/new-service)'],
    ['/spend/entities/group/default/nobody', 404, 'No entity group:default/nobody in the catalog'],
    ['/spend/entities/group/default/payments?to=2026-02-30', 400, 'Query parameter to must be a date YYYY-MM-DD, got "2026-02-30"'],
  ])('answers GET %s with %i', async (path, status, message) => {
    const res = await request(backend.server)
      .get(`/api/agent-platform${path}`)
      .set('Authorization', `Bearer ${INGEST_TOKEN}`);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toBe(message);
  });

  it('keeps answering', async () => {
    const res = await table();
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(8);
  });
});
