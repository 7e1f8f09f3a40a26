import { computeDrift } from '../inheritance/computeDrift';
import { byText, PlatformIndex, refOf } from '../inheritance/platformIndex';
import { readReleases } from '../inheritance/releases';
import { SortedList } from './SortedList';
import type {
  AssetUsage,
  DeprecatedInUse,
  PlatformOverview,
  ReleaseUsage,
  TeamOverview,
} from './types';

/** Each base of the index with its latest release and every release, oldest first. */
export function basesOf(index: PlatformIndex): PlatformOverview['bases'] {
  return [...index.bases.values()].map(base => {
    const { releases: all } = readReleases(base);
    const latest = computeDrift(base, '').latest;
    return {
      ref: refOf(base, index),
      ...(latest ? { latest } : {}),
      releases: all.map(r => r.version).reverse(),
    };
  });
}

/**
 * Deprecated or withdrawn releases, deprecated skills and deprecated MCP servers that are still
 * in use, from the snapshot's usage lists.
 */
export function deprecatedInUseOf(
  listed: ReleaseUsage[],
  skills: ReadonlyMap<string, { replacedBy?: string; usedBy: SortedList }>,
  servers: ReadonlyMap<string, SortedList>,
  ownerOf: (ref: string) => string | undefined,
): DeprecatedInUse {
  const owned = (ref: string) => {
    const owner = ownerOf(ref);
    return owner ? { owner } : {};
  };
  const used = (r: ReleaseUsage) => r.teams.length + r.repos.length > 0;
  return {
    releases: listed.filter(r => (r.deprecated || r.withdrawn) && used(r)),
    skills: [...skills.entries()]
      .filter(([, v]) => v.usedBy.size > 0)
      .map(([ref, v]) => ({
        ref,
        ...owned(ref),
        ...(v.replacedBy ? { replacedBy: v.replacedBy } : {}),
        usedBy: v.usedBy.values(),
      }))
      .sort((a, b) => byText(a.ref, b.ref)),
    mcpServers: [...servers.entries()]
      .filter(([, v]) => v.size > 0)
      .map(([ref, v]) => ({ ref, ...owned(ref), usedBy: v.values() }))
      .sort((a, b) => byText(a.ref, b.ref)),
  };
}

/** The overview's headline numbers over its team rows. */
export function overviewTotals(
  teams: TeamOverview[],
): PlatformOverview['totals'] {
  return {
    teams: teams.length,
    repos: teams.reduce((sum, t) => sum + t.repos.length, 0),
    teamsWithErrors: teams.filter(t => !t.ok).length,
    teamsBehind: teams.filter(t => t.drift && t.drift.releasesBehind > 0)
      .length,
    teamsMissingSecurity: teams.filter(t => t.drift?.missedSecurity).length,
  };
}

/** Most used first (teams directly and through the base), then by ref. */
export function byUse<T extends AssetUsage>(usage: T[]): T[] {
  return usage.sort(
    (a, b) =>
      b.teams.length + b.viaBase.length - (a.teams.length + a.viaBase.length) ||
      byText(a.ref, b.ref),
  );
}
