import { compare as semverCompare } from 'semver';
import type {
  AgentConfigEntity,
  BaseAgentConfigEntity,
  McpServerEntity,
  SkillEntity,
} from '../model';
import {
  isAgentConfigEntity,
  isBaseAgentConfigEntity,
} from '../model/AgentConfigEntity';
import { ANNOTATION_AGENT_CONFIG } from '../model/annotations';
import { isRecord } from '../model/common';
import { entityRefOf, normalizeEntityRef } from '../model/entityRef';
import { parsePinRef } from '../parsers/pin';
import { computeDrift, DriftReport } from './computeDrift';
import { readReleases } from './releases';
import {
  createResolutionCache,
  EffectiveConfigResult,
  ResolutionCache,
  resolveEffectiveConfig,
} from './resolveEffectiveConfig';
import { summarizeTeamDrift, TeamDriftSummary } from './summarizeTeamDrift';

/**
 * The few fields of a Component (or any other entity) the platform reads.
 *
 * @public
 */
export interface PlatformEntityLike {
  /** Kind, e.g. `Component`. */
  kind: string;
  /** Metadata. */
  metadata: {
    name: string;
    namespace?: string;
    title?: string;
    annotations?: Record<string, string>;
  };
  /** Spec; `owner` is read. */
  spec?: Record<string, unknown> | object;
}

/**
 * Everything the platform view is computed from, as read from the catalog.
 *
 * @public
 */
export interface PlatformCatalog {
  /** Agent configs of every level. */
  configs: AgentConfigEntity[];
  /** Skills. */
  skills: SkillEntity[];
  /** MCP servers. */
  mcpServers: McpServerEntity[];
  /** Components (only kind, metadata and `spec.owner` are read). */
  components: PlatformEntityLike[];
}

/**
 * The catalog indexed for resolution: built once, queried many times.
 *
 * @public
 */
export interface PlatformIndex {
  /** The catalog it was built from. */
  catalog: PlatformCatalog;
  /** Agent configs by normalized ref. */
  configs: Map<string, AgentConfigEntity>;
  /** Base configs by name. */
  bases: Map<string, BaseAgentConfigEntity>;
  /** Team configs by the normalized ref of the group owning them. */
  teamConfigsByOwner: Map<string, AgentConfigEntity[]>;
  /** Repo configs by the normalized ref of their Component. */
  repoConfigsByComponent: Map<string, AgentConfigEntity[]>;
  /** Components by normalized ref. */
  components: Map<string, PlatformEntityLike>;
}

/**
 * The layers that apply to one target, or why none can be chosen.
 *
 * @public
 */
export type LayerSelection =
  | {
      ok: true;
      /** Normalized ref of the target. */
      target: string;
      /** The base the pin names (or the only base), when in the catalog. */
      base?: BaseAgentConfigEntity;
      /** The team layer. */
      team?: AgentConfigEntity;
      /** The repo layer. */
      repo?: AgentConfigEntity;
      /** The pin found in the repository's files (from its observed repo config). */
      pin?: string;
      /** The repo config read from the repository, when any. */
      observed?: AgentConfigEntity;
    }
  | {
      ok: false;
      /** `not-found`: no config, or a reference to a missing one; `conflict`: two configs claim the same place; `unsupported`: the kind has no agent config. */
      reason: 'not-found' | 'conflict' | 'unsupported';
      /** Why, for people. */
      message: string;
    };

/**
 * The effective config of one target with its drift.
 *
 * @public
 */
export interface TargetResolution extends EffectiveConfigResult {
  /** Normalized ref of the target. */
  target: string;
  /** Normalized refs of the config entities used, per level. */
  configs: { base?: string; team?: string; repo?: string };
  /** Drift of the applying pin from the base's releases, when a base and a pin are known. */
  drift?: DriftReport;
}

const lower = (text: string) => text.toLocaleLowerCase('en-US');

// Refs are lower-case ASCII: code-point order is their order, and much cheaper
// than localeCompare over tens of thousands of entries.
const byText = (a: string, b: string) => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};

