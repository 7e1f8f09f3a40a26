import { TestDatabases } from '@backstage/backend-test-utils';
import {
  addDays,
  SPEND_DIMENSIONS,
  SpendMeasure,
} from '@agent-platform/plugin-agent-platform-common';
import { Knex } from 'knex';
import { AttributedSpendPoint } from './spendColumns';
import { applySpendMigrations, DatabaseSpendStore } from './DatabaseSpendStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const DAY = 86_400_000;
const FIRST = '2026-09-01';
const TEAMS = ['group:default/a', 'group:default/b', ''];
const MODELS = ['claude-sonnet-4-6', 'claude-opus-4-5'];
const SKILLS = ['code-review', ''];

/** Spend on 100 days for 3 teams (one unattributed), 2 models, 2 skills, 2 users. */
function points(): AttributedSpendPoint[] {
  const out: AttributedSpendPoint[] = [];
  const next = { n: 0 };
  for (let d = 0; d < 100; d++) {
    const time = Date.parse(`${addDays(FIRST, d)}T12:00:00Z`);
    for (const [t, team] of TEAMS.entries()) {
      for (const [m, model] of MODELS.entries()) {
        if ((d + t + m) % 7 === 0) continue; // days without a model
        const measure = (
          name: SpendMeasure,
          value: number,
          skill: string,
          user: string,
        ) =>
          out.push({
            key: `k${next.n++}`,
            source: 'otlp',
            measure: name,
            value,
            timestamp: time + next.n,
            attributes: { model, skill: skill || undefined },
            team: team || null,
            user,
          });
        const user = `user:default/u${(d + m) % 2}`;
        measure(
          'cost',
          0.1 * ((d * 7 + t * 3 + m) % 11) + 0.013,
          SKILLS[d % 2],
          user,
        );
        measure('tokens.input', 1000 + d + t, SKILLS[(d + 1) % 2], user);
        measure('sessions', 1, '', user);
      }
    }
  }
  return out;
}

/** Sums over days of the store's own day-by-day answers (the daily rollup). */
async function fromDays(
  store: DatabaseSpendStore,
  team: string,
  from: string,
  to: string,
) {
  const days = await store.days({ team }, from, to);
  return {
    cost: days.reduce((s, d) => s + d.totals.cost, 0),
    input: days.reduce((s, d) => s + d.totals.tokens.input, 0),
    sessions: days.reduce((s, d) => s + d.totals.sessions, 0),
    byDate: new Map(days.map(d => [d.date, d.totals.cost])),
  };
}

async function storeWith(knex: Knex) {
  const store = await DatabaseSpendStore.create({
    database: { getClient: async () => knex },
  });
  const all = points();
  // In several transactions, as requests arrive.
  for (let i = 0; i < all.length; i += 700) {
    await store.write(w =>
      w.insertPoints(all.slice(i, i + 700), Date.parse('2026-12-10T00:00:00Z')),
    );
  }
  return store;
}

