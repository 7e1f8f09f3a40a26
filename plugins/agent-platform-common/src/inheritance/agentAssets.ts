import {
  isRuleEntity,
  isSubagentEntity,
  RuleEntity,
  SubagentEntity,
} from '../model/AgentAssetEntities';
import { parsePermissionRule } from '../parsers/permissionRule';
import {
  permissionRuleCovers,
  permissionRulesOverlap,
} from '../parsers/permissionRuleMatch';
import {
  byText,
  ownerRefOf,
  PlatformIndex,
  refIn,
  refOf,
  specOf,
} from './platformIndex';
import type { TargetResolution } from './selectLayers';
import type { EffectiveConfigResult } from './resolveEffectiveConfig';
import type { AgentConfigEntity } from '../model';
import { layerId } from './layers';
import type {
  EffectiveConfig,
  EffectiveRule,
  FederationViolation,
} from './types';

/**
 * What the effective permission rules make of one tool an asset may use.
 * `denied`: a deny rule covers every use; `partly-denied`: a deny rule covers
 * some uses; `ask`: an ask rule covers it; `allowed`: no deny or ask rule
 * touches it; `invalid`: not a tool name or rule Claude Code reads.
 *
 * @public
 */
export interface AssetToolAccess {
  /** The tool as the asset names it, e.g. `Bash(git push *)` or `mcp__github__create_issue`. */
  tool: string;
  /** How the effective rules treat it. */
  access: 'allowed' | 'ask' | 'denied' | 'partly-denied' | 'invalid';
  /** The deny or ask rule that decides it, and the layer that states it. */
  rule?: { rule: string; layer: string };
}

const find = (
  rules: EffectiveRule[],
  test: (rule: string) => boolean,
): EffectiveRule | undefined => rules.find(r => test(r.rule));

/**
 * Checks the tools an asset (a subagent's `tools`, a skill's `allowed-tools`)
 * names against effective permissions, deny first then ask, as Claude Code
 * evaluates them. Nothing for an asset that names no tools.
 *
 * @public
 */
export function checkAssetTools(
  tools: readonly string[] | undefined,
  permissions: EffectiveConfig['permissions'],
): AssetToolAccess[] {
  return (tools ?? []).map(tool => {
    if (!parsePermissionRule(tool).rule) {
      return { tool, access: 'invalid' as const };
    }
    const deny = find(permissions.deny, r => permissionRuleCovers(r, tool));
    if (deny) {
      return {
        tool,
        access: 'denied' as const,
        rule: { rule: deny.rule, layer: deny.layer },
      };
    }
    const partly = find(permissions.deny, r => permissionRulesOverlap(r, tool));
    if (partly) {
      return {
        tool,
        access: 'partly-denied' as const,
        rule: { rule: partly.rule, layer: partly.layer },
      };
    }
    const ask = find(permissions.ask, r => permissionRuleCovers(r, tool));
    if (ask) {
      return {
        tool,
        access: 'ask' as const,
        rule: { rule: ask.rule, layer: ask.layer },
      };
    }
    return { tool, access: 'allowed' as const };
  });
}

/**
 * Where an asset comes to a team or repository from: the org (registry, org
 * scope, or a base release for skills), the team (its own), or the repository.
 *
 * @public
 */
export type AssetSource = 'org' | 'team' | 'repo';

/** Fields every row of {@link EntityAgentAssets} has. @public */
export interface AgentAssetRow {
  /** Normalized ref. */
  ref: string;
  /** Title, or name. */
  title: string;
  /** Description, when any. */
  description?: string;
  /** Exact version, when set. */
  version?: string;
  /** Lifecycle. */
  lifecycle?: string;
  /** Normalized owner ref. */
  owner?: string;
  /** Inherited from the org, the team's own, or the repository's. */
  source: AssetSource;
  /** For repo assets: the Component that defines it. */
  component?: string;
}

/**
 * The skills, subagents and rules that apply to a team or repository, and
 * what the effective rules make of the tools they use: the answer of
 * `GET /entities/:kind/:namespace/:name/agent-assets`.
 *
 * @public
 */
