import type { AgentConfigEntity, AgentConfigRelease } from '../model';
import { isBaseAgentConfigEntity } from '../model/AgentConfigEntity';
import { BaseRefResult, parsePinRef } from '../parsers/pin';
import { layerId, readBaseReleaseLayer } from './layers';
import { findRelease, latestRelease, readReleases } from './releases';
import { ConfigLayer, FederationViolation } from './types';

/**
 * What repeated resolutions against the same, unchanging base can share: its
 * releases in order and each release read as a layer. Only valid while the
 * entities are not mutated (a platform index holds one).
 *
 * @public
 */
export interface BaseReleaseCache {
  /** Each base's releases in order, with the latest one. */
  releases: WeakMap<
    object,
    ReturnType<typeof readReleases> & { latest?: AgentConfigRelease }
  >;
  layers: WeakMap<object, ReturnType<typeof readBaseReleaseLayer>>;
  /** Pins already parsed, by their text (the same few repeat across every config). */
  pins?: Map<string, BaseRefResult>;
}

/**
 * Where the applying pin came from: the repo's context files (`input`), the
 * repo config or the team config.
 *
 * @public
 */
export type PinSource = 'input' | 'repo' | 'team';

/**
 * Which base release an effective config is built on.
 *
 * @public
 */
export interface ResolvedRelease {
  /** The base name. */
  base: string;
  /** The release version. */
  version: string;
  /** False when the pin could not be used and the latest release stands in. */
  pinned: boolean;
  /** The release is deprecated. */
  deprecated: boolean;
  /** The release is withdrawn. */
  withdrawn: boolean;
  /** The release fixes a security issue. */
  security: boolean;
}

/** What {@link resolveBaseRelease} needs. */
interface BaseReleaseInput {
  base?: AgentConfigEntity;
  team?: AgentConfigEntity;
  repo?: AgentConfigEntity;
  pin?: string;
}

/**
 * Outcome of {@link resolveBaseRelease}.
 *
 * @internal
 */
export interface BaseReleaseResolution {
  pin?: { ref: string; source: PinSource };
  release?: ResolvedRelease;
  layer?: ConfigLayer;
  violations: FederationViolation[];
}

interface PinCandidate {
  value: unknown;
  source: PinSource;
  layer: string;
}

const describeSource = (source: PinSource) =>
  source === 'input' ? "the repo's context files" : `the ${source} config`;

function extendsOf(entity: AgentConfigEntity | undefined): unknown {
  return (entity?.spec as { extends?: unknown } | undefined)?.extends;
}

/**
 * Picks the pin that applies (context files, then repo config, then team
 * config), finds that release of the base, and reads it as the base layer.
 * Problems become violations; when the pin cannot be used, the latest
 * non-withdrawn release stands in.
 *
 * @internal
 */
