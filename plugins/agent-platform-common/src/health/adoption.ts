import type { PlatformSpendRow, SpendBreakdownRow } from '../spend/api';

/**
 * One team's adoption of coding agents over a range.
 *
 * @public
 */
export interface AdoptionRow {
  /** Group entity ref. */
  team: string;
  title: string;
  /** Engineers with any cost or tokens attributed to them in the team. */
  activeEngineers: number;
  sessions: number;
  /** Sessions / active engineers / weeks in the range; null with no active engineer. */
  sessionsPerEngineerPerWeek: number | null;
  cost: number;
  /** Share of the cost spent inside a skill (0-1); null with no cost. */
  skillShare: number | null;
  pullRequests: number;
  /** Cost / pull requests; null with no pull request. */
  costPerPullRequest: number | null;
  /**
   * `none`: no session and no cost; `light`: under one session per
   * active engineer per week; `regular`: up to five; `heavy`: more.
   */
  depth: 'none' | 'light' | 'regular' | 'heavy';
}

/**
 * Adoption depth of every team.
 *
 * @public
 */
export interface AdoptionTable {
  range: { from: string; to: string };
  /** Weeks in the range (days / 7). */
  weeks: number;
  /** Every team, the ones without usage too; sorted by depth, then sessions per engineer, ascending. */
  rows: AdoptionRow[];
}

const DEPTH_ORDER = { none: 0, light: 1, regular: 2, heavy: 3 };

/**
 * Builds the adoption table from the platform spend table (every team's
 * cost, sessions, pull requests and cost by skill) and the per-team user
 * breakdown (`user` dimension of the daily rollups). The unattributed row
 * is left out. Teams that barely use agents sort first.
 *
 * @public
 */
export function buildAdoptionTable(input: {
  range: { from: string; to: string };
  rows: ReadonlyArray<
    Pick<PlatformSpendRow, 'team' | 'title' | 'cost' | 'sessions' | 'pullRequests' | 'bySkill'>
  >;
  users: ReadonlyArray<{ team: string | null; row: SpendBreakdownRow }>;
}): AdoptionTable {
  const days =
    Math.round(
      (Date.parse(`${input.range.to}T00:00:00Z`) -
        Date.parse(`${input.range.from}T00:00:00Z`)) /
        86_400_000,
    ) + 1;
  const weeks = Math.max(days, 1) / 7;
  const engineers = new Map<string, Set<string>>();
  for (const { team, row } of input.users) {
    if (!team || row.key === null) continue;
    const used =
      row.cost > 0 ||
      Object.values(row.tokens ?? {}).some(v => typeof v === 'number' && v > 0);
    if (!used) continue;
    let set = engineers.get(team);
    if (!set) engineers.set(team, (set = new Set()));
    set.add(row.key);
  }
  const rows: AdoptionRow[] = [];
  for (const r of input.rows) {
    if (r.team === null) continue;
    const active = engineers.get(r.team)?.size ?? 0;
    const perWeek = active > 0 ? r.sessions / active / weeks : null;
    const skillCost = r.bySkill
      .filter(s => s.key !== null)
      .reduce((sum, s) => sum + s.cost, 0);
    let depth: AdoptionRow['depth'] = 'heavy';
    if (r.sessions === 0 && r.cost === 0) depth = 'none';
    else if (perWeek === null || perWeek < 1) depth = 'light';
    else if (perWeek <= 5) depth = 'regular';
    rows.push({
      team: r.team,
      title: r.title,
      activeEngineers: active,
      sessions: r.sessions,
      sessionsPerEngineerPerWeek:
        perWeek === null ? null : Math.round(perWeek * 100) / 100,
      cost: r.cost,
      skillShare:
        r.cost > 0 ? Math.round((skillCost / r.cost) * 1000) / 1000 : null,
      pullRequests: r.pullRequests,
      costPerPullRequest:
        r.pullRequests > 0
          ? Math.round((r.cost / r.pullRequests) * 100) / 100
          : null,
      depth,
    });
  }
  rows.sort(
    (a, b) =>
      DEPTH_ORDER[a.depth] - DEPTH_ORDER[b.depth] ||
      (a.sessionsPerEngineerPerWeek ?? 0) - (b.sessionsPerEngineerPerWeek ?? 0) ||
      a.team.localeCompare(b.team),
  );
  return { range: input.range, weeks: Math.round(weeks * 100) / 100, rows };
}
