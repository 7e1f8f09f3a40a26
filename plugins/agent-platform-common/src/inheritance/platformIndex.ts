import type {
  AgentConfigEntity,
  RuleEntity,
  SubagentEntity,
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
import { ParsedPin, readPin } from '../parsers/pin';
import {
  createResolutionCache,
  ResolutionCache,
} from './resolveEffectiveConfig';

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
  /** Subagents and rules. */
  agentAssets?: Array<SubagentEntity | RuleEntity>;
}

/**
 * The catalog indexed for resolution: built once, queried many times. It owns
 * what is computed once per entity (refs, pins) and the resolution cache, so
 * their lifetime is the index's.
 *
 * @public
 */
export interface PlatformIndex {
  /** The catalog it holds (skills and servers are replaced as they change). */
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
  /** Subagents and rules by normalized ref. */
  agentAssets: Map<string, SubagentEntity | RuleEntity>;
  /** Components by the normalized ref of their owner. */
  componentsByOwner: Map<string, string[]>;
  /** Components by the agent config their annotation names. */
  componentsByNamedConfig: Map<string, string[]>;
  /** The normalized ref of each indexed entity, computed once. */
  refs: Map<object, string>;
  /** The pin (`spec.extends`, or the observed pin) of each config, read once. */
  pins: Map<object, ParsedPin | undefined>;
  /** Pins by text: the same few pins repeat across every team and repository. */
  pinTexts: Map<string, ParsedPin>;
  /** What resolutions against this index share (base release reads and merges). */
  resolutionCache: ResolutionCache;
}

/** Refs are lower-case ASCII: code-point order is their order, and much cheaper than localeCompare. */
export const byText = (a: string, b: string) => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};

/** The spec of an entity as a record. */
export function specOf(entity: { spec?: unknown }): Record<string, unknown> {
  return isRecord(entity.spec) ? entity.spec : {};
}

// A ref already in normal form (`kind:namespace/name`, lower case, as the
// catalog writes them) needs no parsing.
const NORMAL_REF = /^[a-z0-9_.-]+:[a-z0-9_.-]+\/[a-z0-9_.-]+$/;

/** A ref named in an entity's spec, normalized; without a namespace, the entity's own. */
export function refIn(
  value: unknown,
  defaultKind: string,
  namespace: string | undefined,
): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (NORMAL_REF.test(value)) return value;
  const text = value.trim();
  if (!namespace || namespace === 'default' || text.includes('/')) {
    return normalizeEntityRef(text, defaultKind);
  }
  const withNamespace = text.includes(':')
    ? text.replace(':', `:${namespace}/`)
    : `${namespace}/${text}`;
  return normalizeEntityRef(withNamespace, defaultKind);
}

/** Appends to a list in a map of lists. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function removeListed<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (!list) return;
  const rest = list.filter(v => v !== value);
  if (rest.length) map.set(key, rest);
  else map.delete(key);
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

/** The normalized ref of an entity, from the index when it was indexed. */
export function refOf(
  entity: Parameters<typeof entityRefOf>[0],
  index?: PlatformIndex,
): string {
  return (index && index.refs.get(entity)) ?? entityRefOf(entity);
}

/** The pin an agent config names, read once per entity. */
export function pinOf(
  index: PlatformIndex,
  entity: AgentConfigEntity | undefined,
): ParsedPin | undefined {
  if (!entity) return undefined;
  const known = index.pins.get(entity);
  if (known !== undefined || index.pins.has(entity)) return known;
  const value = specOf(entity).extends;
  let pin: ParsedPin | undefined;
  if (typeof value === 'string') {
    pin = index.pinTexts.get(value);
    if (!pin) {
      pin = readPin(value);
      index.pinTexts.set(value, pin);
    }
  }
  index.pins.set(entity, pin);
  return pin;
}

/** The owner group of a team config, or of a Component. */
export function ownerRefOf(entity: {
  spec?: unknown;
  metadata: { namespace?: string };
}): string | undefined {
  return refIn(
    (entity.spec as { owner?: unknown } | undefined)?.owner,
    'group',
    entity.metadata.namespace,
  );
}

