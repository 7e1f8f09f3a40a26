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
  /** Order of two versions by `a\u0000b`. */
  order: Map<string, number>;
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
  const text = pin.trim();
  const parsed = known ?? parsePinRef(text);
  if (parsed.ok) {
    return { base: parsed.base, version: parsed.version };
  }
  return { version: text };
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
      ? key(teamText, typeof teamPin === 'string' ? undefined : teamPin?.ref)
      : undefined;
  const exact = (version: string) => {
    if (!memo) return isExactSemver(version);
    let answer = memo.exact.get(version);
    if (answer === undefined) {
      answer = isExactSemver(version);
      memo.exact.set(version, answer);
    }
    return answer;
  };
  const order = (a: string, b: string) => {
    if (!memo) return semverCompare(a, b);
    const k = `${a}\u0000${b}`;
    let answer = memo.order.get(k);
    if (answer === undefined) {
      answer = semverCompare(a, b);
      memo.order.set(k, answer);
    }
    return answer;
  };
  const buckets = new Map<string, string[]>();
  const differing: Array<{ repo: string; pin: string }> = [];
  const unpinned: string[] = [];
  let matching = 0;
  for (const { repo, pin, parsed } of repoPins) {
    if (pin === undefined || !pin.trim()) {
      unpinned.push(repo);
      continue;
    }
    const own = key(pin, parsed);
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
    else differing.push({ repo, pin: pin.trim() });
  }
  const distribution = [...buckets.entries()].map(([version, repos]) => ({
    version,
    count: repos.length,
    repos: repos.length > 1 ? [...repos].sort() : repos,
  }));
  // Most teams' repos share one or two versions: sort only when needed.
  if (distribution.length > 1) {
    distribution.sort((a, b) => {
      const va = exact(a.version);
      const vb = exact(b.version);
      if (va && vb) return order(a.version, b.version);
      if (va) return -1;
      if (vb) return 1;
      return a.version.localeCompare(b.version);
    });
  }
  return {
    ...(team && exact(team.version) ? { teamVersion: team.version } : {}),
    distribution,
    counts: Object.fromEntries(distribution.map(b => [b.version, b.count])),
    differing,
    unpinned,
    matching,
    total: repoPins.length,
  };
}
