import {
  EntityMetadataLike,
  EntityRelationLike,
  hasKindAndSpecType,
} from './common';
import {
  AGENT_PLATFORM_API_VERSION,
  AI_RESOURCE_KIND,
  RULE_SPEC_TYPE,
  SUBAGENT_SPEC_TYPE,
} from './kinds';
import type { JsonSchemaObject } from './jsonSchemas';
import { ASSET_SCOPES, AssetScope, EXACT_SEMVER_PATTERN } from './values';

/**
 * The fields every subagent and rule entity shares: upstream's `AiResource`
 * fields plus the suite's governance fields.
 *
 * @public
 */
export interface AgentAssetSpecBase {
  /** `experimental`, `production` or `deprecated`. */
  lifecycle: string;
  /** Entity ref of the owner. */
  owner: string;
  /** Entity ref of the system, when any. */
  system?: string;
  /** Ours: exact semver, when the file's `metadata.version` sets one. */
  version?: string;
  /** Ours: `org`, `team` (registry) or `repo` (read from a repository). */
  scope?: AssetScope;
  /** Ours: ref of the Component whose repository defines it (`repo` scope). */
  component?: string;
}

/**
 * Spec of a subagent (`.claude/agents/<name>.md`).
 *
 * @public
 */
export interface SubagentEntitySpec extends AgentAssetSpecBase {
  /** Always `subagent`. */
  type: typeof SUBAGENT_SPEC_TYPE;
  /** The tools it may use, as written; absent means every tool of the session. */
  tools?: string[];
  /** `sonnet`, `opus`, `haiku`, `inherit` or a full model id. */
  model?: string;
  /** Its `permissionMode`, when set. */
  permissionMode?: string;
  /** Skills it preloads, as entity refs. */
  skills?: string[];
}

/**
 * A subagent: `AiResource` with `spec.type: subagent`.
 *
 * @public
 */
export interface SubagentEntity {
  apiVersion: typeof AGENT_PLATFORM_API_VERSION;
  kind: typeof AI_RESOURCE_KIND;
  metadata: EntityMetadataLike;
  spec: SubagentEntitySpec;
  relations?: EntityRelationLike[];
}

/**
 * Spec of a rule (`.claude/rules/*.md`) on upstream's `rule` type, which
 * requires `category` and `rationale`.
 *
 * @public
 */
export interface RuleEntitySpec extends AgentAssetSpecBase {
  /** Always `rule`. */
  type: typeof RULE_SPEC_TYPE;
  /** Upstream: the category, e.g. `security`. */
  category: string;
  /** Upstream: why the rule exists (the file's description or first paragraph). */
  rationale: string;
  /** Upstream: disciplines. */
  disciplines?: string[];
  /** Ours: the `paths:` globs that scope it; absent means it always loads. */
  paths?: string[];
}

/**
 * A rule: `AiResource` with `spec.type: rule`.
 *
 * @public
 */
export interface RuleEntity {
  apiVersion: typeof AGENT_PLATFORM_API_VERSION;
  kind: typeof AI_RESOURCE_KIND;
  metadata: EntityMetadataLike;
  spec: RuleEntitySpec;
  relations?: EntityRelationLike[];
}

/**
 * Type guard: an `AiResource` with `spec.type: subagent`.
 *
 * @public
 */
export function isSubagentEntity(entity: unknown): entity is SubagentEntity {
  return hasKindAndSpecType(entity, AI_RESOURCE_KIND, SUBAGENT_SPEC_TYPE);
}

/**
 * Type guard: an `AiResource` with `spec.type: rule`.
 *
 * @public
 */
export function isRuleEntity(entity: unknown): entity is RuleEntity {
  return hasKindAndSpecType(entity, AI_RESOURCE_KIND, RULE_SPEC_TYPE);
}

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

const stringList = (description: string): JsonSchemaObject => ({
  type: 'array',
  description,
  items: { type: 'string', minLength: 1 },
});

const governance: JsonSchemaObject = {
  version: {
    type: 'string',
    pattern: EXACT_SEMVER_PATTERN.source,
    description: 'Semver of the asset.',
  },
  scope: { type: 'string', enum: [...ASSET_SCOPES] },
  component: {
    type: 'string',
    minLength: 1,
    description: 'Ref of the Component whose repository defines it.',
  },
};

/**
 * JSON schema (draft-07) of a subagent's `spec`. Extra properties are allowed.
 *
 * @public
 */
export const subagentSpecJsonSchema: JsonSchemaObject = {
  $schema: DRAFT_07,
  $id: 'AgentPlatformSubagentSpec',
  description:
    'Spec of an AiResource of type subagent (a Claude Code subagent).',
  type: 'object',
  required: ['type', 'lifecycle', 'owner'],
  properties: {
    type: { type: 'string', enum: [SUBAGENT_SPEC_TYPE] },
    lifecycle: { type: 'string', minLength: 1 },
    owner: { type: 'string', minLength: 1 },
    tools: stringList('Tools the subagent may use; absent means all.'),
    model: { type: 'string', minLength: 1 },
    permissionMode: { type: 'string', minLength: 1 },
    skills: stringList('Refs of the skills it preloads.'),
    ...governance,
  },
};

/**
 * JSON schema (draft-07) of the suite's fields on a rule's `spec`; upstream's
 * rule schema (category, rationale) still applies.
 *
 * @public
 */
export const ruleSpecJsonSchema: JsonSchemaObject = {
  $schema: DRAFT_07,
  $id: 'AgentPlatformRuleSpec',
  description:
    'Spec of an AiResource of type rule, with Agent Platform fields.',
  type: 'object',
  required: ['type', 'lifecycle', 'owner', 'category', 'rationale'],
  properties: {
    type: { type: 'string', enum: [RULE_SPEC_TYPE] },
    category: { type: 'string', minLength: 1 },
    rationale: { type: 'string', minLength: 1 },
    paths: stringList('Globs that scope the rule; absent means always.'),
    ...governance,
  },
};
