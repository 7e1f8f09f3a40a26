import { SpendMeasure } from './api';
import { SpendAttributes } from './points';

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

/**
 * OTLP aggregation temporality of a sum.
 *
 * @public
 */
export type OtlpTemporality = 'delta' | 'cumulative';

/**
 * One Claude Code data point, validated and mapped to a spend measure, before
 * cumulative series are turned into deltas.
 *
 * @public
 */
export interface OtlpSpendSample {
  /** The OTLP metric name, e.g. `claude_code.cost.usage`. */
  metric: string;
  measure: SpendMeasure;
  temporality: OtlpTemporality;
  /**
   * Identity of the series: metric, measure and every resource and data point
   * attribute (sorted). Cumulative state is kept per series.
   */
  series: string;
  /** `startTimeUnixNano` as a decimal string (`0` when absent). */
  startNanos: string;
  /** `timeUnixNano` as a decimal string. */
  timeNanos: string;
  /** The value: a delta, or the running total for cumulative series. */
  value: number;
  attributes: SpendAttributes;
}

/**
 * The result of {@link decodeOtlpMetrics}.
 *
 * @public
 */
export interface OtlpDecodeResult {
  samples: OtlpSpendSample[];
  /** Data points ignored, by reason. */
  ignored: Record<string, number>;
  /** Every data point in the request, kept or ignored. */
  dataPoints: number;
}

/**
 * Limits applied by {@link decodeOtlpMetrics}.
 *
 * @public
 */
export interface OtlpDecodeOptions {
  /** Now, milliseconds since the epoch. */
  now: number;
  /** Data points older than this many milliseconds are ignored (`timestamp-too-old`). Default 400 days. */
  maxAgeMs?: number;
  /** Data points further than this in the future are ignored (`timestamp-in-future`). Default 1 hour. */
  maxFutureMs?: number;
  /** Largest value accepted for one data point (`value-too-large` beyond). Default 1e12. */
  maxValue?: number;
  /** Longest attribute value accepted, in characters. Default 1024. */
  maxAttributeLength?: number;
}

/**
 * How Claude Code's metrics map to spend measures. Metrics split by an
 * attribute (`type`) map each attribute value to a measure; other values of
 * it are ignored as `unknown-type`.
 *
 * @public
 */
export const CLAUDE_CODE_METRICS: Record<
  string,
  SpendMeasure | { attribute: string; measures: Record<string, SpendMeasure> }
> = {
  'claude_code.cost.usage': 'cost',
  'claude_code.token.usage': {
    attribute: 'type',
    measures: {
      input: 'tokens.input',
      output: 'tokens.output',
      cacheRead: 'tokens.cacheRead',
      cacheCreation: 'tokens.cacheCreation',
    },
  },
  'claude_code.session.count': 'sessions',
  'claude_code.commit.count': 'commits',
  'claude_code.pull_request.count': 'pullRequests',
  'claude_code.lines_of_code.count': {
    attribute: 'type',
    measures: { added: 'linesAdded', removed: 'linesRemoved' },
  },
  'claude_code.active_time.total': 'activeSeconds',
};

