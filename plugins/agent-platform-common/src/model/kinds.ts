/**
 * The `apiVersion` of every entity the suite reads; all of them are upstream kinds.
 *
 * @public
 */
export const AGENT_PLATFORM_API_VERSION = 'backstage.io/v1alpha1' as const;

/**
 * Upstream kind that holds skills and agent configs.
 *
 * @public
 */
export const AI_RESOURCE_KIND = 'AiResource' as const;

/**
 * Upstream kind that holds MCP servers (with `spec.type: mcp-server`).
 *
 * @public
 */
export const API_KIND = 'API' as const;

/**
 * `spec.type` of an `AiResource` that is a skill.
 *
 * @public
 */
export const SKILL_SPEC_TYPE = 'skill' as const;

/**
 * `spec.type` of an `API` that is an MCP server.
 *
 * @public
 */
export const MCP_SERVER_SPEC_TYPE = 'mcp-server' as const;

/**
 * `spec.type` of an `AiResource` that is an agent config (base, team or repo level).
 *
 * @public
 */
export const AGENT_CONFIG_SPEC_TYPE = 'agent-config' as const;

/**
 * `spec.type` of an `AiResource` that is a Claude Code subagent
 * (`.claude/agents/<name>.md`). Upstream's AI model has no type for agents;
 * the suite adds this one through its catalog model layer.
 *
 * @public
 */
export const SUBAGENT_SPEC_TYPE = 'subagent' as const;

/**
 * `spec.type` of an `AiResource` that is a rule (upstream's `rule` type):
 * here a Claude Code rule file (`.claude/rules/*.md`).
 *
 * @public
 */
export const RULE_SPEC_TYPE = 'rule' as const;