export function resolveBaseRelease(
  input: BaseReleaseInput,
  cache?: BaseReleaseCache,
): BaseReleaseResolution {
  const { base, team, repo } = input;
  const violations: FederationViolation[] = [];
  const teamId = team && layerId('team', team.metadata?.name ?? 'unnamed');
  const repoId = repo && layerId('repo', repo.metadata?.name ?? 'unnamed');
  const mostSpecific = repoId ?? teamId ?? 'base';

  // 1. Which pin applies.
  const stated = (
    [
      { value: input.pin, source: 'input', layer: mostSpecific },
      { value: extendsOf(repo), source: 'repo', layer: repoId ?? mostSpecific },
      { value: extendsOf(team), source: 'team', layer: teamId ?? mostSpecific },
    ] as PinCandidate[]
  ).filter(c => c.value !== undefined && c.value !== null);
  const chosen: PinCandidate | undefined = stated[0];
  for (const other of stated.slice(1)) {
    if (other.value !== chosen.value) {
      violations.push({
        rule: 'extends-differs',
        severity: 'warning',
        layer: chosen.layer,
        item: String(chosen.value),
        conflictsWith: { item: String(other.value), layer: other.layer },
        message: `${describeSource(chosen.source)} pin ${String(
          chosen.value,
        )}, but ${describeSource(other.source)} extends ${String(
          other.value,
        )}; ${String(chosen.value)} applies.`,
      });
    }
  }
  const pin = chosen && { ref: String(chosen.value), source: chosen.source };
  let pinRef: { base: string; version: string } | undefined;
  // Set when the pin is unusable, so the stand-in release can be named.
  let unusable: FederationViolation | undefined;
  if (!chosen) {
    if (team || repo) {
      unusable = {
        rule: 'extends-missing',
        severity: 'error',
        layer: mostSpecific,
        item: '(none)',
        message:
          'Neither the configs nor the context files pin a base release (extends: <base>@<version>).',
      };
      violations.push(unusable);
    }
  } else {
    let parsed: BaseRefResult | undefined;
    if (typeof chosen.value === 'string') {
      parsed = cache?.pins?.get(chosen.value);
      if (!parsed) {
        parsed = parsePinRef(chosen.value);
        cache?.pins?.set(chosen.value, parsed);
      }
    }
    if (parsed?.ok) {
      pinRef = { base: parsed.base, version: parsed.version };
    } else {
      unusable = {
        rule: 'extends-malformed',
        severity: 'error',
        layer: chosen.layer,
        item: String(chosen.value),
        message: parsed
          ? `${parsed.message}.`
          : 'extends must be a string such as org-base@2.4.0.',
      };
      violations.push(unusable);
    }
  }

  // 2. Which base release applies.
  const at = chosen?.layer ?? mostSpecific;
  if (!base) {
    violations.push({
      rule: 'base-missing',
      severity: 'error',
      layer: at,
      item: pin?.ref ?? '(none)',
      message: pinRef
        ? `The base ${pinRef.base} is not in the catalog.`
        : 'No base agent config was given.',
    });
    return { pin, violations };
  }
  if (!isBaseAgentConfigEntity(base)) {
    violations.push({
      rule: 'base-invalid',
      severity: 'error',
      layer: at,
      item: base.metadata?.name ?? '(unnamed)',
      message: `${
        base.metadata?.name ?? 'The base'
      } is not an agent config with level base.`,
    });
    return { pin, violations };
  }
  const name = base.metadata.name;
  if (pinRef && pinRef.base !== name) {
    violations.push({
      rule: 'base-mismatch',
      severity: 'error',
      layer: at,
      item: pin!.ref,
      conflictsWith: { item: name, layer: 'base' },
      message: `The pin names the base ${pinRef.base}, but the base given is ${name}.`,
    });
    return { pin, violations };
  }

  let read = cache?.releases.get(base);
  if (!read) {
    const own = readReleases(base);
    read = { ...own, latest: latestRelease(own.releases) };
    cache?.releases.set(base, read);
  }
  const { releases, skipped, latest } = read;
  if (skipped > 0) {
    violations.push({
      rule: 'layer-invalid',
      severity: 'error',
      layer: `base:${name}`,
      item: 'releases',
      message: `${skipped} release(s) of ${name} have no exact semver version or repeat one; they are ignored.`,
    });
  }
  const moveTo = latest ? `; move to ${name}@${latest.version}` : '';
  let release: AgentConfigRelease | undefined = pinRef
    ? findRelease(releases, pinRef.version)
    : undefined;
  const pinned = release !== undefined;
  if (pinRef && !release) {
    unusable = {
      rule: 'base-release-unknown',
      severity: 'error',
      layer: at,
      item: pin!.ref,
      message: `${name} has no release ${pinRef.version}.`,
    };
    violations.push(unusable);
  } else if (release?.withdrawn === true) {
    violations.push({
      rule: 'base-release-withdrawn',
      severity: 'error',
      layer: at,
      item: pin!.ref,
      message: `${pin!.ref} is withdrawn and must not be used${moveTo}.`,
    });
  } else if (release?.deprecated === true) {
    violations.push({
      rule: 'base-release-deprecated',
      severity: 'warning',
      layer: at,
      item: pin!.ref,
      message: `${pin!.ref} is deprecated${moveTo}.`,
    });
  }
  if (!release) {
    release = latest;
    if (unusable && latest) {
      unusable.message += ` The latest release ${latest.version} stands in.`;
    }
  }
  if (!release) {
    return { pin, violations };
  }
  // Release objects belong to one base entity, so they key the layer alone.
  let layer = cache?.layers.get(release);
  if (!layer) {
    layer = readBaseReleaseLayer(base, release);
    cache?.layers.set(release, layer);
  }
  violations.push(...layer.issues.map(issue => ({ ...issue })));
  return {
    pin,
    release: {
      base: name,
      version: release.version,
      pinned,
      deprecated: release.deprecated === true,
      withdrawn: release.withdrawn === true,
      security: release.security === true,
    },
    layer: layer.layer,
    violations,
  };
}
