import { compare as semverCompare, valid as semverValid } from 'semver';

/**
 * A base's releases, as staleness reads them.
 *
 * @public
 */
export interface StalenessBase {
  /** The base's name, e.g. `org-base`. */
  name: string;
  releases: Array<{ version: string; date?: string; security?: boolean }>;
}

/**
 * Input of {@link computeStaleness}.
 *
 * @public
 */
export interface StalenessInput {
  bases: StalenessBase[];
  /** Team configs: the pin (`org-base@2.3.0`) and `spec.reviewed`, when set. */
  teams: Array<{ team: string; config: string; pin?: string; reviewed?: string }>;
  /** Repositories: their pin (own or the team's) and when their agent files last changed, when known. */
  repos: Array<{
    component: string;
    team?: string;
    pin?: string;
    lastModified?: string;
  }>;
  now: Date;
  /** Agent files unchanged for longer than this are stale (default 90). */
  staleAfterDays?: number;
}

/**
 * Repositories whose agent files have not changed for a while although the
 * base moved on, and teams that have not reviewed their config since a
 * security release.
 *
 * @public
 */
export interface StalenessReport {
  staleAfterDays: number;
  /** Agent files unchanged for `staleAfterDays` with newer base releases than their pin. */
  staleRepos: Array<{
    component: string;
    team?: string;
    pin?: string;
    lastModified: string;
    daysUnchanged: number;
    /** Releases of the base newer than the pin, oldest first. */
    newerReleases: string[];
    latest: string;
  }>;
  /** Repositories with agent files but no known change date: not judged. */
  undatedRepos: string[];
  /** Teams with a security release after their last review that their pin does not include. */
  unreviewedTeams: Array<{
    team: string;
    config: string;
    pin?: string;
    reviewed?: string;
    /** The security releases since the review (or ever, with no review), oldest first. */
    securityReleases: Array<{ version: string; date: string }>;
  }>;
}

const DAY = 86_400_000;

function parsePin(pin: string | undefined) {
  const at = pin?.lastIndexOf('@') ?? -1;
  if (!pin || at <= 0) return undefined;
  const version = pin.slice(at + 1);
  return semverValid(version) ? { base: pin.slice(0, at), version } : undefined;
}

/**
 * Computes {@link StalenessReport}.
 *
 * A repository is stale when its agent files' last change (`lastModified`,
 * as the catalog's repo reader recorded it) is more than `staleAfterDays`
 * before `now` and its base has releases newer than its pin (with no pin:
 * releases dated after the last change). A repository with no known date is
 * listed as undated, never guessed.
 *
 * A team is unreviewed when its base has a security release dated after the
 * team config's `reviewed` day (or any, with no `reviewed`) that its pin
 * does not include (a pin at or past the release counts as having
 * reviewed it). Releases without a date are left out.
 *
 * @public
 */
export function computeStaleness(input: StalenessInput): StalenessReport {
  const staleAfterDays = input.staleAfterDays ?? 90;
  const now = input.now.getTime();
  const bases = new Map(
    input.bases.map(b => [
      b.name,
      b.releases
        .filter(r => semverValid(r.version))
        .sort((x, y) => semverCompare(x.version, y.version)),
    ]),
  );

  const staleRepos: StalenessReport['staleRepos'] = [];
  const undatedRepos: string[] = [];
  for (const repo of input.repos) {
    const changed = repo.lastModified ? Date.parse(repo.lastModified) : NaN;
    if (Number.isNaN(changed)) {
      undatedRepos.push(repo.component);
      continue;
    }
    if (now - changed <= staleAfterDays * DAY) continue;
    const pin = parsePin(repo.pin);
    // No pin: the only base, if there is exactly one.
    let releases = bases.size === 1 ? [...bases.values()][0] : [];
    if (pin) releases = bases.get(pin.base) ?? [];
    const newer = releases.filter(r =>
      pin
        ? semverCompare(r.version, pin.version) > 0
        : r.date !== undefined && Date.parse(r.date) > changed,
    );
    if (newer.length === 0) continue;
    staleRepos.push({
      component: repo.component,
      ...(repo.team ? { team: repo.team } : {}),
      ...(repo.pin ? { pin: repo.pin } : {}),
      lastModified: new Date(changed).toISOString(),
      daysUnchanged: Math.floor((now - changed) / DAY),
      newerReleases: newer.map(r => r.version),
      latest: newer[newer.length - 1].version,
    });
  }
  staleRepos.sort(
    (a, b) => b.daysUnchanged - a.daysUnchanged || a.component.localeCompare(b.component),
  );

  const unreviewedTeams: StalenessReport['unreviewedTeams'] = [];
  for (const team of input.teams) {
    const pin = parsePin(team.pin);
    if (!pin) continue;
    const reviewed = team.reviewed ? Date.parse(team.reviewed) : undefined;
    const missed = (bases.get(pin.base) ?? []).filter(
      r =>
        r.security &&
        r.date !== undefined &&
        Date.parse(r.date) <= now &&
        (reviewed === undefined || Date.parse(r.date) > reviewed) &&
        semverCompare(r.version, pin.version) > 0,
    );
    if (missed.length === 0) continue;
    unreviewedTeams.push({
      team: team.team,
      config: team.config,
      pin: team.pin,
      ...(team.reviewed ? { reviewed: team.reviewed } : {}),
      securityReleases: missed.map(r => ({ version: r.version, date: r.date! })),
    });
  }
  unreviewedTeams.sort((a, b) => a.team.localeCompare(b.team));

  return {
    staleAfterDays,
    staleRepos,
    undatedRepos: undatedRepos.sort(),
    unreviewedTeams,
  };
}
