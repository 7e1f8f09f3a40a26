import { modelMixDepartures } from './modelMix';

const spend = (cost: number, byModel: Array<[string | null, number]>) => ({
  cost,
  byModel: byModel.map(([key, c]) => ({ key, cost: c })),
});

describe('modelMixDepartures', () => {
  it('flags teams spending over the threshold outside their routing', () => {
    const reports = new Map([
      [
        'group:default/a',
        spend(1500, [
          ['claude-sonnet-4-6', 800],
          ['claude-opus-4-8', 500],
          ['claude-haiku-4-5', 200],
        ]),
      ],
      ['group:default/b', spend(300, [['claude-sonnet-4-6', 300]])],
      // No routing: nothing to depart from.
      ['group:default/c', spend(100, [['claude-opus-4-8', 100]])],
      // No spend.
      ['group:default/d', spend(0, [])],
    ]);
    const routing = new Map([
      ['group:default/a', ['claude-sonnet-4-6', 'claude-haiku-4-5']],
      ['group:default/b', ['claude-sonnet-4-6']],
      ['group:default/d', ['claude-sonnet-4-6']],
    ]);
    const result = modelMixDepartures(reports, routing);
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      team: 'group:default/a',
      routed: ['claude-haiku-4-5', 'claude-sonnet-4-6'],
      outside: [{ model: 'claude-opus-4-8', cost: 500 }],
      total: 1500,
    });
    expect(result[0].share).toBeCloseTo(1 / 3, 10);
    expect(modelMixDepartures(reports, routing, 0.5)).toEqual([]);
  });
});
