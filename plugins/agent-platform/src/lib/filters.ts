import type { Entity } from '@backstage/catalog-model';
import {
  AGENT_CONFIG_SPEC_TYPE,
  AI_RESOURCE_KIND,
  API_KIND,
  MCP_SERVER_SPEC_TYPE,
  RULE_SPEC_TYPE,
  SKILL_SPEC_TYPE,
  SUBAGENT_SPEC_TYPE,
} from '@agent-platform/plugin-agent-platform-common';

const kindOf = (entity: Entity) => entity.kind.toLocaleLowerCase('en-US');
const specType = (entity: Entity) =>
  typeof entity.spec?.type === 'string' ? entity.spec.type : undefined;

/**
 * True for an `AiResource` of `spec.type: agent-config` (base, team or repo).
 *
 * @public
 */
export function isAgentConfig(entity: Entity): boolean {
  return (
    kindOf(entity) === AI_RESOURCE_KIND.toLocaleLowerCase('en-US') &&
    specType(entity) === AGENT_CONFIG_SPEC_TYPE
  );
}

/**
 * True for an `AiResource` of `spec.type: skill`.
 *
 * @public
 */
export function isSkill(entity: Entity): boolean {
  return (
    kindOf(entity) === AI_RESOURCE_KIND.toLocaleLowerCase('en-US') &&
    specType(entity) === SKILL_SPEC_TYPE
  );
}

/**
 * True for a skill, a subagent or a rule: an `AiResource` with a document
 * (SKILL.md, prompt or rule text) to show.
 *
 * @public
 */
export function hasAssetDocument(entity: Entity): boolean {
  return (
    kindOf(entity) === AI_RESOURCE_KIND.toLocaleLowerCase('en-US') &&
    [SKILL_SPEC_TYPE, SUBAGENT_SPEC_TYPE, RULE_SPEC_TYPE].includes(
      specType(entity) as never,
    )
  );
}

/**
 * True for a Group or a Component: pages that list their skills, subagents and rules.
 *
 * @public
 */
export function hasAgentAssets(entity: Entity): boolean {
  return ['group', 'component'].includes(kindOf(entity));
}

/**
 * True for an `API` of `spec.type: mcp-server`.
 *
 * @public
 */
export function isMcpServer(entity: Entity): boolean {
  return (
    kindOf(entity) === API_KIND.toLocaleLowerCase('en-US') &&
    specType(entity) === MCP_SERVER_SPEC_TYPE
  );
}

/** True for a Group. @public */
export function isGroup(entity: Entity): boolean {
  return kindOf(entity) === 'group';
}

/** True for a Component. @public */
export function isComponent(entity: Entity): boolean {
  return kindOf(entity) === 'component';
}

/** True for a User. @public */
export function isUser(entity: Entity): boolean {
  return kindOf(entity) === 'user';
}

/**
 * True for the org base: an agent config of `spec.level: base`.
 *
 * @public
 */
export function isBaseConfig(entity: Entity): boolean {
  return isAgentConfig(entity) && entity.spec?.level === 'base';
}

/**
 * Where the base version card applies: Groups, Components and team and repo
 * agent configs (a base has releases instead, see {@link isBaseConfig}).
 *
 * @public
 */
export function hasBaseVersion(entity: Entity): boolean {
  return (
    isGroup(entity) ||
    isComponent(entity) ||
    (isAgentConfig(entity) && !isBaseConfig(entity))
  );
}

/**
 * Where the permission scopes card applies: team and repo agent configs,
 * Components, Groups and MCP servers.
 *
 * @public
 */
export function hasPermissionScopes(entity: Entity): boolean {
  return hasBaseVersion(entity) || isMcpServer(entity);
}

/**
 * True for an `AiResource` of `spec.type: subagent`.
 *
 * @public
 */
export function isSubagent(entity: Entity): boolean {
  return (
    kindOf(entity) === AI_RESOURCE_KIND.toLocaleLowerCase('en-US') &&
    specType(entity) === SUBAGENT_SPEC_TYPE
  );
}

/**
 * Where the spend card and tab apply: Groups, Components, Users and
 * subagents (the spend telemetry's `agent.name` gives it).
 *
 * @public
 */
export function hasSpend(entity: Entity): boolean {
  return (
    isGroup(entity) ||
    isComponent(entity) ||
    isUser(entity) ||
    isSubagent(entity)
  );
}
