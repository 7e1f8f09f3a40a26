import type { DriftReport } from '../inheritance/computeDrift';
import type { EffectiveConfigResult } from '../inheritance/resolveEffectiveConfig';
import type { TeamDriftSummary } from '../inheritance/summarizeTeamDrift';

/**
 * Who uses a skill or MCP server, through the effective configs of teams and
 * the repo configs of repositories. One answer for every page.
 *
 * @public
 */
export interface AssetUsage {
  /** Normalized ref of the asset. */
  ref: string;
  /** Groups whose team config lists it themselves (sorted refs). */
  teams: string[];
  /** Groups that get it from their base release (sorted refs). */
  viaBase: string[];
  /** Components whose repo config lists it (sorted refs). */
  repos: string[];
}

/**
 * A skill with who uses it, as the platform page's reuse table shows it.
 *
 * @public
 */
export interface SkillUsage extends AssetUsage {
  /** Title, or name. */
  title: string;
  /** `org` or `team`, when set. */
  scope?: string;
  /** Normalized owner ref. */
  owner?: string;
  /** Lifecycle. */
  lifecycle?: string;
  /** True when a base release lists it (every team on that release gets it). */
  inBase: boolean;
}

/**
 * A team-scoped skill other teams use (in their configs or, with spend data,
 * in their agents' telemetry).
 *
 * @public
 */
export interface PromotionCandidate {
  /** Normalized skill ref. */
  skill: string;
  /** Its owning group. */
  owner?: string;
  /** Other teams listing it in their configs. */
  configTeams: string[];
  /** Other teams whose telemetry shows it, with cost. */
  telemetryTeams: Array<{ team: string; cost: number }>;
}

/**
 * An asset without a usable owner.
 *
 * @public
 */
export interface UnownedAsset {
  /** Normalized ref. */
  ref: string;
  /** Why: no owner, or an owner the catalog does not know. */
  reason: string;
}

/**
 * One repository of a team in the overview.
 *
 * @public
 */
export interface RepoOverview {
  /** Normalized Component ref. */
  component: string;
  /** The repo config that applies, when any. */
  config?: string;
  /** The pin: found in the repository's files, else its repo config's `extends`. */
  pin?: string;
  /** Where the pin came from. */
  pinSource?: 'repository' | 'repo-config';
  /**
   * Where an upgrade pull request goes, in the scaffolder's `repoUrl` form
   * (from the Component's `github.com/project-slug` or GitHub source location).
   */
  repoUrl?: string;
}

/**
 * One team in the overview.
 *
 * @public
 */
export interface TeamOverview {
  /** Normalized ref of the owning group. */
  team: string;
  /** Normalized ref of the team config. */
  config: string;
  /** The team config's `extends`, as written. */
  pin?: string;
  /** The base release used. */
  release?: EffectiveConfigResult['release'];
  /**
   * The `version` of the row of {@link PlatformOverview.releases} the team's
   * pin counts towards (what the overview's release filter matches), when
   * the team has a pin.
   */
  pinnedVersion?: string;
  /** Drift of the team's pin. */
  drift?: DriftReport;
  /** True when no violation is an error. */
  ok: boolean;
  /** Violations of the team's effective config. */
  violations: EffectiveConfigResult['violations'];
  /** Violations turned into notes by an unexpired exception. */
  excepted: EffectiveConfigResult['excepted'];
  /** The team's repositories, sorted by Component ref. */
  repos: RepoOverview[];
  /** How the repositories' pins compare with the team's. */
  repoDrift: TeamDriftSummary;
  /**
   * The models the team's effective `modelRouting` names, once each, sorted
   * (to compare with the models its telemetry shows).
   */
  routedModels: string[];
}

/**
 * How many teams and repositories pin one release.
 *
 * @public
 */
export interface ReleaseUsage {
  /** Version, or the pin as written when it names no release. */
  version: string;
  /** True when the base has this release. */
  known: boolean;
  /** The release fixes a security issue. */
  security: boolean;
  /** The release is deprecated. */
  deprecated: boolean;
  /** The release is withdrawn. */
  withdrawn: boolean;
  /** Team configs pinning it (sorted refs). */
  teams: string[];
  /** Components whose repositories pin it (sorted refs). */
  repos: string[];
}

/**
 * Deprecated assets that are still in use.
 *
 * @public
 */
export interface DeprecatedInUse {
  /** Deprecated or withdrawn releases that teams or repositories pin. */
  releases: ReleaseUsage[];
  /**
   * Deprecated skills in some team's effective config, with their owner and
   * the team configs using them.
   */
  skills: Array<{
    ref: string;
    owner?: string;
    replacedBy?: string;
    usedBy: string[];
  }>;
  /** Deprecated MCP servers (lifecycle) in some team's effective config, with their owner. */
  mcpServers: Array<{ ref: string; owner?: string; usedBy: string[] }>;
}

/**
 * The platform overview: every team with its pin, drift, violations and its
 * repositories' pins; usage per release; deprecated assets still in use.
 *
 * @public
 */
export interface PlatformOverview {
  /** The base, when exactly one is in the catalog or teams pin one. */
  bases: Array<{ ref: string; latest?: string; releases: string[] }>;
  /** Every team config, sorted by team then config ref. */
  teams: TeamOverview[];
  /** Usage per release of every base, newest first, then unknown pins. */
  releases: ReleaseUsage[];
  /** Deprecated assets still in use. */
  deprecated: DeprecatedInUse;
  /** Every skill with who uses it. */
  skills: SkillUsage[];
  /** Every MCP server with who uses it. */
  mcpServers: AssetUsage[];
  /** Skills, MCP servers and agent configs without a usable owner. */
  unowned: UnownedAsset[];
  /** Team-scoped skills that other teams list in their configs. */
  promotionCandidates: PromotionCandidate[];
  /** Totals. */
  totals: {
    teams: number;
    repos: number;
    teamsWithErrors: number;
    teamsBehind: number;
    teamsMissingSecurity: number;
  };
}

/**
 * One release of a base with who has adopted it: the org base's own page.
 *
 * @public
 */
export interface BaseReleaseAdoption {
  /** Exact version. */
  version: string;
  /** Release date, as written. */
  date?: string;
  /** Release notes (the changelog entry), Markdown. */
  notes?: string;
  /** The release fixes a security issue. */
  security: boolean;
  /** The release is deprecated. */
  deprecated: boolean;
  /** The release is withdrawn. */
  withdrawn: boolean;
  /** True for the highest release that is not withdrawn. */
  latest: boolean;
  /** The release before it, when any. */
  previous?: string;
  /** What changed since the release before, for people (Markdown lines), computed from the configs. */
  changes: string[];
  /** Team configs pinning it (sorted refs). */
  teams: string[];
  /** Components whose repositories pin it (sorted refs). */
  repos: string[];
}
