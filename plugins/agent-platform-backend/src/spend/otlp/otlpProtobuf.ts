import protobuf from 'protobufjs';
import { OTLP_METRICS_PROTO_SOURCES } from './otlpProto';

let types:
  | { request: protobuf.Type; response: protobuf.Type }
  | undefined;

function load() {
  if (!types) {
    const root = new protobuf.Root();
    for (const source of OTLP_METRICS_PROTO_SOURCES) {
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

/**
 * Decodes a protobuf `ExportMetricsServiceRequest` into the same object shape
 * as its OTLP/JSON encoding: lowerCamelCase fields, 64-bit integers as
 * decimal strings, enums as numbers, defaults filled in (so an absent
 * `timeUnixNano` reads as `"0"`).
 *
 * @throws OtlpProtobufError for a malformed payload.
 * @public
 */
export function decodeOtlpMetricsProtobuf(body: Uint8Array): unknown {
  const { request } = load();
  let message: protobuf.Message;
  try {
    message = request.decode(body);
  } catch (error) {
    throw new OtlpProtobufError(
      `Invalid protobuf ExportMetricsServiceRequest: ${
        (error as Error).message
      }`,
    );
  }
  return request.toObject(message, {
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
