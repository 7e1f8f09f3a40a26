import { decodeOtlpMetrics, OtlpValidationError } from './otlp';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const at = (iso: string) => `${Date.parse(iso)}000000`;

function request(metrics: unknown[], resource: unknown[] = []) {
  return {
    resourceMetrics: [
      {
        resource: { attributes: resource },
        scopeMetrics: [
          { scope: { name: 'com.anthropic.claude_code' }, metrics },
        ],
      },
    ],
  };
}

const s = (key: string, value: string) => ({
  key,
  value: { stringValue: value },
});

function sum(name: string, points: unknown[], temporality: unknown = 1) {
  return {
    name,
    sum: {
      aggregationTemporality: temporality,
      isMonotonic: true,
      dataPoints: points,
    },
  };
}

describe('decodeOtlpMetrics', () => {
  it('maps every Claude Code metric to its measure, with resource and point attributes', () => {
    const time = at('2026-11-21T10:00:00Z');
    const start = at('2026-11-21T09:59:00Z');
    const p = (value: object, attrs: unknown[] = []) => ({
      startTimeUnixNano: start,
      timeUnixNano: time,
      attributes: attrs,
      ...value,
    });
    const result = decodeOtlpMetrics(
      request(
        [
          sum('claude_code.cost.usage', [
            p({ asDouble: 0.0123 }, [
              s('model', 'claude-sonnet-4-6'),
              s('skill.name', 'code-review'),
            ]),
          ]),
          sum('claude_code.token.usage', [
            p({ asInt: '100' }, [s('type', 'input')]),
            p({ asInt: 20 }, [s('type', 'output')]),
            p({ asInt: '300' }, [s('type', 'cacheRead')]),
            p({ asInt: '40' }, [s('type', 'cacheCreation')]),
          ]),
          sum('claude_code.session.count', [p({ asInt: '1' })]),
          sum('claude_code.commit.count', [p({ asInt: '2' })]),
          sum('claude_code.pull_request.count', [p({ asInt: '3' })]),
          sum('claude_code.lines_of_code.count', [
            p({ asInt: '50' }, [s('type', 'added')]),
            p({ asInt: '7' }, [s('type', 'removed')]),
          ]),
          sum('claude_code.active_time.total', [p({ asDouble: 12.5 })]),
        ],
        [
          s('team.id', 'payments'),
          s('user.email', 'Ana@acme.example'),
          s('service.name', 'claude-code'),
        ],
      ),
      { now: NOW },
    );
    expect(result.ignored).toEqual({});
    expect(result.dataPoints).toBe(11);
    expect(
      result.samples.map(x => [x.measure, x.value, x.temporality]),
    ).toEqual([
      ['cost', 0.0123, 'delta'],
      ['tokens.input', 100, 'delta'],
      ['tokens.output', 20, 'delta'],
      ['tokens.cacheRead', 300, 'delta'],
      ['tokens.cacheCreation', 40, 'delta'],
      ['sessions', 1, 'delta'],
      ['commits', 2, 'delta'],
      ['pullRequests', 3, 'delta'],
      ['linesAdded', 50, 'delta'],
      ['linesRemoved', 7, 'delta'],
      ['activeSeconds', 12.5, 'delta'],
    ]);
    expect(result.samples[0].attributes).toEqual({
      teamId: 'payments',
      userEmail: 'Ana@acme.example',
      model: 'claude-sonnet-4-6',
      skill: 'code-review',
    });
    expect(result.samples[0].timeNanos).toBe(time);
    expect(result.samples[0].startNanos).toBe(start);
  });

  it('lets data point attributes win over resource attributes and reads repo names', () => {
    const result = decodeOtlpMetrics(
      request(
        [
          sum('claude_code.cost.usage', [
            {
              timeUnixNano: at('2026-11-21T10:00:00Z'),
              asDouble: 1,
              attributes: [
                s('team.id', 'search'),
                s('vcs.repository.name', 'search-api'),
              ],
            },
          ]),
        ],
        [s('team.id', 'payments'), s('service.name', 'payments-api')],
      ),
      { now: NOW },
    );
    expect(result.samples[0].attributes).toEqual({
      teamId: 'search',
      repo: 'search-api',
    });
  });

  it('ignores and counts unknown metrics, unknown types and unusable values', () => {
    const time = at('2026-11-21T10:00:00Z');
    const result = decodeOtlpMetrics(
      request([
        sum('claude_code.code_edit_tool.decision', [
          { timeUnixNano: time, asInt: '1' },
          { timeUnixNano: time, asInt: '1' },
        ]),
        {
          name: 'claude_code.cost.usage',
          gauge: { dataPoints: [{ timeUnixNano: time, asDouble: 1 }] },
        },
        sum('claude_code.token.usage', [
          {
            timeUnixNano: time,
            asInt: '1',
            attributes: [s('type', 'reasoning')],
          },
          { timeUnixNano: time, asInt: '1' },
        ]),
        sum('claude_code.cost.usage', [
          { timeUnixNano: time, asDouble: 'NaN' },
          { timeUnixNano: time, asDouble: -1 },
          { timeUnixNano: time, asDouble: 1e13 },
          { timeUnixNano: time, asInt: '9007199254740993' },
          { timeUnixNano: at('2024-01-01T00:00:00Z'), asDouble: 1 },
          { timeUnixNano: at('2026-11-21T14:00:00Z'), asDouble: 1 },
          { timeUnixNano: time, asDouble: 2 },
        ]),
      ]),
      { now: NOW },
    );
    expect(result.ignored).toEqual({
      'unknown-metric': 2,
      'unsupported-metric-type': 1,
      'unknown-type': 2,
      'non-finite-value': 1,
      'negative-value': 1,
      'value-too-large': 2,
      'timestamp-too-old': 1,
      'timestamp-in-future': 1,
    });
    expect(result.samples.map(x => x.value)).toEqual([2]);
    expect(result.dataPoints).toBe(12);
  });

  it('gives cumulative and delta the same series identity for the same attributes', () => {
    const time = at('2026-11-21T10:00:00Z');
    const a = decodeOtlpMetrics(
      request([
        sum(
          'claude_code.cost.usage',
          [
            {
              timeUnixNano: time,
              asDouble: 1,
              attributes: [s('b', '2'), s('a', '1')],
            },
          ],
          2,
        ),
      ]),
      { now: NOW },
    );
    const b = decodeOtlpMetrics(
      request([
        sum(
          'claude_code.cost.usage',
          [
            {
              timeUnixNano: time,
              asDouble: 1,
              attributes: [s('a', '1'), s('b', '2')],
            },
          ],
          'AGGREGATION_TEMPORALITY_CUMULATIVE',
        ),
      ]),
      { now: NOW },
    );
    expect(a.samples[0].series).toBe(b.samples[0].series);
    expect(a.samples[0].temporality).toBe('cumulative');
  });

  it.each([
    [null, 'request must be an ExportMetricsServiceRequest object, got null'],
    [[], 'request must be an ExportMetricsServiceRequest object, got an array'],
    [
      { resourceMetrics: {} },
      'resourceMetrics must be an array, got object [object Object]',
    ],
    [
      { resourceMetrics: [{ scopeMetrics: 'x' }] },
      'resourceMetrics[0].scopeMetrics must be an array, got the string "x"',
    ],
    [
      request([{ name: 5 }]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].name must be a non-empty string, got number 5',
    ],
    [
      request([sum('claude_code.cost.usage', [], 0)]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.aggregationTemporality must be 1 (DELTA) or 2 (CUMULATIVE), got number 0',
    ],
    [
      request([sum('claude_code.cost.usage', [{ asDouble: 1 }])]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].timeUnixNano is missing',
    ],
    [
      request([
        sum('claude_code.cost.usage', [{ timeUnixNano: 'soon', asDouble: 1 }]),
      ]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].timeUnixNano must be a non-negative 64-bit integer (a decimal string or a number), got the string "soon"',
    ],
    [
      request([
        sum('claude_code.cost.usage', [{ timeUnixNano: '1', asDouble: '1' }]),
      ]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].asDouble must be a number, got the string "1"',
    ],
    [
      request([sum('claude_code.cost.usage', [{ timeUnixNano: '1' }])]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0] has neither asDouble nor asInt',
    ],
    [
      request([
        sum('claude_code.cost.usage', [{ timeUnixNano: '1', asInt: '1.5' }]),
      ]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].asInt must be an integer (a decimal string or a number), got the string "1.5"',
    ],
    [
      request([], [{ key: 'team.id', value: { stringValue: 7 } }]),
      'resourceMetrics[0].resource.attributes[0].value.stringValue must be a string, got number 7',
    ],
    [
      request([], [{ value: { stringValue: 'x' } }]),
      'resourceMetrics[0].resource.attributes[0].key must be a non-empty string, got undefined undefined',
    ],
    [
      request([], [s('team.id', 'x'.repeat(2000))]),
      'resourceMetrics[0].resource.attributes[0].value is 2000 characters long; at most 1024 are accepted',
    ],
    [
      request([
        sum('claude_code.cost.usage', [
          { timeUnixNano: '5', startTimeUnixNano: '6', asDouble: 1 },
        ]),
      ]),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].startTimeUnixNano is after timeUnixNano',
    ],
  ])('rejects %j with a message naming where', (input, message) => {
    expect(() => decodeOtlpMetrics(input, { now: NOW })).toThrow(
      OtlpValidationError,
    );
    expect(() => decodeOtlpMetrics(input, { now: NOW })).toThrow(message);
  });

  it('accepts an empty request', () => {
    expect(decodeOtlpMetrics({}, { now: NOW })).toEqual({
      samples: [],
      ignored: {},
      dataPoints: 0,
    });
  });
});
