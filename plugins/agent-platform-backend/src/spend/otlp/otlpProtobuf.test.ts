import { decodeOtlpMetrics } from '@agent-platform/plugin-agent-platform-common';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import {
  decodeOtlpMetricsProtobuf,
  decodeOtlpMetricsProtobufFull,
  OtlpProtobufError,
} from './otlpProtobuf';
import { OTLP_METRICS_PROTO_SOURCES } from './otlpProto';

const root = new protobuf.Root();
for (const source of OTLP_METRICS_PROTO_SOURCES) protobuf.parse(source, root);
const Request = root.lookupType(
  'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
);
const encode = (message: object) =>
  Request.encode(Request.fromObject(message)).finish();

const NOW = Date.parse('2026-11-21T12:00:00Z');

/** What the shared decoder makes of a decoded body, or the error it throws. */
function outcome(decoded: unknown) {
  try {
    return decodeOtlpMetrics(decoded, { now: NOW });
  } catch (error) {
    return { error: String(error) };
  }
}

// 64-bit integers as decimal text: small, around 2^53, around now in
// nanoseconds, up to 2^64 - 1 (uint64) or +-2^63 (int64).
// Mostly around now, so that most requests reach the data points' values
// and attributes instead of failing on a time.
const uint64 = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.bigInt({
      min: BigInt(NOW - 3_600_000) * 1_000_000n,
      max: BigInt(NOW + 60_000) * 1_000_000n,
    }),
  },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 1000n }) },
  {
    weight: 1,
    arbitrary: fc.bigInt({ min: 2n ** 53n - 5n, max: 2n ** 53n + 5n }),
  },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) },
);
const int64 = fc.oneof(
  fc.bigInt({ min: -5n, max: 100_000n }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
);
const anyValue = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      stringValue: fc.oneof(
        fc.constantFrom('input', 'output', 'cacheRead', 'claude-sonnet-4-6'),
        fc.string({ maxLength: 12 }),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ boolValue: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ intValue: int64.map(String) }) },
  { weight: 1, arbitrary: fc.record({ doubleValue: fc.double() }) },
  {
    weight: 1,
    arbitrary: fc.record({ bytesValue: fc.uint8Array({ maxLength: 4 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      arrayValue: fc.record({
        values: fc.array(fc.record({ stringValue: fc.string() }), {
          maxLength: 2,
        }),
      }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({}) },
);
const attributeKey = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.constantFrom(
      'model',
      'type',
      'skill.name',
      'user.email',
      'session.id',
      'x',
    ),
  },
  { weight: 1, arbitrary: fc.constant('') },
);
const attributes = fc.array(fc.record({ key: attributeKey, value: anyValue }), {
  maxLength: 4,
});
// The start at or before the end, mostly; sometimes absent or after it.
const times = fc
  .tuple(uint64, fc.bigInt({ min: -10n, max: 10n ** 12n }), fc.nat(20))
  .map(([time, length, variant]) => {
    if (variant === 0) return { timeUnixNano: String(time) };
    if (variant === 1) return { startTimeUnixNano: String(time) };
    const start = variant === 2 ? time + 1n : time - length;
    return {
      startTimeUnixNano: String(start < 0n ? 0n : start),
      timeUnixNano: String(time),
    };
  });
const value = fc.oneof(
  { weight: 5, arbitrary: fc.record({ asDouble: fc.double() }) },
  { weight: 5, arbitrary: fc.record({ asInt: int64.map(String) }) },
  { weight: 1, arbitrary: fc.constant({}) },
);
const dataPoint = fc
  .tuple(attributes, times, value)
  .map(([pointAttributes, time, v]) => ({
    attributes: pointAttributes,
    ...time,
    ...v,
  }));
const metric = fc.record(
  {
    name: fc.oneof(
      {
        weight: 20,
        arbitrary: fc.constantFrom(
          'claude_code.cost.usage',
          'claude_code.token.usage',
          'claude_code.session.count',
          'other.metric',
        ),
      },
      { weight: 1, arbitrary: fc.constant('') },
    ),
    sum: fc.record({
      aggregationTemporality: fc.oneof(
        { weight: 20, arbitrary: fc.constantFrom(1, 2) },
        { weight: 1, arbitrary: fc.constant(0) },
      ),
      isMonotonic: fc.boolean(),
      dataPoints: fc.array(dataPoint, { minLength: 1, maxLength: 4 }),
    }),
    gauge: fc.record({ dataPoints: fc.array(dataPoint, { maxLength: 2 }) }),
  },
  { requiredKeys: ['name', 'sum'] },
);
const request = fc.record({
  resourceMetrics: fc.array(
    fc.record(
      {
        resource: fc.record({ attributes }),
        scopeMetrics: fc.array(
          fc.record({
            metrics: fc.array(metric, { minLength: 1, maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 2 },
        ),
      },
      { requiredKeys: ['scopeMetrics'] },
    ),
    { minLength: 1, maxLength: 2 },
  ),
});

describe('decodeOtlpMetricsProtobuf', () => {
  it('gives the shared decoder what protobufjs toObject gives it, for any request', () => {
    let withSamples = 0;
    fc.assert(
      fc.property(request, message => {
        const body = encode(message);
        const fast = outcome(decodeOtlpMetricsProtobuf(body));
        expect(fast).toEqual(outcome(decodeOtlpMetricsProtobufFull(body)));
        if ('samples' in fast && fast.samples.length > 0) withSamples++;
      }),
      { numRuns: 500 },
    );
    // Not only errors compared: many requests decode to spend samples.
    expect(withSamples).toBeGreaterThan(10);
  });

  it('reads 64-bit times exactly, past 2^53', () => {
    const time = '18446744073709551615'; // 2^64 - 1
    const body = encode({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'claude_code.cost.usage',
                  sum: {
                    aggregationTemporality: 1,
                    dataPoints: [
                      {
                        startTimeUnixNano: '9007199254740993',
                        timeUnixNano: time,
                        asInt: '-9223372036854775808',
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    const decoded = decodeOtlpMetricsProtobuf(body) as any;
    const point = decoded.resourceMetrics[0].scopeMetrics[0].metrics[0].sum
      .dataPoints[0];
    expect(point).toEqual({
      attributes: [],
      startTimeUnixNano: '9007199254740993',
      timeUnixNano: time,
      asInt: '-9223372036854775808',
    });
  });

  it('fills absent times with "0" and absent messages with null, as toObject does', () => {
    const body = encode({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'claude_code.cost.usage',
                  sum: { dataPoints: [{ asDouble: 0 }] },
                },
              ],
            },
          ],
        },
      ],
    });
    const decoded = decodeOtlpMetricsProtobuf(body) as any;
    expect(decoded.resourceMetrics[0].resource).toBeNull();
    expect(
      decoded.resourceMetrics[0].scopeMetrics[0].metrics[0].sum,
    ).toEqual({
      aggregationTemporality: 0,
      dataPoints: [
        {
          attributes: [],
          startTimeUnixNano: '0',
          timeUnixNano: '0',
          asDouble: 0,
        },
      ],
    });
  });

  it('rejects a body that is not protobuf with OtlpProtobufError', () => {
    expect(() =>
      decodeOtlpMetricsProtobuf(new Uint8Array([0x0a, 0xff, 0xff, 0xff])),
    ).toThrow(OtlpProtobufError);
  });
});
