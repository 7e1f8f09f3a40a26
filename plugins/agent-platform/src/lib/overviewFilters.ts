import type {
  ModelMixDeparture,
  PlatformOverview,
  PlatformSpendRow,
  PromotionCandidate,
  ReleaseUsage,
  TeamOverview,
} from '@agent-platform/plugin-agent-platform-common';

/**
 * The overview page's filters, kept in the URL query string so that a
 * filtered view can be shared: `team` (a Group ref), `severity` of
 * violations, `release` (the pinned base version, as the release
 * distribution names it), `owner` of skills and MCP servers, and `drift`
 * (teams behind the latest release, or missing a security release).
 */
export interface OverviewFilters {
  team?: string;
  severity?: 'error' | 'warning';
  release?: string;
  owner?: string;
  drift?: 'behind' | 'security';
}

/** The query parameters the filters use, in the order the page shows them. */
export const FILTER_KEYS = [
  'team',
  'severity',
  'release',
  'drift',
  'owner',
] as const;

const SEVERITIES = ['error', 'warning'];
const DRIFTS = ['behind', 'security'];

/** The filters a query string sets; unknown values of closed lists are ignored. */
export function readFilters(params: URLSearchParams): OverviewFilters {
  const filters: OverviewFilters = {};
  const team = params.get('team');
  const release = params.get('release');
  const owner = params.get('owner');
  const severity = params.get('severity');
  const drift = params.get('drift');
  if (team) filters.team = team;
  if (release) filters.release = release;
  if (owner) filters.owner = owner;
  if (severity && SEVERITIES.includes(severity))
    filters.severity = severity as OverviewFilters['severity'];
  if (drift && DRIFTS.includes(drift))
    filters.drift = drift as OverviewFilters['drift'];
  return filters;
}

/** A link to the overview with exactly these filters, scrolled to `anchor`. */
export function overviewLink(filters: OverviewFilters, anchor: string): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return `${query ? `?${query}` : ''}#${anchor}`;
}

/** True when a filter narrows the set of teams (team, release or drift). */
export function narrowsTeams(filters: OverviewFilters): boolean {
  return Boolean(filters.team || filters.release || filters.drift);
}

function inScope(t: TeamOverview, f: OverviewFilters): boolean {
  if (f.team && t.team !== f.team) return false;
  if (f.release && t.pinnedVersion !== f.release) return false;
  if (f.drift === 'behind' && !(t.drift && t.drift.releasesBehind > 0))
    return false;
  if (f.drift === 'security' && !t.drift?.missedSecurity) return false;
  return true;
}

/** What the filtered overview shows, table by table. */
export interface FilteredOverview {
  /**
   * The overview with its teams, releases, deprecated assets, skills and
   * promotion candidates narrowed (totals stay those of the whole org).
   */
  overview: PlatformOverview;
  /** Keeps a violation when it has the filtered severity. */
  severity: (s: 'error' | 'warning') => boolean;
  /** Keeps spend rows of teams in scope (the unattributed row only without a team filter). */
  spendRows: (rows: PlatformSpendRow[]) => PlatformSpendRow[];
  /** Keeps model mix departures of teams in scope. */
  modelMix: (rows: ModelMixDeparture[]) => ModelMixDeparture[];
  /** Keeps promotion candidates of the owner, used or owned by a team in scope. */
  promotionCandidates: (c: PromotionCandidate[]) => PromotionCandidate[];
}

/**
 * Applies the filters to an overview the backend computed. Team, release
 * and drift narrow the teams every table speaks of; severity applies to
 * violations; owner applies to skills and MCP servers. Rows whose table has
 * no such field are kept.
 */
export function filterOverview(
  overview: PlatformOverview,
  f: OverviewFilters,
): FilteredOverview {
  const scoped = overview.teams.filter(t => inScope(t, f));
  const narrowed = narrowsTeams(f);
  const groups = new Set(scoped.map(t => t.team));
  const configs = new Set(scoped.map(t => t.config));
  const anyGroup = (refs: string[]) =>
    !narrowed || refs.some(r => groups.has(r));
  const anyConfig = (refs: string[]) =>
    !narrowed || refs.some(r => configs.has(r));
  const owned = (owner?: string) => !f.owner || owner === f.owner;
  const release = (r: ReleaseUsage) =>
    (!f.release || r.version === f.release) &&
    (!(f.team || f.drift) || anyConfig(r.teams));
  const promotionCandidates = (candidates: PromotionCandidate[]) =>
    candidates.filter(
      c =>
        owned(c.owner) &&
        anyGroup([
          ...(c.owner ? [c.owner] : []),
          ...c.configTeams,
          ...c.telemetryTeams.map(t => t.team),
        ]),
    );
  return {
    overview: {
      ...overview,
      teams: scoped,
      releases: overview.releases.filter(release),
      deprecated: {
        releases: overview.deprecated.releases.filter(release),
        skills: overview.deprecated.skills.filter(
          s => owned(s.owner) && anyConfig(s.usedBy),
        ),
        mcpServers: overview.deprecated.mcpServers.filter(
          s => owned(s.owner) && anyConfig(s.usedBy),
        ),
      },
      skills: overview.skills.filter(
        s => owned(s.owner) && anyGroup([...s.teams, ...s.viaBase]),
      ),
      promotionCandidates: promotionCandidates(overview.promotionCandidates),
    },
    severity: s => !f.severity || s === f.severity,
    spendRows: rows =>
      rows.filter(r => !narrowed || (r.team !== null && groups.has(r.team))),
    modelMix: rows => rows.filter(r => !narrowed || groups.has(r.team)),
    promotionCandidates,
  };
}
