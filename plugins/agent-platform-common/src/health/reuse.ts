/**
 * What the reuse measure reads of the catalog.
 *
 * @public
 */
export interface ReuseInput {
  /** Team configs: the owning group and the skill and MCP server refs their own layer adds. */
  teams: Array<{ team: string; skills: string[]; mcpServers: string[] }>;
  /** Skills: ref, scope (`org` = registry) and owner. */
  skills: Array<{ ref: string; scope?: string; owner?: string }>;
  /** MCP servers: ref and owner. */
  mcpServers: Array<{ ref: string; owner?: string }>;
  /** Repositories: the catalog server refs their `.mcp.json` matches (null: none matches). */
  repos: Array<{ component: string; servers: Array<string | null> }>;
}

/**
 * One week's measure of reuse.
 *
 * @public
 */
export interface ReuseMeasure {
  teams: number;
  /** Teams whose own layer adds at least one registry skill or another team's server. */
  teamsReusing: number;
  /** Teams that add or own their own skills or servers and no registry one. */
  teamsOwnOnly: number;
  /** teamsReusing / teams (0 with no team). */
  teamShare: number;
  repos: number;
  /** Repositories whose `.mcp.json` wires at least one catalog server. */
  reposReusing: number;
  /** reposReusing / repos (0 with no repository). */
  repoShare: number;
  /** Registry skills and others' servers added by team layers, counted per team. */
  registryAssets: number;
  /** Team-owned skills (scope team) and servers, and uncatalogued repo servers. */
  ownAssets: number;
}

const lower = (s: string) => s.toLocaleLowerCase('en-US');
const share = (n: number, d: number) =>
  d === 0 ? 0 : Math.round((n / d) * 1000) / 1000;

/**
 * Measures reuse: how many teams (and repositories) use registry skills and
 * servers rather than their own. A registry asset is an org-scoped skill or
 * an MCP server owned by another group; an own asset is a team-scoped skill
 * or a server the team owns (listed in its layer, or owned and unlisted),
 * or an uncatalogued server in a repository's `.mcp.json`. Inherited base
 * assets do not count: every team gets them.
 *
 * @public
 */
export function measureReuse(input: ReuseInput): ReuseMeasure {
  const skills = new Map(input.skills.map(s => [lower(s.ref), s]));
  const servers = new Map(input.mcpServers.map(s => [lower(s.ref), s]));
  let teamsReusing = 0;
  let teamsOwnOnly = 0;
  let registryAssets = 0;
  let ownAssets = 0;
  for (const team of input.teams) {
    const me = lower(team.team);
    const registry = new Set<string>();
    const own = new Set<string>();
    for (const ref of team.skills.map(lower)) {
      const skill = skills.get(ref);
      if (!skill) continue;
      (skill.scope === 'org' ? registry : own).add(ref);
    }
    for (const ref of team.mcpServers.map(lower)) {
      const server = servers.get(ref);
      if (!server) continue;
      (server.owner && lower(server.owner) === me ? own : registry).add(ref);
    }
    for (const skill of input.skills) {
      if (skill.scope !== 'org' && skill.owner && lower(skill.owner) === me) {
        own.add(lower(skill.ref));
      }
    }
    registryAssets += registry.size;
    ownAssets += own.size;
    if (registry.size > 0) teamsReusing++;
    else if (own.size > 0) teamsOwnOnly++;
  }
  let reposReusing = 0;
  for (const repo of input.repos) {
    if (repo.servers.some(s => s !== null)) reposReusing++;
    ownAssets += repo.servers.filter(s => s === null).length;
  }
  return {
    teams: input.teams.length,
    teamsReusing,
    teamsOwnOnly,
    teamShare: share(teamsReusing, input.teams.length),
    repos: input.repos.length,
    reposReusing,
    repoShare: share(reposReusing, input.repos.length),
    registryAssets,
    ownAssets,
  };
}

/**
 * The ISO week (Monday, `YYYY-MM-DD`, UTC) a moment falls in.
 *
 * @public
 */
export function weekStartOf(date: Date): string {
  const day = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()),
  );
  const weekday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - weekday);
  return day.toISOString().slice(0, 10);
}

/**
 * Response of `GET /health/reuse`.
 *
 * @public
 */
export interface ReuseHistory {
  /** This week's measure from the current snapshot. */
  current: ReuseMeasure & { week: string };
  /** Stored weeks, oldest first. */
  history: Array<ReuseMeasure & { week: string; computedAt: string }>;
}
