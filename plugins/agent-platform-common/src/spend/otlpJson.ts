/**
 * Readers for the scalar fields of OTLP/JSON, following the proto3 JSON
 * mapping (https://protobuf.dev/programming-guides/json/): 64-bit integers as
 * decimal strings or JSON numbers, exponent notation included when the value
 * is whole; doubles as numbers or strings, with "NaN", "Infinity" and
 * "-Infinity"; enums by number or by name.
 */

/** `BigInt`, under a name the linter's new-cap rule accepts. */
const toBigInt = BigInt;

/**
 * A request that is not a valid OTLP `ExportMetricsServiceRequest`. The
 * message names where the problem is, e.g.
 * `resourceMetrics[0].scopeMetrics[1].metrics[2].sum.dataPoints[0].timeUnixNano`.
 *
 * @public
 */
export class OtlpValidationError extends Error {
  /** Where in the request the problem is. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`${path || 'request'} ${problem}`);
    this.name = 'OtlpValidationError';
    this.path = path;
  }
}

/** A JSON object. */
export type Json = Record<string, unknown>;

const MAX_UINT64 = 18446744073709551615n;
const MAX_INT64 = 9223372036854775807n;
const MIN_INT64 = -9223372036854775808n;
/** A decimal number as proto3 JSON writes integers: sign, digits, optional fraction and exponent. */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d{1,4}))?$/;
/** A double as a string: what JavaScript's Number() reads, without hex, blanks or an empty text. */
const DOUBLE_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.slice(0, 40))}`;
  }
  return `${typeof value} ${String(value).slice(0, 40)}`;
}

export function optionalRecord(value: unknown, path: string): Json {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    throw new OtlpValidationError(
      path,
      `must be an object, got ${describe(value)}`,
    );
  }
  return value;
}

export function optionalArray(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new OtlpValidationError(
      path,
      `must be an array, got ${describe(value)}`,
    );
  }
  return value;
}

/**
 * The integer a proto3 JSON integer holds: a JSON number, or a string of
 * digits, possibly with a fraction and exponent that make it whole ("1e3",
 * "1.5e3"). Undefined when it is not a whole number.
 */
export function readInteger(value: unknown): bigint | undefined {
  if (typeof value === 'number') {
    // A JSON number beyond 2^53 has already lost its last digits in
    // JSON.parse; it is still the integer it reads as.
    return Number.isInteger(value) ? toBigInt(value) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const match = DECIMAL.exec(value);
  if (!match) return undefined;
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  let digits = whole + fraction;
  let scale = exponent - fraction.length;
  if (scale < 0) {
    // The digits dropped must be zeros for the number to be whole.
    const dropped = digits.slice(digits.length + scale);
    if (/[^0]/.test(dropped)) return undefined;
    digits = digits.slice(0, digits.length + scale) || '0';
    scale = 0;
  }
  if (digits.replace(/^0+/, '').length + scale > 40) return undefined;
  const magnitude = toBigInt(digits) * 10n ** toBigInt(scale);
  return sign ? -magnitude : magnitude;
}

/** Reads an OTLP 64-bit unsigned integer (fixed64) as a canonical decimal string. */
export function readUint64(value: unknown, path: string): string {
  if (typeof value === 'string' && /^(?:0|[1-9]\d{0,18})$/.test(value)) {
    // Up to 19 digits without a leading zero: already canonical, and below
    // 2^64 (the common case, skipped past BigInt).
    return value;
  }
  const integer = readInteger(value);
  if (integer === undefined || integer < 0n) {
    throw new OtlpValidationError(
      path,
      `must be a non-negative 64-bit integer (a decimal string or a number), got ${describe(
        value,
      )}`,
    );
  }
  if (integer > MAX_UINT64) {
    throw new OtlpValidationError(path, 'is larger than a 64-bit integer');
  }
  return integer.toString();
}

/** Reads an OTLP signed 64-bit integer (int64, sfixed64). */
export function readInt64(value: unknown, path: string): bigint {
  const integer = readInteger(value);
  if (integer === undefined) {
    throw new OtlpValidationError(
      path,
      `must be an integer (a decimal string or a number), got ${describe(
        value,
      )}`,
    );
  }
  if (integer > MAX_INT64 || integer < MIN_INT64) {
    throw new OtlpValidationError(path, 'is outside the 64-bit integer range');
  }
  return integer;
}

/** Reads a proto3 JSON double: a number, a numeric string, "NaN", "Infinity" or "-Infinity". */
export function readDouble(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (typeof value === 'string' && DOUBLE_TEXT.test(value)) {
    return Number(value);
  }
  throw new OtlpValidationError(
    path,
    `must be a number (or a numeric string, "NaN", "Infinity", "-Infinity"), got ${describe(
      value,
    )}`,
  );
}

/** An attribute value as text; arrays, maps and bytes are not used by attribution. */
export function readAnyValue(
  value: unknown,
  path: string,
  maxLength: number,
): string | undefined {
  const v = optionalRecord(value, path);
  let text: string | undefined;
  if ('stringValue' in v && v.stringValue !== undefined) {
    if (typeof v.stringValue !== 'string') {
      throw new OtlpValidationError(
        `${path}.stringValue`,
        `must be a string, got ${describe(v.stringValue)}`,
      );
    }
    text = v.stringValue;
  } else if ('boolValue' in v && v.boolValue !== undefined) {
    if (typeof v.boolValue !== 'boolean') {
      throw new OtlpValidationError(
        `${path}.boolValue`,
        `must be a boolean, got ${describe(v.boolValue)}`,
      );
    }
    text = String(v.boolValue);
  } else if ('intValue' in v && v.intValue !== undefined) {
    text = readInt64(v.intValue, `${path}.intValue`).toString();
  } else if ('doubleValue' in v && v.doubleValue !== undefined) {
    text = String(readDouble(v.doubleValue, `${path}.doubleValue`));
  }
  if (text !== undefined && text.length > maxLength) {
    throw new OtlpValidationError(
      path,
      `is ${text.length} characters long; at most ${maxLength} are accepted`,
    );
  }
  return text;
}

/** Reads a KeyValue list into a map of texts. */
export function readAttributes(
  value: unknown,
  path: string,
  maxLength: number,
): Map<string, string> {
  const attributes = new Map<string, string>();
  optionalArray(value, path).forEach((item, i) => {
    const where = `${path}[${i}]`;
    if (!isRecord(item)) {
      throw new OtlpValidationError(
        where,
        `must be an object {key, value}, got ${describe(item)}`,
      );
    }
    if (typeof item.key !== 'string' || item.key === '') {
      throw new OtlpValidationError(
        `${where}.key`,
        `must be a non-empty string, got ${describe(item.key)}`,
      );
    }
    const text = readAnyValue(item.value, `${where}.value`, maxLength);
    if (text !== undefined) attributes.set(item.key, text);
  });
  return attributes;
}

/**
 * The number of data points under a part of a request, counted leniently
 * (whatever is an array), for the points of a part that is rejected whole.
 */
export function countDataPoints(value: unknown): number {
  if (!isRecord(value)) return 0;
  let n = 0;
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  const metric = (m: unknown) => {
    if (!isRecord(m)) return;
    for (const kind of [
      'sum',
      'gauge',
      'histogram',
      'exponentialHistogram',
      'summary',
    ]) {
      const body = m[kind];
      if (isRecord(body)) n += list(body.dataPoints).length;
    }
  };
  if ('name' in value || 'sum' in value || 'gauge' in value) {
    metric(value);
    return n;
  }
  for (const sm of list(value.scopeMetrics)) {
    if (isRecord(sm)) list(sm.metrics).forEach(metric);
  }
  return n;
}
