import type { McpServerEntity, SkillEntity } from '../model';
import {
  entityRefOf,
  normalizeEntityRef,
  parseEntityRefLoose,
} from '../model/entityRef';
import { normalizePermissionRule } from '../parsers/permissionRule';
import {
  memoizedRule,
  permissionRuleCovers,
  PermissionRuleMemo,
} from '../parsers/permissionRuleMatch';
import {
  ConfigLayer,
  EffectiveConfig,
  EffectiveMcpServer,
  EffectiveRule,
  EffectiveSkill,
} from './types';

/**
 * Skills and MCP servers known to the catalog, used to give each effective
 * entry its status.
 *
 * @public
 */
export interface MergeCatalog {
  /** Known skills. */
  skills?: SkillEntity[];
  /** Known MCP servers. */
  mcpServers?: McpServerEntity[];
  /**
   * Memo of the lists above indexed by ref, owned by the caller (a resolution
   * cache) so that repeated merges against the same lists index them once.
   */
  refIndexes?: WeakMap<object, Map<string, unknown>>;
  /** Memo of permission rule answers, owned by the caller. */
  ruleMemo?: PermissionRuleMemo;
}

interface Listed {
  layer: string;
  alsoIn: string[];
}

function note(entry: Listed, layer: string) {
  if (entry.layer !== layer && !entry.alsoIn.includes(layer)) {
    entry.alsoIn.push(layer);
  }
}

/**
 * The key a permission rule is deduplicated by: its canonical spelling, or for
 * a malformed rule its own (trimmed), so that it is still listed and reported.
 *
 * @internal
 */
export function permissionRuleKey(rule: string): string {
  return normalizePermissionRule(rule) ?? rule.trim();
}

function ruleKey(rule: string, memo: PermissionRuleMemo | undefined) {
  if (!memo) return permissionRuleKey(rule);
  return memoizedRule(rule, memo).rule?.normalized ?? rule.trim();
}

function mergeRules(
  target: EffectiveRule[],
  rules: string[],
  layer: string,
  memo: PermissionRuleMemo | undefined,
) {
  for (const rule of rules) {
    const key = ruleKey(rule, memo);
    const existing = target.find(entry => entry.key === key);
    if (existing) {
      note(existing, layer);
    } else {
      target.push({ rule: rule.trim(), key, layer, alsoIn: [] });
    }
  }
}

function indexByRef<T extends SkillEntity | McpServerEntity>(
  entities: T[],
  memo: WeakMap<object, Map<string, unknown>> | undefined,
): Map<string, T> {
  let index = memo?.get(entities) as Map<string, T> | undefined;
  if (!index) {
    index = new Map(entities.map(e => [entityRefOf(e), e] as const));
    memo?.set(entities, index);
  }
  return index;
}

// Already normal (`kind:namespace/name`, lower case): nothing to parse.
const NORMAL_REF = /^[a-z0-9_.-]+:[a-z0-9_.-]+\/[a-z0-9_.-]+$/;

function refKey(ref: string, defaultKind: string): string {
  if (NORMAL_REF.test(ref)) return ref;
  return normalizeEntityRef(ref, defaultKind) ?? ref.trim();
}

/**
 * Normalized ref of a skill as listed in a config (kind defaults to AiResource).
 *
 * @public
 */
export function skillRefKey(ref: string): string {
  return refKey(ref, 'AiResource');
}

/**
 * Normalized ref of an MCP server as listed in a config (kind defaults to API).
 *
 * @public
 */
export function mcpServerRefKey(ref: string): string {
  return refKey(ref, 'API');
}

function skillEntry(
  ref: string,
  layer: string,
  known: Map<string, SkillEntity>,
): EffectiveSkill {
  const entity = known.get(ref);
  if (!entity) {
    return { ref, layer, alsoIn: [], status: 'unknown' };
  }
  if (entity.spec?.lifecycle === 'deprecated') {
    return {
      ref,
      layer,
      alsoIn: [],
      status: 'deprecated',
      ...(entity.spec.replacedBy ? { replacedBy: entity.spec.replacedBy } : {}),
    };
  }
  return { ref, layer, alsoIn: [], status: 'active' };
}

function serverEntry(
  ref: string,
  layer: string,
  known: Map<string, McpServerEntity>,
): EffectiveMcpServer {
  const entity = known.get(ref);
  const name =
    entity?.metadata.name ?? parseEntityRefLoose(ref, 'API')?.name ?? ref;
  const status = entity?.spec?.allowlist?.status;
  return {
    ref,
    name,
    layer,
    alsoIn: [],
    allowlistStatus:
      status === 'approved' || status === 'restricted' || status === 'denied'
        ? status
        : 'unknown',
    ...(entity?.spec?.risk ? { risk: entity.spec.risk } : {}),
  };
}

/**
 * Merges layers, broadest first, the way Claude Code merges settings files:
 * lists (skills, MCP servers, allow/ask/deny rules) are unioned and
 * deduplicated, keeping the broadest layer as the source and noting the
 * others in `alsoIn`; scalars (defaultMode, each model role, budgets) come
 * from the most specific layer that sets them. A server switched off by a
 * server-wide deny rule (`mcp__<name>`) gets `disabledBy`.
 *
 * Merging is pure, and idempotent for repeated identical layers. Federation
 * rules are checked separately.
 *
 * @public
 */
export function mergeLayers(
  layers: ConfigLayer[],
  catalog: MergeCatalog = {},
): EffectiveConfig {
  const effective = emptyEffectiveConfig();
  for (const layer of layers) {
    mergeInto(effective, layer, catalog);
  }
  markDisabledServers(effective);
  return effective;
}

