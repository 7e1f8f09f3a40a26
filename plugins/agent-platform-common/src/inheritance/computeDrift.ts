import { gt as semverGt } from 'semver';
import type { BaseAgentConfigEntity } from '../model';
import { isExactSemver } from '../model/values';
import { formatPin, ParsedPin, parsePinRef } from '../parsers/pin';
import { findRelease, latestRelease, readReleases } from './releases';

/**
 * A release a pin has not taken yet.
 *
 * @public
 */
export interface MissedRelease {
  /** Version. */
  version: string;
  /** Release date, when stated. */
  date?: string;
  /** Release notes, when stated. */
  notes?: string;
  /** The release fixes a security issue. */
  security: boolean;
  /** The release is itself deprecated. */
  deprecated: boolean;
}

/**
 * How far a pin is behind its base.
 *
 * @public
 */
export interface DriftReport {
  /** Base name. */
  base: string;
  /** The pinned version as given. */
  pinned: string;
  /** Highest release that is not withdrawn, when any. */
  latest?: string;
  /** Number of non-withdrawn releases newer than the pin. */
  releasesBehind: number;
  /** Those releases, oldest first, with their notes. */
  missed: MissedRelease[];
  /** Any missed release fixes a security issue. */
  missedSecurity: boolean;
  /** The pinned release is deprecated. */
  pinDeprecated: boolean;
  /** The pinned release is withdrawn. */
  pinWithdrawn: boolean;
  /** The pin names no release of this base (or is not a version at all). */
  pinUnknown: boolean;
  /** The pin is a known, non-withdrawn release with nothing newer. */
  upToDate: boolean;
  /** The pin line to upgrade to the latest release, e.g. `<!-- agent-platform: extends: org-base@2.4.0 -->`. */
  upgradeLine?: string;
}

/**
 * Compares a pin with the releases of its base. `pin` (text, or a pin read once with `readPin`) is a
 * version (`2.3.0`) or a base ref (`org-base@2.3.0`; a ref naming another
 * base counts as unknown). A pin that is not a semver version misses every
 * non-withdrawn release. Never throws.
 *
 * @public
 */
export function computeDrift(
  base: BaseAgentConfigEntity,
  pin: string | ParsedPin,
): DriftReport {
  const name = base.metadata?.name ?? '';
  const { releases } = readReleases(base);
  const pinnedVersion = typeof pin === 'string' ? pin : pin.text;
  let version = pinnedVersion.trim();
  let otherBase = false;
  if (version.includes('@')) {
    const parsed = typeof pin === 'string' ? parsePinRef(version) : pin.ref;
    if (parsed.ok) {
      version = parsed.version;
      otherBase = parsed.base !== name;
    }
  }
  const validPin = isExactSemver(version);
  const pinned = otherBase ? undefined : findRelease(releases, version);
  const latest = latestRelease(releases);
  const missed = releases
    .filter(r => r.withdrawn !== true)
    .filter(r => !validPin || otherBase || semverGt(r.version, version))
    .map(r => ({
      version: r.version,
      ...(r.date !== undefined ? { date: String(r.date) } : {}),
      ...(r.notes !== undefined ? { notes: String(r.notes) } : {}),
      security: r.security === true,
      deprecated: r.deprecated === true,
    }));
  // No line when the base's name cannot be pinned (formatPin would throw).
  const upgrade = latest && parsePinRef(`${name}@${latest.version}`);
  const pinWithdrawn = pinned?.withdrawn === true;
  const pinUnknown = !pinned;
  return {
    base: name,
    pinned: pinnedVersion,
    ...(latest ? { latest: latest.version } : {}),
    releasesBehind: missed.length,
    missed,
    missedSecurity: missed.some(r => r.security),
    pinDeprecated: pinned?.deprecated === true,
    pinWithdrawn,
    pinUnknown,
    upToDate: missed.length === 0 && !pinUnknown && !pinWithdrawn,
    ...(upgrade && upgrade.ok
      ? { upgradeLine: formatPin(upgrade.base, upgrade.version) }
      : {}),
  };
}