describe.each(databases.eachSupportedId())('team spans on %p', databaseId => {
  let knex: Knex;
  let store: DatabaseSpendStore;
  beforeAll(async () => {
    knex = await databases.init(databaseId);
    store = await storeWith(knex);
  });

  it('give every team the totals of its days over any range', async () => {
    for (const [from, to] of [
      [FIRST, addDays(FIRST, 99)],
      ['2026-09-13', '2026-10-12'],
      ['2026-10-01', '2026-10-01'],
      ['2026-11-01', '2026-12-09'],
      ['2026-08-01', '2026-09-05'],
    ]) {
      const byTeam = new Map(
        (await store.byTeam(from, to)).map(r => [r.team, r.totals]),
      );
      const some = new Map(
        (
          await store.teamTotals(
            ['group:default/a', 'group:default/b'],
            from,
            to,
          )
        ).map(r => [r.team, r.totals]),
      );
      for (const team of TEAMS) {
        const expected = await fromDays(store, team, from, to);
        const totals = byTeam.get(team || null);
        expect(totals?.cost ?? 0).toBeCloseTo(expected.cost, 9);
        expect(totals?.tokens.input ?? 0).toBe(expected.input);
        expect(totals?.sessions ?? 0).toBe(expected.sessions);
        expect(team ? some.get(team)?.cost ?? 0 : expected.cost).toBeCloseTo(
          expected.cost,
          9,
        );
      }
      expect(byTeam.get('group:default/a')!.cost).toBeGreaterThan(0);
    }
  });

  it('give each team the breakdowns its own report has, and its daily costs', async () => {
    const [from, to] = ['2026-09-10', '2026-11-20'];
    for (const dimension of ['model', 'skill'] as const) {
      const rows = await store.breakdownByTeam(dimension, from, to);
      for (const team of TEAMS) {
        const own = (
          await store.breakdowns({ team: team || null }, [dimension], from, to)
        )[dimension];
        const mine = rows
          .filter(r => r.team === (team || null))
          .map(r => r.row);
        const sort = (xs: typeof own) =>
          [...xs].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : 1));
        expect(sort(mine).map(r => r.key)).toEqual(sort(own).map(r => r.key));
        sort(mine).forEach((r, i) => {
          expect(r.cost).toBeCloseTo(sort(own)[i].cost, 9);
          expect(r.tokens).toEqual(sort(own)[i].tokens);
        });
      }
    }
    const daily = await store.teamDays('2026-10-01', '2026-10-29');
    for (const team of TEAMS) {
      const expected = await fromDays(store, team, '2026-10-01', '2026-10-29');
      expect(daily.get(team || null)).toEqual(expected.byDate);
    }
    // Only teams whose last day reaches the cost.
    const last = await fromDays(
      store,
      'group:default/a',
      '2026-10-29',
      '2026-10-29',
    );
    const filtered = await store.teamDays('2026-10-01', '2026-10-29', {
      minCostOnLastDay: last.cost + 1e-9,
    });
    expect(filtered.has('group:default/a')).toBe(false);
  });

  it('answer every breakdown of a report in one query as the per-dimension rows do', async () => {
    const all = await store.breakdowns(
      { team: 'group:default/a' },
      SPEND_DIMENSIONS,
      '2026-09-10',
      '2026-10-20',
    );
    expect(Object.keys(all).sort()).toEqual([...SPEND_DIMENSIONS].sort());
    expect(all.model.map(r => r.key).sort()).toEqual([...MODELS].sort());
    expect(all.user.map(r => r.key).sort()).toEqual([
      'user:default/u0',
      'user:default/u1',
    ]);
    const one = await store.breakdowns(
      { team: 'group:default/a' },
      ['model'],
      '2026-09-10',
      '2026-10-20',
    );
    expect(one.model).toEqual(all.model);
  });

  it('are filled from the daily rollup by the migration', async () => {
    // The same points in a database migrated up to just before the spans.
    const fresh = await databases.init(databaseId);
    const config = {
      directory: `${__dirname}/../../../migrations`,
      tableName: 'agent_platform_knex_migrations',
    };
    for (;;) {
      const [, pending] = await fresh.migrate.list(config);
      if (
        (pending[0]?.file ?? pending[0]) ===
          '20261206094700_spend_team_spans.js' ||
        pending.length === 0
      )
        break;
      await fresh.migrate.up(config);
    }
    const before = await DatabaseSpendStore.create({
      database: { getClient: async () => fresh, migrations: { skip: true } },
    });
    const all = points();
    // Writes as the previous code made them: no spans table yet, so only
    // the daily rollup (the writer adds to spans too; drop them first).
    await fresh.schema.createTable('spend_team_span', t => {
      t.string('dimension');
      t.string('span');
      t.string('team');
      t.string('key');
      for (const c of [
        'cost',
        'tokens_input',
        'tokens_output',
        'tokens_cache_read',
        'tokens_cache_creation',
        'sessions',
        'commits',
        'pull_requests',
        'lines_added',
        'lines_removed',
        'active_seconds',
      ]) {
        t.double(c).defaultTo(0);
      }
      t.primary(['dimension', 'span', 'team', 'key']);
    });
    await before.write(w =>
      w.insertPoints(all, Date.parse('2026-12-10T00:00:00Z')),
    );
    await fresh.schema.dropTable('spend_team_span');
    await applySpendMigrations(fresh);
    const migrated = await before.byTeam('2026-09-13', '2026-10-12');
    const written = await store.byTeam('2026-09-13', '2026-10-12');
    const costs = (rows: typeof written) =>
      new Map(rows.map(r => [r.team, r.totals.cost]));
    expect([...costs(migrated).keys()].sort()).toEqual(
      [...costs(written).keys()].sort(),
    );
    for (const [team, cost] of costs(written)) {
      expect(costs(migrated).get(team)).toBeCloseTo(cost, 9);
    }
    void DAY;
  });
});
