import { SpendMeasure } from './api';
import { SpendAttributes } from './points';
import {
  countDataPoints,
  describe,
  Json,
  optionalArray,
  optionalRecord,
  OtlpValidationError,
  readAttributes,
  readDouble,
  readInteger,
  readUint64,
} from './otlpJson';

export { OtlpValidationError } from './otlpJson';

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
  /**
   * Why data points were rejected as invalid (`invalid-data-point`,
   * `invalid-metric`, `invalid-resource` in `ignored`): the first few
   * problems, each naming where.
   */
  errors: string[];
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
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** How many problems a result names; the rest are only counted. */
const MAX_ERRORS = 3;

/** Compares two canonical decimal texts of non-negative integers. */
function compareUint(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  if (a === b) return 0;
  return a < b ? -1 : 1;
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

function checkValue(
  value: number,
  maxValue: number,
): number | { ignore: string } {
  if (!Number.isFinite(value)) return { ignore: 'non-finite-value' };
  if (value < 0) return { ignore: 'negative-value' };
  if (value > maxValue) return { ignore: 'value-too-large' };
  return value;
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
  if (hasDouble) {
    return checkValue(readDouble(point.asDouble, `${path}.asDouble`), maxValue);
  }
  if (hasInt) {
    const i = readInteger(point.asInt);
    if (i === undefined) {
      throw new OtlpValidationError(
        `${path}.asInt`,
        `must be an integer (a decimal string or a number), got ${describe(
          point.asInt,
        )}`,
      );
    }
    if (i > MAX_SAFE) return { ignore: 'value-too-large' };
    return checkValue(Number(i), maxValue);
  }
  throw new OtlpValidationError(path, 'has neither asDouble nor asInt');
}

const RESOURCE_REPO_DEFAULTS = Object.freeze(['claude-code', 'unknown_service']);

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
  set('agent', 'agent.name');
  set('plugin', 'plugin.name');
  set('querySource', 'query_source');
  set('effort', 'effort');
  set('repo', 'repo', 'vcs.repository.name');
  if (!result.repo) {
    const service = attributes.get('service.name')?.trim();
    if (
      service &&
      !RESOURCE_REPO_DEFAULTS.includes(service) &&
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
 * Validates an OTLP `ExportMetricsServiceRequest` (as decoded from JSON by
 * the proto3 JSON mapping, or from protobuf with 64-bit integers as strings)
 * and maps Claude Code's metrics to spend samples.
 *
 * Every field is checked; a problem is reported with where it is. A problem
 * in a data point rejects that point (`invalid-data-point`); in a metric's
 * own fields, that metric's points (`invalid-metric`); in a resource's
 * attributes or the lists under it, that resource's points
 * (`invalid-resource`). The rest of the request is kept, and `errors` names
 * the first problems (for OTLP's `partial_success`). When every data point
 * of the request is rejected, or the request itself is malformed, an
 * {@link OtlpValidationError} is thrown instead.
 *
 * Data points that are well formed but unusable are ignored and counted by
 * reason: `unknown-metric`, `unsupported-metric-type` (a Claude Code metric
 * that is not a sum), `unknown-type` (a `type` attribute Claude Code does not
 * emit), `non-finite-value`, `negative-value`, `value-too-large`,
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
  if (
    typeof request !== 'object' ||
    request === null ||
    Array.isArray(request)
  ) {
    throw new OtlpValidationError(
      '',
      `must be an ExportMetricsServiceRequest object, got ${describe(request)}`,
    );
  }
  const samples: OtlpSpendSample[] = [];
  const ignored: Record<string, number> = {};
  const errors: string[] = [];
  let firstError: OtlpValidationError | undefined;
  let dataPoints = 0;
  let rejected = 0;
  /** Runs `fn`; a validation error in it rejects `points()` data points. */
  const guarded = (reason: string, points: () => number, fn: () => void) => {
    try {
      fn();
    } catch (error) {
      if (!(error instanceof OtlpValidationError)) throw error;
      firstError ??= error;
      if (errors.length < MAX_ERRORS) errors.push(error.message);
      const n = points();
      rejected += n;
      count(ignored, reason, n);
    }
  };

  const resourceList = optionalArray(
    (request as Json).resourceMetrics,
    'resourceMetrics',
  );
  resourceList.forEach((rm, i) => {
    const rmPath = `resourceMetrics[${i}]`;
    const inResource = countDataPoints(rm);
    dataPoints += inResource;
    // Points of this resource already kept or rejected one by one.
    let settled = 0;
    guarded(
      'invalid-resource',
      () => inResource - settled,
      () => {
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
        const scopes = optionalArray(
          resourceMetrics.scopeMetrics,
          `${rmPath}.scopeMetrics`,
        );
        scopes.forEach((sm, j) => {
          const smPath = `${rmPath}.scopeMetrics[${j}]`;
          const scopeMetrics = optionalRecord(sm, smPath);
          const metrics = optionalArray(
            scopeMetrics.metrics,
            `${smPath}.metrics`,
          );
          metrics.forEach((m, k) => {
            const inMetric = countDataPoints(m);
            guarded(
              'invalid-metric',
              () => inMetric,
              () => decodeMetric(m, `${smPath}.metrics[${k}]`, resourceAttributes),
            );
            settled += inMetric;
          });
        });
      },
    );
  });

  function decodeMetric(
    m: unknown,
    mPath: string,
    resourceAttributes: Map<string, string>,
  ) {
    const metric = optionalRecord(m, mPath);
    if (typeof metric.name !== 'string' || metric.name === '') {
      throw new OtlpValidationError(
        `${mPath}.name`,
        `must be a non-empty string, got ${describe(metric.name)}`,
      );
    }
    const name = metric.name;
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
    const body = kind ? optionalRecord(metric[kind], `${mPath}.${kind}`) : {};
    const points = kind
      ? optionalArray(body.dataPoints, `${mPath}.${kind}.dataPoints`)
      : [];
    const mapping = CLAUDE_CODE_METRICS[name];
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
      guarded(
        'invalid-data-point',
        () => 1,
        () => {
          const sample = decodePoint(p, pPath);
          if (sample) samples.push(sample);
        },
      );
    });

    function decodePoint(p: unknown, pPath: string) {
      const point = optionalRecord(p, pPath);
      const pointAttributes = readAttributes(
        point.attributes,
        `${pPath}.attributes`,
        maxLength,
      );
      if (point.timeUnixNano === undefined) {
        throw new OtlpValidationError(`${pPath}.timeUnixNano`, 'is missing');
      }
      const timeNanos = readUint64(point.timeUnixNano, `${pPath}.timeUnixNano`);
      const startNanos =
        point.startTimeUnixNano === undefined
          ? '0'
          : readUint64(point.startTimeUnixNano, `${pPath}.startTimeUnixNano`);
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
        const type = all.get(mapping!.attribute);
        measure = type === undefined ? undefined : mapping!.measures[type];
      }
      if (typeof value !== 'number') {
        count(ignored, value.ignore);
        return undefined;
      }
      if (!measure) {
        count(ignored, 'unknown-type');
        return undefined;
      }
      // Whole milliseconds: the decimal text without its last six digits
      // (timeNanos is canonical).
      const timeMs = timeNanos.length > 6 ? Number(timeNanos.slice(0, -6)) : 0;
      if (timeMs < options.now - maxAgeMs) {
        count(ignored, 'timestamp-too-old');
        return undefined;
      }
      if (timeMs > options.now + maxFutureMs) {
        count(ignored, 'timestamp-in-future');
        return undefined;
      }
      return {
        metric: name,
        measure,
        temporality,
        series: seriesKey(name, measure, all),
        startNanos,
        timeNanos,
        value,
        attributes: spendAttributesOf(all),
      };
    }
  }

  // Nothing usable and something invalid: the request as a whole is bad.
  if (firstError && rejected >= dataPoints) throw firstError;
  return { samples, ignored, dataPoints, errors };
}