/** Adds an agent config to the index (replacing one with the same ref first). */
export function indexConfig(index: PlatformIndex, config: AgentConfigEntity) {
  if (!isAgentConfigEntity(config)) return;
  const ref = entityRefOf(config);
  const previous = index.configs.get(ref);
  if (previous) unindexConfig(index, ref);
  index.refs.set(config, ref);
  index.configs.set(ref, config);
  const spec = specOf(config);
  const namespace = config.metadata.namespace;
  if (spec.level === 'base') {
    if (!index.bases.has(config.metadata.name)) {
      index.bases.set(config.metadata.name, config as BaseAgentConfigEntity);
    }
  } else if (spec.level === 'team') {
    const owner = refIn(spec.owner, 'group', namespace);
    if (owner) push(index.teamConfigsByOwner, owner, config);
  } else if (spec.level === 'repo') {
    const component = refIn(spec.component, 'component', namespace);
    if (component) push(index.repoConfigsByComponent, component, config);
  }
}

/** Removes an agent config from the index; returns it. */
export function unindexConfig(
  index: PlatformIndex,
  ref: string,
): AgentConfigEntity | undefined {
  const config = index.configs.get(ref);
  if (!config) return undefined;
  index.configs.delete(ref);
  index.refs.delete(config);
  index.pins.delete(config);
  const spec = specOf(config);
  const namespace = config.metadata.namespace;
  if (isBaseAgentConfigEntity(config)) {
    if (index.bases.get(config.metadata.name) === config) {
      index.bases.delete(config.metadata.name);
      const other = [...index.configs.values()].find(
        c =>
          isBaseAgentConfigEntity(c) &&
          c.metadata.name === config.metadata.name,
      );
      if (other && isBaseAgentConfigEntity(other)) {
        index.bases.set(other.metadata.name, other);
      }
    }
  } else if (spec.level === 'team') {
    const owner = refIn(spec.owner, 'group', namespace);
    if (owner) removeListed(index.teamConfigsByOwner, owner, config);
  } else if (spec.level === 'repo') {
    const component = refIn(spec.component, 'component', namespace);
    if (component)
      removeListed(index.repoConfigsByComponent, component, config);
  }
  return config;
}

/** Adds a Component to the index (replacing one with the same ref first). */
export function indexComponent(
  index: PlatformIndex,
  component: PlatformEntityLike,
) {
  const ref = entityRefOf(component);
  if (index.components.has(ref)) unindexComponent(index, ref);
  index.refs.set(component, ref);
  index.components.set(ref, component);
  const owner = ownerRefOf(component);
  if (owner) push(index.componentsByOwner, owner, ref);
  const named = component.metadata.annotations?.[ANNOTATION_AGENT_CONFIG];
  const configRef =
    named !== undefined
      ? refIn(named, 'airesource', component.metadata.namespace)
      : undefined;
  if (configRef) push(index.componentsByNamedConfig, configRef, ref);
}

/** Removes a Component from the index; returns it. */
export function unindexComponent(
  index: PlatformIndex,
  ref: string,
): PlatformEntityLike | undefined {
  const component = index.components.get(ref);
  if (!component) return undefined;
  index.components.delete(ref);
  index.refs.delete(component);
  const owner = ownerRefOf(component);
  if (owner) removeListed(index.componentsByOwner, owner, ref);
  const named = component.metadata.annotations?.[ANNOTATION_AGENT_CONFIG];
  const configRef =
    named !== undefined
      ? refIn(named, 'airesource', component.metadata.namespace)
      : undefined;
  if (configRef) removeListed(index.componentsByNamedConfig, configRef, ref);
  return component;
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
    agentAssets: new Map(),
    componentsByOwner: new Map(),
    componentsByNamedConfig: new Map(),
    refs: new Map(),
    pins: new Map(),
    pinTexts: new Map(),
    resolutionCache: createResolutionCache(),
  };
  for (const config of catalog.configs) indexConfig(index, config);
  for (const component of catalog.components) indexComponent(index, component);
  for (const asset of catalog.agentAssets ?? []) {
    index.agentAssets.set(entityRefOf(asset), asset);
  }
  return index;
}
