import { cumulativeToDelta, samplesToSpendPoints } from './cumulative';
import { OtlpSpendSample } from './otlp';

const ms = (n: number) => `${n}000000`;

describe('cumulativeToDelta', () => {
  it('counts the first total whole, then differences, and starts over on a reset', () => {
    const first = cumulativeToDelta(undefined, { startNanos: ms(0), timeNanos: ms(60), value: 5 });
    expect(first.delta).toEqual({ value: 5, fromNanos: ms(0), timeNanos: ms(60) });
    const second = cumulativeToDelta(first.state, { startNanos: ms(0), timeNanos: ms(120), value: 8 });
    expect(second.delta).toEqual({ value: 3, fromNanos: ms(60), timeNanos: ms(120) });
    const lower = cumulativeToDelta(second.state, { startNanos: ms(0), timeNanos: ms(180), value: 2 });
    expect(lower.delta).toEqual({ value: 2, fromNanos: ms(0), timeNanos: ms(180) });
    const restarted = cumulativeToDelta(lower.state, { startNanos: ms(170), timeNanos: ms(240), value: 4 });
    expect(restarted.delta).toEqual({ value: 4, fromNanos: ms(170), timeNanos: ms(240) });
    expect(restarted.state).toEqual({ startNanos: ms(170), timeNanos: ms(240), value: 4 });
  });

  it('skips replays and unchanged totals', () => {
    const state = { startNanos: ms(0), timeNanos: ms(60), value: 5 };
    expect(cumulativeToDelta(state, { startNanos: ms(0), timeNanos: ms(60), value: 5 })).toEqual({ state, delta: null, skipped: 'replay' });
    expect(cumulativeToDelta(state, { startNanos: ms(0), timeNanos: ms(30), value: 9 })).toEqual({ state, delta: null, skipped: 'replay' });
    expect(cumulativeToDelta(state, { startNanos: ms(0), timeNanos: ms(90), value: 5 })).toEqual({
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
        sample({ temporality: 'delta', series: 'd', startNanos: ms(0), timeNanos: ms(60), value: 0.5 }),
        sample({ timeNanos: ms(120), value: 4 }),
      ],
      new Map([['s0', { startNanos: '0', timeNanos: '1', value: 1 }]]),
    );
    expect(result.points.map(p => [p.key, p.value, p.timestamp])).toEqual([
      [`otlp|d|${ms(0)}|${ms(60)}`, 0.5, 60],
      [`otlp|s1|${ms(0)}|${ms(60)}`, 4, 60],
      [`otlp|s1|${ms(0)}>${ms(120)}|${ms(180)}`, 6, 180],
    ]);
    expect(result.unchanged).toBe(1);
    expect(result.replays).toBe(0);
    expect([...result.states]).toEqual([[`s1\u0000${ms(0)}`, { startNanos: ms(0), timeNanos: ms(180), value: 10 }]]);
  });

  it('continues from remembered state and reports replays', () => {
    const states = new Map([[`s1\u0000${ms(0)}`, { startNanos: ms(0), timeNanos: ms(60), value: 4 }]]);
    const result = samplesToSpendPoints([sample({ timeNanos: ms(60), value: 4 }), sample({ timeNanos: ms(120), value: 7 })], states);
    expect(result.points.map(p => [p.key, p.value])).toEqual([[`otlp|s1|${ms(0)}>${ms(60)}|${ms(120)}`, 3]]);
    expect(result.replays).toBe(1);
    expect(states.get(`s1\u0000${ms(0)}`)!.value).toBe(4);
  });

  it('continues from a state stored under the series alone when the start is the same', () => {
    const states = new Map([['s1', { startNanos: ms(0), timeNanos: ms(60), value: 4 }]]);
    const result = samplesToSpendPoints([sample({ timeNanos: ms(120), value: 7 }), sample({ series: 's1', startNanos: ms(100), timeNanos: ms(130), value: 2 })], states);
    expect(result.points.map(p => p.value)).toEqual([3, 2]);
  });

  it('keeps two senders with the same attributes and different start times apart', () => {
    // Two SDK processes, identical attributes, cumulative: A started at 0,
    // B at 10; their exports interleave. Each running total counts once:
    // A ends at 0.5, B at 0.34.
    const a = (t: number, value: number) => sample({ startNanos: ms(0), timeNanos: ms(t), value });
    const b = (t: number, value: number) => sample({ startNanos: ms(10), timeNanos: ms(t), value });
    const batches = [[a(60, 0.1), b(61, 0.2)], [a(120, 0.3), b(121, 0.24)], [a(180, 0.5), b(181, 0.34)]];
    let states = new Map<string, { startNanos: string; timeNanos: string; value: number }>();
    let total = 0;
    for (const batch of batches) {
      const result = samplesToSpendPoints(batch, states);
      states = new Map([...states, ...result.states]);
      total += result.points.reduce((sum, p) => sum + p.value, 0);
    }
    expect(Math.round(total * 100) / 100).toBe(0.84);
  });
});