/**
 * Merges one more layer onto the merge of the layers above it, without
 * re-merging those: `mergeOnto(mergeLayers(layers), layer)` equals
 * `mergeLayers([...layers, layer])`. `upstream` is not changed, so one merge
 * of a base release can be shared by every team that pins it.
 *
 * @internal
 */
export function mergeOnto(
  upstream: EffectiveConfig,
  layer: ConfigLayer,
  catalog: MergeCatalog = {},
): EffectiveConfig {
  const effective = cloneEffectiveConfig(upstream);
  mergeInto(effective, layer, catalog);
  markDisabledServers(effective);
  return effective;
}

function emptyEffectiveConfig(): EffectiveConfig {
  return {
    layers: [],
    skills: [],
    mcpServers: [],
    permissions: { allow: [], ask: [], deny: [] },
    modelRouting: {},
    budget: {},
  };
}

const copyRules = (rules: EffectiveRule[]) =>
  rules.map(r => ({ ...r, alsoIn: [...r.alsoIn] }));

function cloneEffectiveConfig(source: EffectiveConfig): EffectiveConfig {
  const { defaultMode, destructiveTools } = source.permissions;
  const modelRouting: EffectiveConfig['modelRouting'] = {};
  for (const [role, value] of Object.entries(source.modelRouting)) {
    modelRouting[role] = { ...value };
  }
  const budget: EffectiveConfig['budget'] = {};
  if (source.budget.monthlyUsdCap) {
    budget.monthlyUsdCap = { ...source.budget.monthlyUsdCap };
  }
  if (source.budget.monthlyUsd) {
    budget.monthlyUsd = { ...source.budget.monthlyUsd };
  }
  // Built field by field: a spread ahead of new fields takes V8's slow path,
  // and this runs once per team and repository resolved.
  const clone: EffectiveConfig = {
    layers: [...source.layers],
    skills: source.skills.map(s => ({ ...s, alsoIn: [...s.alsoIn] })),
    // disabledBy is recomputed over the merged deny rules.
    mcpServers: source.mcpServers.map(({ disabledBy: _d, ...s }) => ({
      ...s,
      alsoIn: [...s.alsoIn],
    })),
    permissions: {
      allow: copyRules(source.permissions.allow),
      ask: copyRules(source.permissions.ask),
      deny: copyRules(source.permissions.deny),
      ...(defaultMode ? { defaultMode: { ...defaultMode } } : {}),
      ...(destructiveTools
        ? { destructiveTools: { ...destructiveTools } }
        : {}),
    },
    modelRouting,
    budget,
  };
  if (source.hooks) clone.hooks = source.hooks.map(h => ({ ...h }));
  return clone;
}

function mergeInto(
  effective: EffectiveConfig,
  { id, content }: ConfigLayer,
  catalog: MergeCatalog,
) {
  const skills = indexByRef(catalog.skills ?? [], catalog.refIndexes);
  const servers = indexByRef(catalog.mcpServers ?? [], catalog.refIndexes);
  if (!effective.layers.includes(id)) {
    effective.layers.push(id);
  }
  for (const raw of content.skills) {
    const ref = skillRefKey(raw);
    const existing = effective.skills.find(s => s.ref === ref);
    if (existing) note(existing, id);
    else effective.skills.push(skillEntry(ref, id, skills));
  }
  for (const raw of content.mcpServers) {
    const ref = mcpServerRefKey(raw);
    const existing = effective.mcpServers.find(s => s.ref === ref);
    if (existing) note(existing, id);
    else effective.mcpServers.push(serverEntry(ref, id, servers));
  }
  mergeRules(
    effective.permissions.allow,
    content.permissions.allow,
    id,
    catalog.ruleMemo,
  );
  mergeRules(
    effective.permissions.ask,
    content.permissions.ask,
    id,
    catalog.ruleMemo,
  );
  mergeRules(
    effective.permissions.deny,
    content.permissions.deny,
    id,
    catalog.ruleMemo,
  );
  if (content.permissions.defaultMode !== undefined) {
    effective.permissions.defaultMode = {
      value: content.permissions.defaultMode,
      layer: id,
    };
  }
  if (content.permissions.destructiveTools !== undefined) {
    effective.permissions.destructiveTools = {
      value: content.permissions.destructiveTools,
      layer: id,
    };
  }
  for (const [role, model] of Object.entries(content.modelRouting)) {
    effective.modelRouting[role] = { value: model, layer: id };
  }
  if (content.budget.monthlyUsdCap !== undefined) {
    effective.budget.monthlyUsdCap = {
      value: content.budget.monthlyUsdCap,
      layer: id,
    };
  }
  if (content.budget.monthlyUsd !== undefined) {
    effective.budget.monthlyUsd = {
      value: content.budget.monthlyUsd,
      layer: id,
    };
  }
  if (content.hooks && content.hooks.length > 0) {
    effective.hooks = [
      ...(effective.hooks ?? []),
      ...content.hooks.map(h => ({ ...h, layer: id })),
    ];
  }
}

function markDisabledServers(effective: EffectiveConfig) {
  // Only an MCP rule can cover a whole server (other tools' names are literal),
  // so the other deny rules need no comparison.
  const mcpDenies = effective.permissions.deny.filter(d =>
    d.key.startsWith('mcp__'),
  );
  for (const server of effective.mcpServers) {
    const deny = mcpDenies.find(d =>
      permissionRuleCovers(d.rule, `mcp__${server.name}`),
    );
    if (deny) {
      server.disabledBy = { rule: deny.rule, layer: deny.layer };
    }
  }
}
