import { compare as semverCompare } from 'semver';
import type { AgentConfigRelease, BaseAgentConfigEntity } from '../model';
import { isRecord } from '../model/common';
import { isExactSemver } from '../model/values';

/**
 * The releases of a base that carry an exact semver version, in ascending
 * semver order, and the number of entries skipped for lacking one.
 * Never throws, whatever the shape of `spec.releases`.
 *
 * @public
 */
export function readReleases(base: BaseAgentConfigEntity): {
  releases: AgentConfigRelease[];
  skipped: number;
} {
  const raw: unknown = base.spec?.releases;
  const list = Array.isArray(raw) ? raw : [];
  const seen = new Set<string>();
  const releases: AgentConfigRelease[] = [];
  for (const entry of list) {
    if (
      isRecord(entry) &&
      typeof entry.version === 'string' &&
      isExactSemver(entry.version) &&
      !seen.has(entry.version)
    ) {
      seen.add(entry.version);
      releases.push(entry as unknown as AgentConfigRelease);
    }
  }
  releases.sort((a, b) => semverCompare(a.version, b.version));
  return { releases, skipped: list.length - releases.length };
}

/**
 * The highest release that is not withdrawn.
 *
 * @public
 */
export function latestRelease(
  releases: AgentConfigRelease[],
): AgentConfigRelease | undefined {
  let latest: AgentConfigRelease | undefined;
  for (const release of releases) {
    if (
      release.withdrawn !== true &&
      (!latest || semverCompare(release.version, latest.version) > 0)
    ) {
      latest = release;
    }
  }
  return latest;
}

/**
 * The release with exactly this version, if any.
 *
 * @public
 */
export function findRelease(
  releases: AgentConfigRelease[],
  version: string,
): AgentConfigRelease | undefined {
  return releases.find(r => r.version === version);
}
