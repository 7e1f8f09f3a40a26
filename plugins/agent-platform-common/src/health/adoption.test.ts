import { buildAdoptionTable } from './adoption';

const tokens = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
const row = (team: string | null, cost: number, sessions: number, pullRequests: number, skillCost = 0) => ({
  team,
  title: team ?? 'Unattributed',
  cost,
  sessions,
  pullRequests,
  bySkill: [
    ...(skillCost ? [{ key: 'airesource:default/code-review', cost: skillCost, tokens }] : []),
    { key: null, cost: cost - skillCost, tokens },
  ],
});
const user = (team: string, key: string, cost: number) => ({ team, row: { key, cost, tokens } });

describe('buildAdoptionTable', () => {
  it('computes each team depth, keeps idle teams, and sorts the light users first', () => {
    const table = buildAdoptionTable({
      range: { from: '2026-11-09', to: '2026-12-06' },
      rows: [
        row('group:default/heavy', 900, 240, 30, 300),
        row('group:default/light', 20, 4, 0),
        row('group:default/idle', 0, 0, 0),
        row(null, 50, 10, 1),
      ],
      users: [
        user('group:default/heavy', 'user:default/a', 500),
        user('group:default/heavy', 'user:default/b', 400),
        user('group:default/heavy', 'user:default/c', 0),
        user('group:default/light', 'user:default/d', 20),
      ],
    });
    expect(table.weeks).toBe(4);
    expect(table.rows).toEqual([
      {
        team: 'group:default/idle', title: 'group:default/idle', activeEngineers: 0, sessions: 0,
        sessionsPerEngineerPerWeek: null, cost: 0, skillShare: null, pullRequests: 0,
        costPerPullRequest: null, depth: 'none',
      },
      {
        team: 'group:default/light', title: 'group:default/light', activeEngineers: 1, sessions: 4,
        sessionsPerEngineerPerWeek: 1, cost: 20, skillShare: 0, pullRequests: 0,
        costPerPullRequest: null, depth: 'regular',
      },
      {
        team: 'group:default/heavy', title: 'group:default/heavy', activeEngineers: 2, sessions: 240,
        sessionsPerEngineerPerWeek: 30, cost: 900, skillShare: 0.333, pullRequests: 30,
        costPerPullRequest: 30, depth: 'heavy',
      },
    ]);
  });
});
