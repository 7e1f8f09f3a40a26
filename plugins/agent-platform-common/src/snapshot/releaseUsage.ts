import { compare as semverCompare } from 'semver';
import type { BaseAgentConfigEntity } from '../model';
import { ParsedPin, parsePinRef } from '../parsers/pin';
import { computeDrift } from '../inheritance/computeDrift';
import { byText, PlatformIndex } from '../inheritance/platformIndex';
import { readReleases } from '../inheritance/releases';
import { describeReleaseDiff, diffReleases } from '../upgrade/releaseDiff';
import { SortedList } from './SortedList';
import type { BaseReleaseAdoption, ReleaseUsage } from './types';

/** Who pins one release (or one pin that names no release), kept up to date by the snapshot. */
export interface ReleaseEntry {
  version: string;
  known: boolean;
  security: boolean;
  deprecated: boolean;
  withdrawn: boolean;
  teams: SortedList;
  repos: SortedList;
}

/** Every release of every base, with empty adoption lists. */
export function knownReleases(index: PlatformIndex): Map<string, ReleaseEntry> {
  const releases = new Map<string, ReleaseEntry>();
  const single = index.bases.size === 1 ? [...index.bases.keys()][0] : '';
  for (const base of index.bases.values()) {
    for (const r of readReleases(base).releases) {
      const key = `${base.metadata.name}@${r.version}`;
      releases.set(key, {
        version: base.metadata.name === single ? r.version : key,
        known: true,
        security: r.security === true,
        deprecated: r.deprecated === true,
        withdrawn: r.withdrawn === true,
        teams: new SortedList(),
        repos: new SortedList(),
      });
    }
  }
  return releases;
}

/** The entry a pin counts towards; a pin naming no known release gets its own. */
export function releaseFor(
  index: PlatformIndex,
  releases: Map<string, ReleaseEntry>,
  pin: ParsedPin,
): { key: string; entry: ReleaseEntry } {
  const parsed = pin.ref;
  const key = parsed.ok ? `${parsed.base}@${parsed.version}` : pin.text.trim();
  let entry = releases.get(key);
  if (!entry) {
    const single = index.bases.size === 1 ? [...index.bases.keys()][0] : '';
    entry = {
      version: parsed.ok && parsed.base === single ? parsed.version : key,
      known: false,
      security: false,
      deprecated: false,
      withdrawn: false,
      teams: new SortedList(),
      repos: new SortedList(),
    };
    releases.set(key, entry);
  }
  return { key, entry };
}

/** Usage per release: known releases newest first (by base, then semver), unknown pins after. */
export function releaseUsageRows(
  releases: Map<string, ReleaseEntry>,
): ReleaseUsage[] {
  const rows: ReleaseUsage[] = [...releases.values()].map(r => ({
    version: r.version,
    known: r.known,
    security: r.security,
    deprecated: r.deprecated,
    withdrawn: r.withdrawn,
    teams: r.teams.values(),
    repos: r.repos.values(),
  }));
  const versionOf = (entry: ReleaseUsage) => {
    const parsed = parsePinRef(entry.version);
    return parsed.ok ? parsed.version : entry.version;
  };
  return rows.sort((a, b) => {
    if (a.known !== b.known) return a.known ? -1 : 1;
    if (!a.known) return byText(a.version, b.version);
    const va = versionOf(a);
    const vb = versionOf(b);
    const sameBase = a.version.replace(va, '') === b.version.replace(vb, '');
    if (sameBase) return semverCompare(vb, va);
    return byText(a.version, b.version);
  });
}

/** Every release of a base, newest first, with its changes and adoption. */
export function baseReleaseAdoption(
  base: BaseAgentConfigEntity,
  releases: Map<string, ReleaseEntry>,
): BaseReleaseAdoption[] {
  const latest = computeDrift(base, '').latest;
  const { releases: all } = readReleases(base);
  return all
    .map((r, i) => {
      const entry = releases.get(`${base.metadata.name}@${r.version}`);
      const before = i > 0 ? all[i - 1] : undefined;
      return {
        version: r.version,
        ...(r.date !== undefined ? { date: String(r.date) } : {}),
        ...(r.notes !== undefined ? { notes: String(r.notes) } : {}),
        security: r.security === true,
        deprecated: r.deprecated === true,
        withdrawn: r.withdrawn === true,
        latest: r.version === latest,
        ...(before ? { previous: before.version } : {}),
        changes: describeReleaseDiff(diffReleases(before, r)),
        teams: entry?.teams.values() ?? [],
        repos: entry?.repos.values() ?? [],
      };
    })
    .reverse();
}