export interface EntityAgentAssets {
  /** Normalized ref of the Group or Component asked about. */
  target: string;
  /** Skills of the effective config. */
  skills: Array<AgentAssetRow & { layer: string; evalStatus?: string }>;
  /** Subagents, with each tool's access; `tools` absent means every tool of the session. */
  subagents: Array<
    AgentAssetRow & { model?: string; tools?: AssetToolAccess[] }
  >;
  /** Rules, with the globs that scope them. */
  rules: Array<AgentAssetRow & { paths?: string[] }>;
  /** A subagent tool that the effective rules deny: the agent will be refused it. */
  violations: Array<{
    rule: 'subagent-tool-denied';
    /** `error` for the team's or repository's own subagent, `warning` for an org one. */
    severity: 'error' | 'warning';
    item: string;
    asset: string;
    message: string;
    conflictsWith: { item: string; layer: string };
  }>;
}

function rowOf(
  entity: {
    kind: string;
    spec?: unknown;
    metadata: {
      name: string;
      title?: string;
      description?: string;
      namespace?: string;
    };
  },
  index: PlatformIndex,
  source: AssetSource,
): AgentAssetRow {
  const spec = specOf(entity);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const owner = ownerRefOf(entity);
  const component = refIn(
    spec.component,
    'component',
    entity.metadata.namespace,
  );
  return {
    ref: refOf(entity, index),
    title: entity.metadata.title ?? entity.metadata.name,
    ...(entity.metadata.description
      ? { description: entity.metadata.description }
      : {}),
    ...(str(spec.version) ? { version: str(spec.version) } : {}),
    ...(str(spec.lifecycle) ? { lifecycle: str(spec.lifecycle) } : {}),
    ...(owner ? { owner } : {}),
    source,
    ...(component ? { component } : {}),
  };
}

/**
 * Which subagents and rules reach a target, and from where: org-scoped ones
 * reach everyone; team-scoped ones their owner team and its repositories;
 * repo-scoped ones their Component (and, on a team's page, the team that
 * owns it).
 */
function sourceFor(
  entity: SubagentEntity | RuleEntity,
  target: { team?: string; components: ReadonlySet<string> },
): AssetSource | undefined {
  const spec = specOf(entity);
  const component = refIn(
    spec.component,
    'component',
    entity.metadata.namespace,
  );
  if (component || spec.scope === 'repo') {
    return component && target.components.has(component) ? 'repo' : undefined;
  }
  if (spec.scope === 'team') {
    return target.team && ownerRefOf(entity) === target.team
      ? 'team'
      : undefined;
  }
  return 'org';
}

/**
 * A team config's resolution with its subagent violations (see
 * `teamSubagentViolations`) added to its own: what the snapshot's team row and
 * the team's effective config both answer. The result itself when there are
 * none.
 */
export function withTeamSubagentViolations<
  T extends Pick<EffectiveConfigResult, 'effective' | 'violations' | 'ok'>,
>(index: PlatformIndex, team: AgentConfigEntity, result: T): T {
  const owner = ownerRefOf(team);
  if (!owner) return result;
  const found = teamSubagentViolations(
    index,
    owner,
    layerId('team', team.metadata.name),
    result.effective.permissions,
  );
  if (found.length === 0) return result;
  return {
    ...result,
    violations: [...result.violations, ...found],
    ok: result.ok && !found.some(v => v.severity === 'error'),
  };
}

/** A subagent's tools that a deny rule refuses, as violations. */
function deniedToolViolations(
  row: AgentAssetRow,
  tools: AssetToolAccess[] | undefined,
): EntityAgentAssets['violations'] {
  const found: EntityAgentAssets['violations'] = [];
  for (const t of tools ?? []) {
    if (t.access !== 'denied' || !t.rule) continue;
    found.push({
      rule: 'subagent-tool-denied',
      severity: row.source === 'org' ? 'warning' : 'error',
      item: t.tool,
      asset: row.ref,
      message: `The subagent ${row.title} lists ${t.tool}, which the deny rule ${t.rule.rule} (${t.rule.layer}) refuses: the subagent cannot use it here`,
      conflictsWith: { item: t.rule.rule, layer: t.rule.layer },
    });
  }
  return found;
}

/**
 * The violations of a team's own and the org's subagents against the team's
 * effective permissions, as the snapshot stores them with the team's other
 * violations (`layer`: the team config's layer). A repository's own
 * subagents are judged on its page, against the repository's rules.
 */
