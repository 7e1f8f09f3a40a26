import protobuf from 'protobufjs';
import { OTLP_METRICS_PROTO_SOURCES } from './otlpProto';
import { RPC_STATUS_PROTO_SOURCES } from './statusProto';

let types:
  | { request: protobuf.Type; response: protobuf.Type; status: protobuf.Type }
  | undefined;

function load() {
  if (!types) {
    const root = new protobuf.Root();
    for (const source of [
      ...OTLP_METRICS_PROTO_SOURCES,
      ...RPC_STATUS_PROTO_SOURCES,
    ]) {
      protobuf.parse(source, root, { keepCase: false });
    }
    root.resolveAll();
    types = {
      request: root.lookupType(
        'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
      ),
      response: root.lookupType(
        'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse',
      ),
      status: root.lookupType('google.rpc.Status'),
    };
  }
  return types;
}

/**
 * A protobuf body that is not an `ExportMetricsServiceRequest`.
 *
 * @public
 */
export class OtlpProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpProtobufError';
  }
}

/** A 64-bit integer as protobufjs decodes it: a `long` Long, or a number. */
type Int64 = { low: number; high: number; unsigned: boolean } | number;

/** Decimal text of a 64-bit integer, as `toObject({ longs: String })` writes it. */
function int64Text(value: Int64): string {
  if (typeof value === 'number') return String(value);
  const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  return (
    value.unsigned ? BigInt.asUintN(64, bits) : BigInt.asIntN(64, bits)
  ).toString();
}

type Decoded = Record<string, any>;
/**
 * Whether a field was on the wire: protobufjs sets decoded fields as own
 * properties and keeps defaults (a zero Long for `asInt`, say) on the
 * prototype; `toObject` makes the same test.
 */
const has = (m: Decoded, field: string) =>
  Object.prototype.hasOwnProperty.call(m, field) &&
  m[field] !== undefined &&
  m[field] !== null;

/** An `AnyValue` in its JSON shape; arrays, maps and bytes as `{}` (unused). */
function anyValue(v: Decoded | null | undefined): Decoded | null {
  if (!v) return null;
  if (has(v, 'stringValue')) return { stringValue: v.stringValue };
  if (has(v, 'boolValue')) return { boolValue: v.boolValue };
  if (has(v, 'intValue')) return { intValue: int64Text(v.intValue) };
  if (has(v, 'doubleValue')) return { doubleValue: v.doubleValue };
  return {};
}

function keyValues(list: Decoded[] | undefined): Decoded[] {
  if (!list || list.length === 0) return [];
  const out = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    out[i] = { key: list[i].key, value: anyValue(list[i].value) };
  }
  return out;
}

function numberDataPoint(p: Decoded): Decoded {
  const point: Decoded = {
    attributes: keyValues(p.attributes),
    startTimeUnixNano: int64Text(p.startTimeUnixNano),
    timeUnixNano: int64Text(p.timeUnixNano),
  };
  if (has(p, 'asDouble')) point.asDouble = p.asDouble;
  if (has(p, 'asInt')) point.asInt = int64Text(p.asInt);
  return point;
}

const OTHER_KINDS = ['gauge', 'histogram', 'exponentialHistogram', 'summary'];

function metric(m: Decoded): Decoded {
  const out: Decoded = { name: m.name };
  if (has(m, 'sum')) {
    const points: Decoded[] = m.sum.dataPoints ?? [];
    out.sum = {
      aggregationTemporality: m.sum.aggregationTemporality,
      dataPoints: points.map(numberDataPoint),
    };
  }
  // Only the number of their data points is read (to count them ignored).
  for (const kind of OTHER_KINDS) {
    if (has(m, kind)) {
      out[kind] = { dataPoints: new Array((m[kind].dataPoints ?? []).length) };
    }
  }
  return out;
}