// Each entity's ref is needed several times per overview: the index keeps
// the refs it computed while indexing (a Map, not a WeakMap per entity: tens
// of thousands of WeakMap entries slow every garbage collection down).
const indexRefs = new WeakMap<PlatformIndex, Map<object, string>>();
function refOf(
  entity: Parameters<typeof entityRefOf>[0],
  index?: PlatformIndex,
): string {
  return (index && indexRefs.get(index)?.get(entity)) ?? entityRefOf(entity);
}

// What resolutions against one index share (base release reads and merges).
const resolutionCaches = new WeakMap<PlatformIndex, ResolutionCache>();
function cacheOf(index: PlatformIndex): ResolutionCache {
  let cache = resolutionCaches.get(index);
  if (!cache) {
    cache = createResolutionCache();
    resolutionCaches.set(index, cache);
  }
  return cache;
}

function specOf(entity: { spec?: unknown }): Record<string, unknown> {
  return isRecord(entity.spec) ? entity.spec : {};
}

// A ref already in normal form (`kind:namespace/name`, lower case, as the
// catalog writes them) needs no parsing.
const NORMAL_REF = /^[a-z0-9_.-]+:[a-z0-9_.-]+\/[a-z0-9_.-]+$/;

function refIn(
  value: unknown,
  defaultKind: string,
  namespace: string | undefined,
): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (NORMAL_REF.test(value)) return value;
  const text = value.trim();
  // A ref without a namespace lives in the namespace of the entity naming it.
  if (!namespace || namespace === 'default' || text.includes('/')) {
    return normalizeEntityRef(text, defaultKind);
  }
  const withNamespace = text.includes(':')
    ? text.replace(':', `:${namespace}/`)
    : `${namespace}/${text}`;
  return normalizeEntityRef(withNamespace, defaultKind);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * True for a repo config the catalog module derived from a repository's own
 * files (it carries `spec.observed`), as opposed to one written in the catalog.
 *
 * @public
 */
export function isObservedRepoConfig(entity: AgentConfigEntity): boolean {
  const spec = specOf(entity);
  return spec.level === 'repo' && isRecord(spec.observed);
}

/**
 * Indexes the catalog for resolution. Entities that are not agent configs
 * are ignored.
 *
 * @public
 */
export function createPlatformIndex(catalog: PlatformCatalog): PlatformIndex {
  const index: PlatformIndex = {
    catalog,
    configs: new Map(),
    bases: new Map(),
    teamConfigsByOwner: new Map(),
    repoConfigsByComponent: new Map(),
    components: new Map(),
  };
  const refs = new Map<object, string>();
  indexRefs.set(index, refs);
  for (const config of catalog.configs) {
    if (!isAgentConfigEntity(config)) continue;
    const ref = entityRefOf(config);
    refs.set(config, ref);
    index.configs.set(ref, config);
    const spec = specOf(config);
    const namespace = config.metadata.namespace;
    if (isBaseAgentConfigEntity(config)) {
      if (!index.bases.has(config.metadata.name)) {
        index.bases.set(config.metadata.name, config);
      }
    } else if (spec.level === 'team') {
      const owner = refIn(spec.owner, 'group', namespace);
      if (owner) push(index.teamConfigsByOwner, owner, config);
    } else if (spec.level === 'repo') {
      const component = refIn(spec.component, 'component', namespace);
      if (component) push(index.repoConfigsByComponent, component, config);
    }
  }
  for (const component of catalog.components) {
    const ref = entityRefOf(component);
    refs.set(component, ref);
    index.components.set(ref, component);
  }
  return index;
}

const describe = (configs: AgentConfigEntity[]) =>
  configs
    .map(c => refOf(c))
    .sort(byText)
    .join(' and ');

function teamConfigOf(
  index: PlatformIndex,
  group: string,
): { config?: AgentConfigEntity; conflict?: string } {
  const configs = index.teamConfigsByOwner.get(group) ?? [];
  if (configs.length > 1) {
    return {
      conflict: `${group} owns more than one team agent config (${describe(
        configs,
      )}); a team has exactly one.`,
    };
  }
  return { config: configs[0] };
}

