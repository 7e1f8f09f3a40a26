/**
 * A team or repo agent config extends a base agent config.
 * Source: the team/repo config; target: the base config.
 *
 * @public
 */
export const RELATION_EXTENDS = 'extends' as const;

/**
 * Reverse of {@link RELATION_EXTENDS}: the base config is extended by a team/repo config.
 *
 * @public
 */
export const RELATION_EXTENDED_BY = 'extendedBy' as const;

/**
 * An agent config uses a skill. Source: the config; target: the skill.
 *
 * @public
 */
export const RELATION_USES_SKILL = 'usesSkill' as const;

/**
 * Reverse of {@link RELATION_USES_SKILL}.
 *
 * @public
 */
export const RELATION_SKILL_USED_BY = 'skillUsedBy' as const;

/**
 * An agent config uses an MCP server. Source: the config; target: the `API` entity.
 *
 * @public
 */
export const RELATION_USES_MCP_SERVER = 'usesMcpServer' as const;

/**
 * Reverse of {@link RELATION_USES_MCP_SERVER}.
 *
 * @public
 */
export const RELATION_MCP_SERVER_USED_BY = 'mcpServerUsedBy' as const;

/**
 * A Component (or Group) has an agent config. Source: the Component; target: the config.
 *
 * @public
 */
export const RELATION_HAS_AGENT_CONFIG = 'hasAgentConfig' as const;

/**
 * Reverse of {@link RELATION_HAS_AGENT_CONFIG}.
 *
 * @public
 */
export const RELATION_AGENT_CONFIG_OF = 'agentConfigOf' as const;

/**
 * A deprecated skill is replaced by another. Source: the deprecated skill;
 * target: its replacement.
 *
 * @public
 */
export const RELATION_REPLACED_BY = 'replacedBy' as const;

/**
 * Reverse of {@link RELATION_REPLACED_BY}.
 *
 * @public
 */
export const RELATION_REPLACES = 'replaces' as const;

/**
 * A subagent or rule read from a repository belongs to the repository's
 * Component. Source: the subagent or rule; target: the Component.
 *
 * @public
 */
export const RELATION_DEFINED_IN = 'definedIn' as const;

/**
 * Reverse of {@link RELATION_DEFINED_IN}.
 *
 * @public
 */
export const RELATION_DEFINES = 'defines' as const;

/**
 * One relation type the suite emits, with its reverse.
 *
 * @public
 */
export interface AgentPlatformRelationPair {
  /** The relation type, as stored on the source entity. */
  type: string;
  /** How the graph labels {@link AgentPlatformRelationPair.type}. */
  title: string;
  /** The reverse relation type, as stored on the target entity. */
  reverse: string;
  /** How the graph labels {@link AgentPlatformRelationPair.reverse}. */
  reverseTitle: string;
  /** Kinds the relation starts from. */
  fromKind: string[];
  /** Kinds the relation points to. */
  toKind: string[];
  /** What the relation means, for documentation and UI tooltips. */
  description: string;
}

/**
 * Every relation pair the suite emits. The catalog module registers them in
 * its model layer, so the catalog emits both directions.
 *
 * @public
 */
export const AGENT_PLATFORM_RELATION_PAIRS: readonly AgentPlatformRelationPair[] =
  [
    {
      type: RELATION_EXTENDS,
      title: 'extends',
      reverse: RELATION_EXTENDED_BY,
      reverseTitle: 'extended by',
      fromKind: ['AiResource'],
      toKind: ['AiResource'],
      description: 'A team or repo agent config extends a base agent config.',
    },
    {
      type: RELATION_USES_SKILL,
      title: 'uses skill',
      reverse: RELATION_SKILL_USED_BY,
      reverseTitle: 'skill used by',
      fromKind: ['AiResource'],
      toKind: ['AiResource'],
      description: 'An agent config uses a skill.',
    },
    {
      type: RELATION_USES_MCP_SERVER,
      title: 'uses MCP server',
      reverse: RELATION_MCP_SERVER_USED_BY,
      reverseTitle: 'MCP server used by',
      fromKind: ['AiResource'],
      toKind: ['API'],
      description: 'An agent config uses an MCP server.',
    },
    {
      type: RELATION_AGENT_CONFIG_OF,
      title: 'agent config of',
      reverse: RELATION_HAS_AGENT_CONFIG,
      reverseTitle: 'has agent config',
      fromKind: ['AiResource'],
      toKind: ['Component'],
      description: 'An agent config belongs to a component (repo configs).',
    },
    {
      type: RELATION_REPLACED_BY,
      title: 'replaced by',
      reverse: RELATION_REPLACES,
      reverseTitle: 'replaces',
      fromKind: ['AiResource'],
      toKind: ['AiResource'],
      description: 'A deprecated skill is replaced by another skill.',
    },
    {
      type: RELATION_DEFINED_IN,
      title: 'defined in',
      reverse: RELATION_DEFINES,
      reverseTitle: 'defines',
      fromKind: ['AiResource'],
      toKind: ['Component'],
      description:
        'A subagent or rule read from a repository belongs to its Component.',
    },
  ];