/**
 * Decodes a protobuf `ExportMetricsServiceRequest` into the parts of its
 * OTLP/JSON object shape that `decodeOtlpMetrics` reads: lowerCamelCase
 * fields, 64-bit integers as decimal strings, enums as numbers, absent
 * timestamps as `"0"`, absent messages as null.
 *
 * This walks protobufjs' decoded message directly instead of calling its
 * generic `toObject` (which converts every 64-bit integer through the
 * `long` package's division-based `toString`, and copies fields nothing
 * reads): about twice as fast, with the same result for what is read
 * (checked against `toObject` in the tests).
 *
 * @throws OtlpProtobufError for a malformed payload.
 * @public
 */
export function decodeOtlpMetricsProtobuf(body: Uint8Array): unknown {
  const { request } = load();
  let message: Decoded;
  try {
    message = request.decode(body) as Decoded;
  } catch (error) {
    throw new OtlpProtobufError(
      `Invalid protobuf ExportMetricsServiceRequest: ${
        (error as Error).message
      }`,
    );
  }
  return {
    resourceMetrics: (message.resourceMetrics ?? []).map((rm: Decoded) => ({
      resource: rm.resource
        ? { attributes: keyValues(rm.resource.attributes) }
        : null,
      scopeMetrics: (rm.scopeMetrics ?? []).map((sm: Decoded) => ({
        metrics: (sm.metrics ?? []).map(metric),
      })),
    })),
  };
}

/**
 * Decodes a protobuf `ExportMetricsServiceRequest` with protobufjs'
 * generic `toObject` (every field, defaults filled in): the reference the
 * fast decoder is tested against, and a readable dump for tests.
 *
 * @public
 */
export function decodeOtlpMetricsProtobufFull(body: Uint8Array): unknown {
  const { request } = load();
  return request.toObject(request.decode(body), {
    longs: String,
    enums: Number,
    bytes: String,
    defaults: true,
    arrays: true,
  });
}

/**
 * Encodes an `ExportMetricsServiceResponse`; `partialSuccess` only when data
 * points were rejected or there is a message.
 *
 * @public
 */
export function encodeOtlpMetricsResponse(partialSuccess?: {
  rejectedDataPoints: number;
  errorMessage: string;
}): Uint8Array {
  const { response } = load();
  return response
    .encode(response.fromObject(partialSuccess ? { partialSuccess } : {}))
    .finish();
}

/**
 * Decodes an `ExportMetricsServiceResponse` (for tests and clients).
 *
 * @public
 */
export function decodeOtlpMetricsResponse(body: Uint8Array): unknown {
  const { response } = load();
  return response.toObject(response.decode(body), {
    longs: String,
    defaults: false,
  });
}

/**
 * The gRPC status code an OTLP error response carries for an HTTP status
 * (OTLP clients do not act on it; it is for troubleshooting).
 *
 * @public
 */
export function grpcCodeForHttpStatus(status: number): number {
  switch (status) {
    case 400:
    case 415:
      return 3; // INVALID_ARGUMENT
    case 401:
      return 16; // UNAUTHENTICATED
    case 403:
      return 7; // PERMISSION_DENIED
    case 404:
      return 5; // NOT_FOUND
    case 413:
    case 429:
      return 8; // RESOURCE_EXHAUSTED
    case 503:
      return 14; // UNAVAILABLE
    default:
      return status >= 500 ? 13 : 2; // INTERNAL, UNKNOWN
  }
}

/**
 * Encodes a `google.rpc.Status`: the body of an OTLP/HTTP error response
 * to a protobuf request.
 *
 * @public
 */
export function encodeRpcStatus(status: {
  code: number;
  message: string;
}): Uint8Array {
  const { status: type } = load();
  return type.encode(type.fromObject(status)).finish();
}

/**
 * Decodes a `google.rpc.Status` (for tests and clients).
 *
 * @public
 */
export function decodeRpcStatus(body: Uint8Array): {
  code: number;
  message: string;
} {
  const { status: type } = load();
  const decoded = type.toObject(type.decode(body), { defaults: true });
  return { code: decoded.code, message: decoded.message };
}