function pinOf(entity: AgentConfigEntity | undefined): string | undefined {
  const value = entity ? specOf(entity).extends : undefined;
  return typeof value === 'string' ? value : undefined;
}

function chooseBase(
  index: PlatformIndex,
  pins: Array<string | undefined>,
): BaseAgentConfigEntity | undefined {
  const applying = pins.find(p => p !== undefined);
  if (applying !== undefined) {
    const parsed = parsePinRef(applying);
    if (parsed.ok) return index.bases.get(parsed.base);
  }
  // Without a usable pin, a lone base is still the base (the engine reports the pin).
  return index.bases.size === 1 ? [...index.bases.values()][0] : undefined;
}

function withBase(
  index: PlatformIndex,
  target: string,
  layers: {
    team?: AgentConfigEntity;
    repo?: AgentConfigEntity;
    observed?: AgentConfigEntity;
  },
): LayerSelection {
  const { team, repo, observed } = layers;
  const pin = observed && observed !== repo ? pinOf(observed) : undefined;
  const base = chooseBase(index, [pin, pinOf(repo), pinOf(team)]);
  return {
    ok: true,
    target,
    ...(base ? { base } : {}),
    ...(team ? { team } : {}),
    ...(repo ? { repo } : {}),
    ...(pin !== undefined ? { pin } : {}),
    ...(observed ? { observed } : {}),
  };
}

function ownerTeam(
  index: PlatformIndex,
  entity: PlatformEntityLike,
): { config?: AgentConfigEntity; conflict?: string } {
  const owner = refIn(
    (entity.spec as { owner?: unknown } | undefined)?.owner,
    'group',
    entity.metadata.namespace,
  );
  return owner ? teamConfigOf(index, owner) : {};
}

function selectForComponent(
  index: PlatformIndex,
  component: PlatformEntityLike,
): LayerSelection {
  const target = refOf(component, index);
  const named = component.metadata.annotations?.[ANNOTATION_AGENT_CONFIG];
  const repoConfigs = index.repoConfigsByComponent.get(target) ?? [];
  const observedConfigs: AgentConfigEntity[] = [];
  const declared: AgentConfigEntity[] = [];
  for (const config of repoConfigs) {
    (isObservedRepoConfig(config) ? observedConfigs : declared).push(config);
  }
  if (observedConfigs.length > 1) {
    return {
      ok: false,
      reason: 'conflict',
      message: `${target} has more than one repo config read from its repository (${describe(
        observedConfigs,
      )}).`,
    };
  }
  const observed = observedConfigs[0];

  let team: AgentConfigEntity | undefined;
  let repo: AgentConfigEntity | undefined;
  if (named !== undefined) {
    const ref = refIn(named, 'airesource', component.metadata.namespace);
    const config = ref ? index.configs.get(ref) : undefined;
    if (!config) {
      return {
        ok: false,
        reason: 'not-found',
        message: `${target} names ${named} in its ${ANNOTATION_AGENT_CONFIG} annotation, but no such agent config is in the catalog.`,
      };
    }
    const level = specOf(config).level;
    if (level === 'team') team = config;
    else if (level === 'repo') repo = config;
    else {
      return {
        ok: false,
        reason: 'unsupported',
        message: `${target} names ${ref} in its ${ANNOTATION_AGENT_CONFIG} annotation, which is a ${String(
          level,
        )} config; name a team or repo config.`,
      };
    }
  }
  if (!repo) {
    if (declared.length > 1) {
      return {
        ok: false,
        reason: 'conflict',
        message: `${target} has more than one repo config (${describe(
          declared,
        )}); name one in its ${ANNOTATION_AGENT_CONFIG} annotation.`,
      };
    }
    repo = declared[0] ?? observed;
  }
  if (!team) {
    // The team of a repo config written for another owner is that owner's team.
    const owned = repo ? ownerTeam(index, repo) : ownerTeam(index, component);
    if (owned.conflict) {
      return { ok: false, reason: 'conflict', message: owned.conflict };
    }
    team = owned.config;
  }
  if (!team && !repo) {
    return {
      ok: false,
      reason: 'not-found',
      message: `${target} has no agent config: no repo config names it and its owner has no team config.`,
    };
  }
  return withBase(index, target, { team, repo, observed });
}

