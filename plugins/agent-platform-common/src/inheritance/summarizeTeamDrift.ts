import { compare as semverCompare } from 'semver';
import { isExactSemver } from '../model/values';
import { BaseRefResult, ParsedPin, parsePinRef } from '../parsers/pin';

/**
 * The pin of one repo, as found in its context files.
 *
 * @public
 */
export interface RepoPin {
  /** The repo, e.g. a Component ref. */
  repo: string;
  /** Its pin (`org-base@2.4.0` or `2.4.0`); absent when the repo has no pin line. */
  pin?: string;
  /** The pin already read (see `readPin`), so it is not parsed again. */
  parsed?: BaseRefResult;
}

/**
 * Version answers kept by their owner (a snapshot) across many summaries:
 * whether a version is exact semver, and how two versions order.
 *
 * @public
 */
export interface VersionMemo {
  /** Exact-semver answers by version. */
  exact: Map<string, boolean>;
  /** Order of two versions: `order.get(a).get(b)` is `compare(a, b)`. */
  order: Map<string, Map<string, number>>;
}

/**
 * Repos that share one pin.
 *
 * @public
 */
export interface PinBucket {
  /** The version (or the pin as written, when it is not a base ref or version). */
  version: string;
  /** How many repos pin it. */
  count: number;
  /** Which repos, sorted. */
  repos: string[];
}

/**
 * How a team's repos pin the base compared with the team's own pin.
 *
 * @public
 */
export interface TeamDriftSummary {
  /** The team's version, when its pin parses. */
  teamVersion?: string;
  /** Repos per pinned version, ascending by semver (unparsable pins last). */
  distribution: PinBucket[];
  /** Version to repo count, for charts. */
  counts: Record<string, number>;
  /** Repos whose pin differs from the team's. */
  differing: Array<{ repo: string; pin: string }>;
  /** Repos without a pin line. */
  unpinned: string[];
  /** Repos whose pin equals the team's. */
  matching: number;
  /** All repos given. */
  total: number;
}

function key(
  pin: string,
  known?: BaseRefResult,
): { base?: string; version: string } {
  const parsed = known ?? parsePinRef(pin);
  if (parsed.ok) {
    return { base: parsed.base, version: parsed.version };
  }
  return { version: pin };
}

/**
 * Summarizes the pins of a team's repos: the distribution of versions and
 * which repos differ from the team's pin. Pins compare by version, and by
 * base name when both name one. Never throws.
 *
 * @public
 */
export function summarizeTeamDrift(
  teamPin: string | ParsedPin | undefined,
  repoPins: RepoPin[],
  memo?: VersionMemo,
): TeamDriftSummary {
  const teamText = typeof teamPin === 'string' ? teamPin : teamPin?.text;
  const team =
    teamText !== undefined && teamText.trim()
      ? key(
          teamText.trim(),
          typeof teamPin === 'string' ? undefined : teamPin?.ref,
        )
      : undefined;
  const buckets = new Map<string, string[]>();
  const differing: Array<{ repo: string; pin: string }> = [];
  const unpinned: string[] = [];
  let matching = 0;
  for (const { repo, pin, parsed } of repoPins) {
    const text = pin?.trim();
    if (!text) {
      unpinned.push(repo);
      continue;
    }
    const own = key(text, parsed);
    // A pin on another base than the team's is its own bucket.
    const bucket =
      own.base && team?.base && own.base !== team.base
        ? `${own.base}@${own.version}`
        : own.version;
    const inBucket = buckets.get(bucket);
    if (inBucket) inBucket.push(repo);
    else buckets.set(bucket, [repo]);
    const same =
      team !== undefined &&
      own.version === team.version &&
      (own.base === undefined ||
        team.base === undefined ||
        own.base === team.base);
    if (same) matching++;
    else differing.push({ repo, pin: text });
  }
  const distribution: PinBucket[] = [];
  const counts: Record<string, number> = {};
  for (const [version, repos] of buckets) {
    distribution.push({
      version,
      count: repos.length,
      repos: repos.length > 1 ? repos.sort() : repos,
    });
  }
  // Most teams' repos share one or two versions: sort only when needed.
  if (distribution.length > 1) {
    distribution.sort((a, b) => {
      const va = isExact(a.version, memo);
      const vb = isExact(b.version, memo);
      if (va && vb) return order(a.version, b.version, memo);
      if (va) return -1;
      if (vb) return 1;
      return a.version.localeCompare(b.version);
    });
  }
  for (const b of distribution) counts[b.version] = b.count;
  // Field by field, not `{...(x ? {teamVersion} : {}), ...}`: a spread ahead
  // of other fields takes V8's slow path, and this runs once per team.
  const summary = {} as TeamDriftSummary;
  if (team && isExact(team.version, memo)) summary.teamVersion = team.version;
  summary.distribution = distribution;
  summary.counts = counts;
  summary.differing = differing;
  summary.unpinned = unpinned;
  summary.matching = matching;
  summary.total = repoPins.length;
  return summary;
}

function isExact(version: string, memo: VersionMemo | undefined): boolean {
  if (!memo) return isExactSemver(version);
  let answer = memo.exact.get(version);
  if (answer === undefined) {
    answer = isExactSemver(version);
    memo.exact.set(version, answer);
  }
  return answer;
}

function order(a: string, b: string, memo: VersionMemo | undefined): number {
  if (!memo) return semverCompare(a, b);
  let row = memo.order.get(a);
  if (!row) {
    row = new Map();
    memo.order.set(a, row);
  }
  let answer = row.get(b);
  if (answer === undefined) {
    answer = semverCompare(a, b);
    row.set(b, answer);
  }
  return answer;
}
