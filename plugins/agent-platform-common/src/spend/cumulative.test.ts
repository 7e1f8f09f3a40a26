import { cumulativeToDelta, samplesToSpendPoints } from './cumulative';
import { OtlpSpendSample } from './otlp';

const ms = (n: number) => `${n}000000`;

describe('cumulativeToDelta', () => {
  it('counts the first total whole, then differences, and starts over on a reset', () => {
    const first = cumulativeToDelta(undefined, {
      startNanos: ms(0),
      timeNanos: ms(60),
      value: 5,
    });
    expect(first.delta).toEqual({
      value: 5,
      fromNanos: ms(0),
      timeNanos: ms(60),
    });
    const second = cumulativeToDelta(first.state, {
      startNanos: ms(0),
      timeNanos: ms(120),
      value: 8,
    });
    expect(second.delta).toEqual({
      value: 3,
      fromNanos: ms(60),
      timeNanos: ms(120),
    });
    const lower = cumulativeToDelta(second.state, {
      startNanos: ms(0),
      timeNanos: ms(180),
      value: 2,
    });
    expect(lower.delta).toEqual({
      value: 2,
      fromNanos: ms(0),
      timeNanos: ms(180),
    });
    const restarted = cumulativeToDelta(lower.state, {
      startNanos: ms(170),
      timeNanos: ms(240),
      value: 4,
    });
    expect(restarted.delta).toEqual({
      value: 4,
      fromNanos: ms(170),
      timeNanos: ms(240),
    });
    expect(restarted.state).toEqual({
      startNanos: ms(170),
      timeNanos: ms(240),
      value: 4,
    });
  });

  it('skips replays and unchanged totals', () => {
    const state = { startNanos: ms(0), timeNanos: ms(60), value: 5 };
    expect(
      cumulativeToDelta(state, {
        startNanos: ms(0),
        timeNanos: ms(60),
        value: 5,
      }),
    ).toEqual({ state, delta: null, skipped: 'replay' });
    expect(
      cumulativeToDelta(state, {
        startNanos: ms(0),
        timeNanos: ms(30),
        value: 9,
      }),
    ).toEqual({ state, delta: null, skipped: 'replay' });
    expect(
      cumulativeToDelta(state, {
        startNanos: ms(0),
        timeNanos: ms(90),
        value: 5,
      }),
    ).toEqual({
      state: { startNanos: ms(0), timeNanos: ms(90), value: 5 },
      delta: null,
      skipped: 'unchanged',
    });
  });
});

describe('samplesToSpendPoints', () => {
  const sample = (over: Partial<OtlpSpendSample>): OtlpSpendSample => ({
    metric: 'claude_code.cost.usage',
    measure: 'cost',
    temporality: 'cumulative',
    series: 's1',
    startNanos: ms(0),
    timeNanos: ms(60),
    value: 1,
    attributes: { model: 'm' },
    ...over,
  });

  it('orders cumulative points per series by time, and keys points by series and interval', () => {
    const result = samplesToSpendPoints(
      [
        sample({ timeNanos: ms(180), value: 10 }),
        sample({ timeNanos: ms(60), value: 4 }),
        sample({
          temporality: 'delta',
          series: 'd',
          startNanos: ms(0),
          timeNanos: ms(60),
          value: 0.5,
        }),
        sample({ timeNanos: ms(120), value: 4 }),
      ],
      new Map([['s0', { startNanos: '0', timeNanos: '1', value: 1 }]]),
    );
    expect(result.points.map(p => [p.key, p.value, p.timestamp])).toEqual([
      [`otlp|d|${ms(0)}|${ms(60)}`, 0.5, 60],
      [`otlp|s1|${ms(0)}|${ms(60)}`, 4, 60],
      [`otlp|s1|${ms(120)}|${ms(180)}`, 6, 180],
    ]);
    expect(result.unchanged).toBe(1);
    expect(result.replays).toBe(0);
    expect([...result.states]).toEqual([
      ['s1', { startNanos: ms(0), timeNanos: ms(180), value: 10 }],
    ]);
  });

  it('continues from remembered state and reports replays', () => {
    const states = new Map([
      ['s1', { startNanos: ms(0), timeNanos: ms(60), value: 4 }],
    ]);
    const result = samplesToSpendPoints(
      [
        sample({ timeNanos: ms(60), value: 4 }),
        sample({ timeNanos: ms(120), value: 7 }),
      ],
      states,
    );
    expect(result.points.map(p => [p.key, p.value])).toEqual([
      [`otlp|s1|${ms(60)}|${ms(120)}`, 3],
    ]);
    expect(result.replays).toBe(1);
    expect(states.get('s1')!.value).toBe(4);
  });
});