/**
 * Chooses the layers that apply to an entity:
 * - a team config: the base and itself;
 * - a repo config: the base, the team config of its owner, and itself;
 * - a Component: its repo config (the one its `agent-platform.io/agent-config`
 *   annotation names, else the one whose `spec.component` names it), else its
 *   owner's team config; the pin found in its repository (the repo config the
 *   catalog module read from the repository) applies over the configs' `extends`;
 * - a Group: the team config it owns.
 *
 * Never throws; a missing or ambiguous config is a reason, for the caller to
 * turn into a not-found or conflict answer.
 *
 * @public
 */
export function selectLayers(
  index: PlatformIndex,
  entity: PlatformEntityLike,
): LayerSelection {
  const target = refOf(entity, index);
  const kind = lower(entity.kind);
  if (kind === 'group') {
    const { config, conflict } = teamConfigOf(index, target);
    if (conflict) return { ok: false, reason: 'conflict', message: conflict };
    if (!config) {
      return {
        ok: false,
        reason: 'not-found',
        message: `${target} owns no team agent config (an AiResource of type agent-config with level team).`,
      };
    }
    return withBase(index, target, { team: config });
  }
  if (kind === 'component') {
    return selectForComponent(index, entity);
  }
  const config = index.configs.get(target);
  const level = config ? specOf(config).level : undefined;
  if (config && level === 'team') {
    return withBase(index, target, { team: config });
  }
  if (config && level === 'repo') {
    const component = refIn(
      specOf(config).component,
      'component',
      config.metadata.namespace,
    );
    const owner = component ? index.components.get(component) : undefined;
    const owned = ownerTeam(index, owner ?? config);
    if (owned.conflict) {
      return { ok: false, reason: 'conflict', message: owned.conflict };
    }
    return withBase(index, target, {
      team: owned.config,
      repo: config,
      ...(isObservedRepoConfig(config) ? { observed: config } : {}),
    });
  }
  return {
    ok: false,
    reason: 'unsupported',
    message: `${target} is not a team or repo agent config, a Component or a Group; it has no effective agent config.`,
  };
}

/**
 * Resolves a selection: the effective config, its violations, and the drift
 * of the applying pin. Never throws.
 *
 * @public
 */
export function resolveSelection(
  index: PlatformIndex,
  selection: Extract<LayerSelection, { ok: true }>,
  now: Date,
): TargetResolution {
  const result = resolveEffectiveConfig(
    {
      base: selection.base,
      team: selection.team,
      repo: selection.repo,
      pin: selection.pin,
      skills: index.catalog.skills,
      mcpServers: index.catalog.mcpServers,
      now,
    },
    cacheOf(index),
  );
  const drift =
    selection.base && result.pin
      ? computeDrift(selection.base, result.pin.ref)
      : undefined;
  return {
    target: selection.target,
    configs: {
      ...(selection.base ? { base: refOf(selection.base, index) } : {}),
      ...(selection.team ? { team: refOf(selection.team, index) } : {}),
      ...(selection.repo ? { repo: refOf(selection.repo, index) } : {}),
    },
    ...result,
    ...(drift ? { drift } : {}),
  };
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
  /** Deprecated skills in some team's effective config, with the team configs using them. */
  skills: Array<{ ref: string; replacedBy?: string; usedBy: string[] }>;
  /** Deprecated MCP servers (lifecycle) in some team's effective config. */
  mcpServers: Array<{ ref: string; usedBy: string[] }>;
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
  /** Totals. */
  totals: {
    teams: number;
    repos: number;
    teamsWithErrors: number;
    teamsBehind: number;
    teamsMissingSecurity: number;
  };
}