const DAY_MS = 86_400_000;
const INT_TEXT = /^-?\d+$/;
const CANONICAL_UINT = /^(?:0|[1-9]\d{0,18})$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Compares two canonical decimal texts of non-negative integers. */
function compareUint(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.slice(0, 40))}`;
  }
  return `${typeof value} ${String(value).slice(0, 40)}`;
}

function optionalRecord(value: unknown, path: string): Json {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    throw new OtlpValidationError(
      path,
      `must be an object, got ${describe(value)}`,
    );
  }
  return value;
}

function optionalArray(value: unknown, path: string): unknown[] {
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
 * Reads an OTLP 64-bit unsigned integer (a decimal string, or a number in
 * JSON) as a canonical decimal string.
 */
function readUint64(value: unknown, path: string): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new OtlpValidationError(
        path,
        `must be a non-negative integer, got ${describe(value)}`,
      );
    }
    return String(value);
  }
  if (typeof value === 'string' && CANONICAL_UINT.test(value)) {
    // Up to 19 digits without a leading zero: already canonical, and below
    // 2^64 (the common case, skipped past BigInt).
    return value;
  }
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) {
    const big = toBigInt(value);
    if (big > 18446744073709551615n) {
      throw new OtlpValidationError(path, 'is larger than a 64-bit integer');
    }
    return big.toString();
  }
  throw new OtlpValidationError(
    path,
    `must be a non-negative 64-bit integer (a decimal string or a number), got ${describe(
      value,
    )}`,
  );
}

/** An attribute value as text; arrays, maps and bytes are not used by attribution. */
function readAnyValue(
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
    const i = v.intValue;
    if (
      !(typeof i === 'number' && Number.isSafeInteger(i)) &&
      !(typeof i === 'string' && INT_TEXT.test(i))
    ) {
      throw new OtlpValidationError(
        `${path}.intValue`,
        `must be an integer, got ${describe(i)}`,
      );
    }
    text = String(i);
  } else if ('doubleValue' in v && v.doubleValue !== undefined) {
    if (typeof v.doubleValue !== 'number') {
      throw new OtlpValidationError(
        `${path}.doubleValue`,
        `must be a number, got ${describe(v.doubleValue)}`,
      );
    }
    text = String(v.doubleValue);
  }
  if (text !== undefined && text.length > maxLength) {
    throw new OtlpValidationError(
      path,
      `is ${text.length} characters long; at most ${maxLength} are accepted`,
    );
  }
  return text;
}

function readAttributes(
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

function readTemporality(value: unknown, path: string): OtlpTemporality {
  if (value === 1 || value === 'AGGREGATION_TEMPORALITY_DELTA') return 'delta';
  if (value === 2 || value === 'AGGREGATION_TEMPORALITY_CUMULATIVE') {
    return 'cumulative';
  }
  throw new OtlpValidationError(
    path,
    `must be 1 (DELTA) or 2 (CUMULATIVE), got ${describe(value)}`,
  );
}

/** The value of a number data point, or the reason to ignore it. */
function readValue(
  point: Json,
  path: string,
  maxValue: number,
): number | { ignore: string } {
  const hasDouble = point.asDouble !== undefined && point.asDouble !== null;
  const hasInt = point.asInt !== undefined && point.asInt !== null;
  if (hasDouble && hasInt) {
    throw new OtlpValidationError(path, 'has both asDouble and asInt');
  }
  let value: number;
  if (hasDouble) {
    const d = point.asDouble;
    if (d === 'NaN' || d === 'Infinity' || d === '-Infinity') {
      return { ignore: 'non-finite-value' };
    }
    if (typeof d !== 'number') {
      throw new OtlpValidationError(
        `${path}.asDouble`,
        `must be a number, got ${describe(d)}`,
      );
    }
    value = d;
  } else if (hasInt) {
    const i = point.asInt;
    if (typeof i === 'number' && Number.isInteger(i)) {
      value = i;
    } else if (typeof i === 'string' && INT_TEXT.test(i)) {
      // Up to 15 digits is always a safe integer.
      if (i.length <= 15) return checkValue(Number(i), maxValue);
      const big = toBigInt(i);
      if (big > MAX_SAFE) {
        return { ignore: 'value-too-large' };
      }
      value = Number(big);
    } else {
      throw new OtlpValidationError(
        `${path}.asInt`,
        `must be an integer (a decimal string or a number), got ${describe(i)}`,
      );
    }
  } else {
    throw new OtlpValidationError(path, 'has neither asDouble nor asInt');
  }
  return checkValue(value, maxValue);
}

function checkValue(
  value: number,
  maxValue: number,
): number | { ignore: string } {
  if (!Number.isFinite(value)) return { ignore: 'non-finite-value' };
  if (value < 0) return { ignore: 'negative-value' };
  if (value > maxValue) return { ignore: 'value-too-large' };
  return value;
}

const RESOURCE_REPO_DEFAULTS: ReadonlySet<string> = new Set([
  'claude-code',
  'unknown_service',
]);

/**
 * The spend attributes of a data point, from its resource's attributes and
 * its own (the data point's win).
 *
 * @public
 */
export function spendAttributesOf(
  attributes: Map<string, string>,
): SpendAttributes {
  const result: SpendAttributes = {};
  const set = (key: keyof SpendAttributes, ...names: string[]) => {
    for (const name of names) {
      const value = attributes.get(name)?.trim();
      if (value) {
        result[key] = value;
        return;
      }
    }
  };
  set('teamId', 'team.id');
  set('userEmail', 'user.email');
  set('userId', 'user.id', 'user.account_uuid');
  set('sessionId', 'session.id');
  set('model', 'model');
  set('skill', 'skill.name');
  set('mcpServer', 'mcp_server.name');
  set('repo', 'repo', 'vcs.repository.name');
  if (!result.repo) {
    const service = attributes.get('service.name')?.trim();
    if (
      service &&
      !RESOURCE_REPO_DEFAULTS.has(service) &&
      !service.startsWith('unknown_service')
    ) {
      result.repo = service;
    }
  }
  return result;
}

function seriesKey(
  metric: string,
  measure: SpendMeasure,
  attributes: Map<string, string>,
): string {
  // JSON.stringify([metric, measure, [[key, value], ...sorted by key]]),
  // written out: it is hashed into every idempotency key, so its text must
  // never change.
  const keys = [...attributes.keys()].sort();
  let text = `[${JSON.stringify(metric)},${JSON.stringify(measure)},[`;
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) text += ',';
    text += `[${JSON.stringify(keys[i])},${JSON.stringify(
      attributes.get(keys[i]),
    )}]`;
  }
  return `${text}]]`;
}

function count(ignored: Record<string, number>, reason: string, n = 1) {
  if (n > 0) ignored[reason] = (ignored[reason] ?? 0) + n;
}

/**
 * Validates an OTLP `ExportMetricsServiceRequest` (as decoded from JSON, or
 * from protobuf with 64-bit integers as strings) and maps Claude Code's
 * metrics to spend samples.
 *
 * Structure and types are checked strictly: a wrong type anywhere throws an
 * {@link OtlpValidationError} naming where. Data points that are well formed
 * but unusable are ignored and counted by reason: `unknown-metric`,
 * `unsupported-metric-type` (a Claude Code metric that is not a sum),
 * `unknown-type` (a `type` attribute Claude Code does not emit),
 * `non-finite-value`, `negative-value`, `value-too-large`,
 * `timestamp-too-old`, `timestamp-in-future`.
 *
 * @public
 */
export function decodeOtlpMetrics(
  request: unknown,
  options: OtlpDecodeOptions,
): OtlpDecodeResult {
  const maxAgeMs = options.maxAgeMs ?? 400 * DAY_MS;
  const maxFutureMs = options.maxFutureMs ?? 3_600_000;
  const maxValue = options.maxValue ?? 1e12;
  const maxLength = options.maxAttributeLength ?? 1024;
  if (!isRecord(request)) {
    throw new OtlpValidationError(
      '',
      `must be an ExportMetricsServiceRequest object, got ${describe(request)}`,
    );
  }
  const samples: OtlpSpendSample[] = [];
  const ignored: Record<string, number> = {};
  let dataPoints = 0;

  optionalArray(request.resourceMetrics, 'resourceMetrics').forEach((rm, i) => {
    const rmPath = `resourceMetrics[${i}]`;
    const resourceMetrics = optionalRecord(rm, rmPath);
    const resource = optionalRecord(
      resourceMetrics.resource,
      `${rmPath}.resource`,
    );
    const resourceAttributes = readAttributes(
      resource.attributes,
      `${rmPath}.resource.attributes`,
      maxLength,
    );
    optionalArray(
      resourceMetrics.scopeMetrics,
      `${rmPath}.scopeMetrics`,
    ).forEach((sm, j) => {
      const smPath = `${rmPath}.scopeMetrics[${j}]`;
      const scopeMetrics = optionalRecord(sm, smPath);
      optionalArray(scopeMetrics.metrics, `${smPath}.metrics`).forEach(
        (m, k) => {
          const mPath = `${smPath}.metrics[${k}]`;
          const metric = optionalRecord(m, mPath);
          if (typeof metric.name !== 'string' || metric.name === '') {
            throw new OtlpValidationError(
              `${mPath}.name`,
              `must be a non-empty string, got ${describe(metric.name)}`,
            );
          }
          const kinds = [
            'sum',
            'gauge',
            'histogram',
            'exponentialHistogram',
            'summary',
          ].filter(kind => metric[kind] !== undefined && metric[kind] !== null);
          if (kinds.length > 1) {
            throw new OtlpValidationError(
              mPath,
              `has more than one data kind (${kinds.join(', ')})`,
            );
          }
          const kind = kinds[0];
          const body = kind
            ? optionalRecord(metric[kind], `${mPath}.${kind}`)
            : {};
          const points = kind
            ? optionalArray(body.dataPoints, `${mPath}.${kind}.dataPoints`)
            : [];
          dataPoints += points.length;
          const mapping = CLAUDE_CODE_METRICS[metric.name];
          if (!mapping) {
            count(ignored, 'unknown-metric', points.length);
            return;
          }
          if (kind !== 'sum') {
            count(ignored, 'unsupported-metric-type', points.length);
            return;
          }
          const temporality = readTemporality(
            body.aggregationTemporality,
            `${mPath}.sum.aggregationTemporality`,
          );
          points.forEach((p, n) => {
            const pPath = `${mPath}.sum.dataPoints[${n}]`;
            const point = optionalRecord(p, pPath);
            const pointAttributes = readAttributes(
              point.attributes,
              `${pPath}.attributes`,
              maxLength,
            );
            if (point.timeUnixNano === undefined) {
              throw new OtlpValidationError(
                `${pPath}.timeUnixNano`,
                'is missing',
              );
            }
            const timeNanos = readUint64(
              point.timeUnixNano,
              `${pPath}.timeUnixNano`,
            );
            const startNanos =
              point.startTimeUnixNano === undefined
                ? '0'
                : readUint64(
                    point.startTimeUnixNano,
                    `${pPath}.startTimeUnixNano`,
                  );
            if (compareUint(startNanos, timeNanos) > 0) {
              throw new OtlpValidationError(
                `${pPath}.startTimeUnixNano`,
                'is after timeUnixNano',
              );
            }
            const value = readValue(point, pPath, maxValue);
            const all = new Map(resourceAttributes);
            for (const [key, text] of pointAttributes) all.set(key, text);
            let measure: SpendMeasure | undefined;
            if (typeof mapping === 'string') {
              measure = mapping;
            } else {
              const type = all.get(mapping.attribute);
              measure = type === undefined ? undefined : mapping.measures[type];
            }
            if (typeof value !== 'number') {
              count(ignored, value.ignore);
              return;
            }
            if (!measure) {
              count(ignored, 'unknown-type');
              return;
            }
            // Whole milliseconds: the decimal text without its last six
            // digits (timeNanos is canonical).
            const timeMs =
              timeNanos.length > 6 ? Number(timeNanos.slice(0, -6)) : 0;
            if (timeMs < options.now - maxAgeMs) {
              count(ignored, 'timestamp-too-old');
              return;
            }
            if (timeMs > options.now + maxFutureMs) {
              count(ignored, 'timestamp-in-future');
              return;
            }
            samples.push({
              metric: metric.name as string,
              measure,
              temporality,
              series: seriesKey(metric.name as string, measure, all),
              startNanos,
              timeNanos,
              value,
              attributes: spendAttributesOf(all),
            });
          });
        },
      );
    });
  });
  return { samples, ignored, dataPoints };
}