function teamSubagentViolations(
  index: PlatformIndex,
  team: string,
  layer: string,
  permissions: EffectiveConfig['permissions'],
): FederationViolation[] {
  const found: FederationViolation[] = [];
  const none = new Set<string>();
  for (const entity of index.agentAssets.values()) {
    if (!isSubagentEntity(entity) || !entity.spec.tools) continue;
    const source = sourceFor(entity, { team, components: none });
    if (source !== 'org' && source !== 'team') continue;
    const row = rowOf(entity, index, source);
    const tools = checkAssetTools(entity.spec.tools, permissions);
    for (const v of deniedToolViolations(row, tools)) {
      found.push({
        rule: v.rule,
        severity: v.severity,
        layer,
        item: v.item,
        message: `The subagent ${v.asset} lists ${v.item}, which the deny rule ${v.conflictsWith.item} (${v.conflictsWith.layer}) refuses: the subagent cannot use it for this team`,
        conflictsWith: v.conflictsWith,
        asset: v.asset,
      });
    }
  }
  return found;
}

/**
 * The skills, subagents and rules of a Group or Component (see
 * {@link EntityAgentAssets}), from the platform index and the target's
 * resolved config.
 *
 * @public
 */
export function agentAssetsOf(
  index: PlatformIndex,
  resolution: TargetResolution,
): EntityAgentAssets {
  const target = resolution.target;
  const isGroup = target.startsWith('group:');
  const component = isGroup ? undefined : index.components.get(target);
  let team: string | undefined = target;
  if (!isGroup) team = component ? ownerRefOf(component) : undefined;
  const components = new Set<string>(
    isGroup ? index.componentsByOwner.get(target) ?? [] : [target],
  );
  const skillsByRef = new Map(
    index.catalog.skills.map(s => [refOf(s, index), s]),
  );
  const skills = resolution.effective.skills.map(s => {
    const entity = skillsByRef.get(s.ref);
    let source: AssetSource = 'org';
    if (s.layer.startsWith('repo:')) source = 'repo';
    else if (s.layer.startsWith('team:')) source = 'team';
    const row = entity
      ? rowOf(entity, index, source)
      : { ref: s.ref, title: s.ref.split('/').pop() ?? s.ref, source };
    const evalStatus = entity?.spec.evalStatus;
    return { ...row, layer: s.layer, ...(evalStatus ? { evalStatus } : {}) };
  });

  const violations: EntityAgentAssets['violations'] = [];
  const subagents: EntityAgentAssets['subagents'] = [];
  const rules: EntityAgentAssets['rules'] = [];
  for (const entity of index.agentAssets.values()) {
    const source = sourceFor(entity, { team, components });
    if (!source) continue;
    const row = rowOf(entity, index, source);
    if (isSubagentEntity(entity)) {
      const tools = entity.spec.tools
        ? checkAssetTools(entity.spec.tools, resolution.effective.permissions)
        : undefined;
      violations.push(...deniedToolViolations(row, tools));
      subagents.push({
        ...row,
        ...(entity.spec.model ? { model: entity.spec.model } : {}),
        ...(tools ? { tools } : {}),
      });
    } else if (isRuleEntity(entity)) {
      rules.push({
        ...row,
        ...(entity.spec.paths ? { paths: entity.spec.paths } : {}),
      });
    }
  }
  const order = (a: AgentAssetRow, b: AgentAssetRow) => byText(a.ref, b.ref);
  return {
    target,
    skills: skills.sort(order),
    subagents: subagents.sort(order),
    rules: rules.sort(order),
    violations,
  };
}

/**
 * The text of a skill (its SKILL.md), a subagent (its prompt) or a rule: the
 * answer of `GET /assets/:namespace/:name/document`.
 *
 * @public
 */
export interface AssetDocument {
  /** Normalized ref. */
  ref: string;
  /** `skill`, `subagent` or `rule`. */
  type: string;
  /** Where the text was read from (`file:` or `url:`). */
  source: string;
  /** The YAML frontmatter as written, when any. */
  frontmatter?: string;
  /** The Markdown after the frontmatter: the instructions or the prompt. */
  body: string;
}