function repoOverview(
  index: PlatformIndex,
  component: PlatformEntityLike,
  selection: LayerSelection,
): RepoOverview {
  const ref = refOf(component, index);
  if (!selection.ok) return { component: ref };
  const observedPin = pinOf(selection.observed);
  const configPin = pinOf(selection.repo);
  const repo: RepoOverview = {
    component: ref,
    ...(selection.repo ? { config: refOf(selection.repo, index) } : {}),
  };
  if (observedPin !== undefined) {
    repo.pin = observedPin;
    repo.pinSource = 'repository';
  } else if (configPin !== undefined) {
    repo.pin = configPin;
    repo.pinSource = 'repo-config';
  }
  return repo;
}

/**
 * Builds the platform overview from an index. Each team config is resolved
 * once; repositories contribute their pins only (resolve one with
 * {@link resolveSelection} for its full effective config). Never throws.
 *
 * @public
 */
export function buildPlatformOverview(
  index: PlatformIndex,
  now: Date,
): PlatformOverview {
  // Repositories per team config: the team layer their selection uses.
  const reposByTeam = new Map<string, RepoOverview[]>();
  for (const component of index.catalog.components) {
    const selection = selectForComponent(index, component);
    if (!selection.ok || !selection.team) continue;
    push(
      reposByTeam,
      refOf(selection.team, index),
      repoOverview(index, component, selection),
    );
  }

  const cache = cacheOf(index);
  const driftMemo = new Map<string, DriftReport>();
  const driftOf = (base: BaseAgentConfigEntity, pin: string) => {
    const key = `${base.metadata.name}\u0000${pin}`;
    let drift = driftMemo.get(key);
    if (!drift) {
      drift = computeDrift(base, pin);
      driftMemo.set(key, drift);
    }
    return drift;
  };

  const usage = new Map<string, ReleaseUsage>();
  const releaseFlags = new Map<
    string,
    { security: boolean; deprecated: boolean; withdrawn: boolean }
  >();
  const bases = [...index.bases.values()].map(base => {
    const { releases } = readReleases(base);
    for (const r of releases) {
      const key = `${base.metadata.name}@${r.version}`;
      releaseFlags.set(key, {
        security: r.security === true,
        deprecated: r.deprecated === true,
        withdrawn: r.withdrawn === true,
      });
    }
    const latest = computeDrift(base, '').latest;
    return {
      ref: refOf(base, index),
      ...(latest ? { latest } : {}),
      releases: releases.map(r => r.version).reverse(),
    };
  });
  const singleBase = index.bases.size === 1 ? [...index.bases.keys()][0] : '';
  const usageOf = (pin: string) => {
    const parsed = parsePinRef(pin);
    const key = parsed.ok ? `${parsed.base}@${parsed.version}` : pin.trim();
    let entry = usage.get(key);
    if (!entry) {
      const flags = releaseFlags.get(key);
      // Versions of the only base are shown bare; anything else as written.
      const version =
        parsed.ok && parsed.base === singleBase ? parsed.version : key;
      entry = {
        version,
        known: flags !== undefined,
        security: flags?.security ?? false,
        deprecated: flags?.deprecated ?? false,
        withdrawn: flags?.withdrawn ?? false,
        teams: [],
        repos: [],
      };
      usage.set(key, entry);
    }
    return entry;
  };
  // Every release is listed, used or not.
  for (const key of releaseFlags.keys()) {
    usageOf(key);
  }

  const deprecatedSkills = new Map<
    string,
    { ref: string; replacedBy?: string; usedBy: string[] }
  >();
  const deprecatedServers = new Map<string, string[]>();
  const deprecatedServerRefs = new Set(
    index.catalog.mcpServers
      .filter(s => s.spec?.lifecycle === 'deprecated')
      .map(s => refOf(s)),
  );

  const teams: TeamOverview[] = [];
  for (const configs of index.teamConfigsByOwner.values()) {
    for (const config of configs) {
      const configRef = refOf(config, index);
      const selection = withBase(index, configRef, { team: config });
      if (!selection.ok) continue;
      const result = resolveEffectiveConfig(
        {
          base: selection.base,
          team: config,
          skills: index.catalog.skills,
          mcpServers: index.catalog.mcpServers,
          now,
        },
        cache,
      );
      const pin = pinOf(config);
      const repos = (reposByTeam.get(configRef) ?? []).sort((a, b) =>
        byText(a.component, b.component),
      );
      if (pin !== undefined) usageOf(pin).teams.push(configRef);
      for (const repo of repos) {
        if (repo.pin !== undefined)
          usageOf(repo.pin).repos.push(repo.component);
      }
      for (const skill of result.effective.skills) {
        if (skill.status !== 'deprecated') continue;
        const entry = deprecatedSkills.get(skill.ref) ?? {
          ref: skill.ref,
          ...(skill.replacedBy ? { replacedBy: skill.replacedBy } : {}),
          usedBy: [],
        };
        entry.usedBy.push(configRef);
        deprecatedSkills.set(skill.ref, entry);
      }
      for (const server of result.effective.mcpServers) {
        if (deprecatedServerRefs.has(server.ref)) {
          push(deprecatedServers, server.ref, configRef);
        }
      }
      const owner = refIn(
        specOf(config).owner,
        'group',
        config.metadata.namespace,
      );
      teams.push({
        team: owner ?? '',
        config: configRef,
        ...(pin !== undefined ? { pin } : {}),
        ...(result.release ? { release: result.release } : {}),
        ...(selection.base && pin !== undefined
          ? { drift: driftOf(selection.base, pin) }
          : {}),
        ok: result.ok,
        violations: result.violations,
        excepted: result.excepted,
        repos,
        repoDrift: summarizeTeamDrift(
          pin,
          repos.map(r => ({ repo: r.component, pin: r.pin })),
        ),
        routedModels: [
          ...new Set(
            Object.values(result.effective.modelRouting).map(v => v.value),
          ),
        ].sort(byText),
      });
    }
  }
  teams.sort((a, b) => byText(a.team, b.team) || byText(a.config, b.config));

  const releases = [...usage.values()];
  for (const entry of releases) {
    entry.teams.sort(byText);
    entry.repos.sort(byText);
  }
  // Known releases newest first (by base, then semver); unknown pins after, in text order.
  const semverOf = (entry: ReleaseUsage) => {
    const parsed = parsePinRef(entry.version);
    return parsed.ok ? parsed.version : entry.version;
  };
  const sortedReleases = releases.sort((a, b) => {
    if (a.known !== b.known) return a.known ? -1 : 1;
    if (!a.known) return byText(a.version, b.version);
    const va = semverOf(a);
    const vb = semverOf(b);
    const sameBase = a.version.replace(va, '') === b.version.replace(vb, '');
    if (sameBase) return semverCompare(vb, va);
    return byText(a.version, b.version);
  });
  const sortUsed = <T extends { usedBy: string[] }>(entries: T[]) =>
    entries.map(e => ({ ...e, usedBy: [...e.usedBy].sort(byText) }));

  return {
    bases,
    teams,
    releases: sortedReleases,
    deprecated: {
      releases: sortedReleases.filter(
        r =>
          (r.deprecated || r.withdrawn) && r.teams.length + r.repos.length > 0,
      ),
      skills: sortUsed([...deprecatedSkills.values()]).sort((a, b) =>
        byText(a.ref, b.ref),
      ),
      mcpServers: sortUsed(
        [...deprecatedServers.entries()].map(([ref, usedBy]) => ({
          ref,
          usedBy,
        })),
      ).sort((a, b) => byText(a.ref, b.ref)),
    },
    totals: {
      teams: teams.length,
      repos: teams.reduce((sum, t) => sum + t.repos.length, 0),
      teamsWithErrors: teams.filter(t => !t.ok).length,
      teamsBehind: teams.filter(t => t.drift && t.drift.releasesBehind > 0)
        .length,
      teamsMissingSecurity: teams.filter(t => t.drift?.missedSecurity).length,
    },
  };
}

