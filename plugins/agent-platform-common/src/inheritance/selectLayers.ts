import { checkAssetTools, withTeamSubagentViolations } from './agentAssets';
import type {
  AgentConfigEntity,
  BaseAgentConfigEntity,
  McpServerTool,
} from '../model';
import { ANNOTATION_AGENT_CONFIG } from '../model/annotations';
import { ParsedPin } from '../parsers/pin';
import { computeDrift, DriftReport } from './computeDrift';
import {
  byText,
  isObservedRepoConfig,
  ownerRefOf,
  pinOf,
  PlatformEntityLike,
  PlatformIndex,
  refIn,
  refOf,
  specOf,
} from './platformIndex';
import {
  EffectiveConfigResult,
  resolveEffectiveConfig,
} from './resolveEffectiveConfig';

const lower = (text: string) => text.toLocaleLowerCase('en-US');

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
 * An MCP server's declared tool with what the effective rules leave of it:
 * `denied` (a deny rule covers it: agents cannot call it), `ask`,
 * `partly-denied` or `allowed`.
 *
 * @public
 */
export type EffectiveServerTool = McpServerTool & {
  callable: 'allowed' | 'ask' | 'denied' | 'partly-denied';
  /** The deny or ask rule that decides it, and its layer. */
  decidedBy?: { rule: string; layer: string };
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
  /** Where the pin read from the repository stands (file and line), when it was. */
  pinLocation?: { file: string; line: number };
  /**
   * The tools each effective MCP server declares, by server ref (servers
   * without any are left out), each with what the effective rules leave of
   * it (`mcp__<server>__<tool>` checked deny, then ask).
   */
  serverTools?: Record<string, EffectiveServerTool[]>;
}

const describe = (index: PlatformIndex, configs: AgentConfigEntity[]) =>
  configs
    .map(c => refOf(c, index))
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
        index,
        configs,
      )}); a team has exactly one.`,
    };
  }
  return { config: configs[0] };
}

function chooseBase(
  index: PlatformIndex,
  observed: ParsedPin | undefined,
  repo: ParsedPin | undefined,
  team: ParsedPin | undefined,
): BaseAgentConfigEntity | undefined {
  const applying = observed ?? repo ?? team;
  if (applying !== undefined) {
    if (applying.ref.ok) return index.bases.get(applying.ref.base);
  }
  // Without a usable pin, a lone base is still the base (the engine reports the pin).
  return index.bases.size === 1 ? [...index.bases.values()][0] : undefined;
}

/** Completes a selection with the base its pins name. */
export function withBase(
  index: PlatformIndex,
  target: string,
  layers: {
    team?: AgentConfigEntity;
    repo?: AgentConfigEntity;
    observed?: AgentConfigEntity;
  },
): LayerSelection {
  const { team, repo, observed } = layers;
  const pin =
    observed && observed !== repo ? pinOf(index, observed) : undefined;
  const base = chooseBase(index, pin, pinOf(index, repo), pinOf(index, team));
  // Built field by field: this runs for every team and repository of an overview.
  const selection: Extract<LayerSelection, { ok: true }> = { ok: true, target };
  if (base) selection.base = base;
  if (team) selection.team = team;
  if (repo) selection.repo = repo;
  if (pin !== undefined) selection.pin = pin.text;
  if (observed) selection.observed = observed;
  return selection;
}

function ownerTeam(
  index: PlatformIndex,
  entity: PlatformEntityLike,
): { config?: AgentConfigEntity; conflict?: string } {
  const owner = ownerRefOf(entity);
  return owner ? teamConfigOf(index, owner) : {};
}

/** Chooses the layers of a Component (see {@link selectLayers}). */
export function selectForComponent(
  index: PlatformIndex,
  component: PlatformEntityLike,
): LayerSelection {
  const layers = componentLayers(index, component);
  return layers.ok ? withBase(index, layers.target, layers) : layers;
}

/**
 * The team, repo and observed repo config of a Component, without the base
 * (what the snapshot needs to place a repository), or why none apply.
 */
export function componentLayers(
  index: PlatformIndex,
  component: PlatformEntityLike,
):
  | {
      ok: true;
      target: string;
      team?: AgentConfigEntity;
      repo?: AgentConfigEntity;
      observed?: AgentConfigEntity;
    }
  | Extract<LayerSelection, { ok: false }> {
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
        index,
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
          index,
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
  return { ok: true, target, team, repo, observed };
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
  let result = resolveEffectiveConfig(
    {
      base: selection.base,
      team: selection.team,
      repo: selection.repo,
      pin: selection.pin,
      skills: index.catalog.skills,
      mcpServers: index.catalog.mcpServers,
      now,
    },
    index.resolutionCache,
  );
  // A team's own resolution judges its and the org's subagents, as its
  // snapshot row does.
  if (selection.team && !selection.repo) {
    result = withTeamSubagentViolations(index, selection.team, result);
  }
  const drift =
    selection.base && result.pin
      ? computeDrift(selection.base, result.pin.ref)
      : undefined;
  const observedPin = (
    specOf(selection.observed ?? {}).observed as
      | { pin?: { file?: unknown; line?: unknown } }
      | undefined
  )?.pin;
  const pinLocation =
    result.pin?.source === 'input' && typeof observedPin?.file === 'string'
      ? { file: observedPin.file, line: Number(observedPin.line) }
      : undefined;
  const servers = new Map(
    index.catalog.mcpServers.map(s => [refOf(s, index), s] as const),
  );
  const serverTools: Record<string, EffectiveServerTool[]> = {};
  const permissions = result.effective.permissions;
  for (const server of result.effective.mcpServers) {
    const tools = servers.get(server.ref)?.spec?.tools;
    if (!tools?.length) continue;
    const checks = checkAssetTools(
      tools.map(t => `mcp__${server.name}__${t.name}`),
      permissions,
    );
    serverTools[server.ref] = tools.map((tool, i) => {
      const { access, rule } = checks[i];
      return {
        ...tool,
        callable: access === 'invalid' ? 'allowed' : access,
        ...(rule ? { decidedBy: rule } : {}),
      };
    });
  }
  return {
    target: selection.target,
    configs: {
      ...(selection.base ? { base: refOf(selection.base, index) } : {}),
      ...(selection.team ? { team: refOf(selection.team, index) } : {}),
      ...(selection.repo ? { repo: refOf(selection.repo, index) } : {}),
    },
    ...result,
    ...(drift ? { drift } : {}),
    ...(pinLocation ? { pinLocation } : {}),
    ...(Object.keys(serverTools).length ? { serverTools } : {}),
  };
}