/**
 * True for a skill the platform offers to install: not deprecated, and its
 * evaluation not failing (`passing`, `pending`, `none` or unset all count as
 * approved; a failing suite blocks it until fixed).
 *
 * @public
 */
export function isApprovedSkill(skill: SkillEntity): boolean {
  return (
    skill.spec?.lifecycle !== 'deprecated' &&
    skill.spec?.evalStatus !== 'failing'
  );
}

/**
 * The MCP servers and skills a resolved config lets its agents use.
 *
 * @public
 */
export interface ApprovedAssets {
  /** Usable servers: approved, or restricted under an unexpired exception; not switched off by a deny. */
  mcpServers: Array<{
    ref: string;
    name: string;
    allowlistStatus: string;
    risk?: string;
    layer: string;
    exception?: { until: string; approvedBy: string };
  }>;
  /** Approved skills of the effective config ({@link isApprovedSkill}). */
  skills: Array<{ ref: string; layer: string }>;
  /** What the effective config lists but may not be used, and why. */
  excluded: Array<{ ref: string; reason: string }>;
}

/**
 * The approved MCP servers and skills of one team, as the backend's
 * `GET /teams/:namespace/:name/approved-assets` answers.
 *
 * @public
 */
export interface TeamApprovedAssets extends ApprovedAssets {
  /** Normalized ref of the group. */
  team: string;
  /** Normalized ref of its team config. */
  config?: string;
  /** The base release its config builds on. */
  release?: TargetResolution['release'];
}

const SERVER_EXCLUSION: Record<string, string> = {
  approved: 'approved',
  restricted: 'restricted, and no unexpired exception covers it',
  denied: 'denied by the allowlist',
  unknown: 'not in the catalog, or never reviewed',
};

function skillExclusion(entity: SkillEntity | undefined): string {
  if (!entity) return 'not in the catalog';
  if (entity.spec.lifecycle === 'deprecated') {
    const replacedBy = entity.spec.replacedBy;
    return `deprecated${replacedBy ? `; use ${replacedBy}` : ''}`;
  }
  return 'its evaluation is failing';
}

/**
 * Splits a resolved config's servers and skills into those its agents may use
 * and those they may not, with the reason. Never throws.
 *
 * @public
 */
export function approvedAssetsOf(
  index: PlatformIndex,
  resolution: EffectiveConfigResult,
): ApprovedAssets {
  const skills = new Map(index.catalog.skills.map(s => [refOf(s), s]));
  const result: ApprovedAssets = { mcpServers: [], skills: [], excluded: [] };
  for (const server of resolution.effective.mcpServers) {
    const exception = resolution.excepted.find(
      e => e.rule === 'mcp-server-restricted' && e.item === server.ref,
    )?.exception;
    if (server.disabledBy) {
      result.excluded.push({
        ref: server.ref,
        reason: `switched off by the deny rule ${server.disabledBy.rule} (${server.disabledBy.layer})`,
      });
    } else if (
      server.allowlistStatus === 'approved' ||
      (server.allowlistStatus === 'restricted' && exception)
    ) {
      result.mcpServers.push({
        ref: server.ref,
        name: server.name,
        allowlistStatus: server.allowlistStatus,
        ...(server.risk ? { risk: server.risk } : {}),
        layer: server.layer,
        ...(exception
          ? {
              exception: {
                until: exception.until,
                approvedBy: exception.approvedBy,
              },
            }
          : {}),
      });
    } else {
      result.excluded.push({
        ref: server.ref,
        reason: SERVER_EXCLUSION[server.allowlistStatus],
      });
    }
  }
  for (const skill of resolution.effective.skills) {
    const entity = skills.get(skill.ref);
    if (entity && isApprovedSkill(entity)) {
      result.skills.push({ ref: skill.ref, layer: skill.layer });
    } else {
      result.excluded.push({ ref: skill.ref, reason: skillExclusion(entity) });
    }
  }
  return result;
}
