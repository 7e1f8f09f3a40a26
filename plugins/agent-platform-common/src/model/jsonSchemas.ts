import {
  ALLOWLIST_STATUSES,
  AGENT_CONFIG_LEVELS,
  BASE_NAME_PATTERN,
  DATE_PATTERN,
  EVAL_STATUSES,
  EXACT_SEMVER_PATTERN,
  MCP_AUTH_TYPES,
  MCP_RISK_LEVELS,
  PERMISSION_MODES,
  SKILL_SCOPES,
  TOOL_ACCESS_LEVELS,
} from './values';
import {
  AGENT_CONFIG_SPEC_TYPE,
  MCP_SERVER_SPEC_TYPE,
  SKILL_SPEC_TYPE,
} from './kinds';

/**
 * A JSON value, as JSON schemas are written.
 *
 * @public
 */
export type JsonSchemaValue =
  | string
  | number
  | boolean
  | null
  | JsonSchemaValue[]
  | { [key: string]: JsonSchemaValue };

/**
 * A JSON schema as a plain object.
 *
 * @public
 */
export type JsonSchemaObject = { [key: string]: JsonSchemaValue };

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

const SEMVER_PATTERN = EXACT_SEMVER_PATTERN.source;

// `<base name>@<exact semver>`: the two patterns joined, minus their inner anchors.
const BASE_REF_PATTERN = `${BASE_NAME_PATTERN.source.slice(
  0,
  -1,
)}@${SEMVER_PATTERN.slice(1)}`;

const stringList = (description: string): JsonSchemaObject => ({
  type: 'array',
  description,
  items: { type: 'string', minLength: 1 },
});

const date = (description: string): JsonSchemaObject => ({
  type: 'string',
  description,
  pattern: DATE_PATTERN.source,
});

const usd = (description: string): JsonSchemaObject => ({
  type: 'number',
  minimum: 0,
  description,
});

const permissions: JsonSchemaObject = {
  type: 'object',
  description: 'Claude Code permissions; lists merge across layers.',
  properties: {
    defaultMode: {
      type: 'string',
      enum: [...PERMISSION_MODES],
      description: 'The permission mode Claude Code starts in.',
    },
    allow: stringList('Rules that run without asking.'),
    ask: stringList('Rules that always ask.'),
    deny: stringList('Rules that are always refused.'),
    destructiveTools: {
      type: 'string',
      enum: ['ask', 'allow'],
      description:
        'ask: every tool an MCP server declares destructive needs approval unless a rule names it.',
    },
  },
};

const modelRouting: JsonSchemaObject = {
  type: 'object',
  description: 'Model per role (default, plan, background, ...).',
  additionalProperties: { type: 'string', minLength: 1 },
};

const exceptions: JsonSchemaObject = {
  type: 'array',
  description: 'Approved exceptions to federation rules.',
  items: {
    type: 'object',
    required: ['target', 'reason', 'approvedBy', 'until'],
    properties: {
      target: {
        type: 'string',
        minLength: 1,
        description: 'An MCP server ref or a permission rule.',
      },
      reason: { type: 'string', minLength: 1 },
      approvedBy: { type: 'string', minLength: 1 },
      until: date('Last day the exception holds, inclusive.'),
      since: date('First day the exception holds (the day it was approved).'),
    },
  },
};

const observed: JsonSchemaObject = {
  type: 'object',
  description:
    "What a repository's agent files really say; only on repo configs read from a repository.",
  required: ['files', 'mcpServers'],
  properties: {
    files: stringList('Repo-relative paths of the agent files read.'),
    pin: {
      type: 'object',
      description: 'The extends: pin found, and where.',
      required: ['file', 'line', 'base', 'version'],
      properties: {
        file: { type: 'string', minLength: 1 },
        line: { type: 'integer', minimum: 1 },
        base: { type: 'string', minLength: 1 },
        version: { type: 'string', pattern: SEMVER_PATTERN },
      },
    },
    subagents: {
      type: 'array',
      description:
        'The subagents the repository defines (.claude/agents/*.md).',
      items: {
        type: 'object',
        required: ['name', 'file', 'description'],
        properties: {
          name: { type: 'string', minLength: 1 },
          file: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          tools: stringList('Its tools; absent means every tool.'),
          model: { type: 'string' },
        },
      },
    },
    tools: {
      type: 'array',
      description:
        'The agent tools whose files the repository has (claude-code, cursor, codex, copilot, gemini).',
      items: {
        type: 'object',
        required: ['id', 'title', 'files'],
        properties: {
          id: { type: 'string', minLength: 1 },
          title: { type: 'string', minLength: 1 },
          files: stringList('Repo-relative paths of its files.'),
          nativePermissions: { type: 'object' },
          model: { type: 'string' },
        },
      },
    },
    mcpServers: {
      type: 'array',
      description:
        "The MCP servers of every agent tool's config, matched to catalog MCP servers.",
      items: {
        type: 'object',
        required: ['name', 'type', 'entityRef'],
        properties: {
          name: { type: 'string', minLength: 1 },
          file: { type: 'string', minLength: 1 },
          type: { type: 'string', minLength: 1 },
          url: { type: 'string' },
          command: { type: 'string' },
          disabled: { type: 'boolean' },
          entityRef: {
            type: ['string', 'null'],
            description: 'The matching API entity ref, or null.',
          },
        },
      },
    },
  },
};

/**
 * JSON schema (draft-07) of a skill's `spec`: upstream's required fields plus
 * the suite's own (`version`, `scope`, `evalStatus`, `replacedBy`). Extra
 * properties are allowed, so upstream fields stay valid.
 *
 * @public
 */
export const skillSpecJsonSchema: JsonSchemaObject = {
  $schema: DRAFT_07,
  $id: 'AgentPlatformSkillSpec',
  description:
    'Spec of an AiResource of type skill, with Agent Platform fields.',
  type: 'object',
  required: ['type', 'lifecycle', 'owner'],
  properties: {
    type: { type: 'string', enum: [SKILL_SPEC_TYPE] },
    version: {
      type: 'string',
      pattern: SEMVER_PATTERN,
      description: 'Semver of the skill.',
    },
    scope: { type: 'string', enum: [...SKILL_SCOPES] },
    evalStatus: { type: 'string', enum: [...EVAL_STATUSES] },
    replacedBy: {
      type: 'string',
      minLength: 1,
      description:
        'Ref of the replacing skill; only when lifecycle is deprecated.',
    },
  },
};

/**
 * JSON schema (draft-07) of an MCP server's `spec`: the suite's fields
 * (`auth`, `risk`, `allowlist`, `tools`). Extra properties are allowed.
 *
 * @public
 */
export const mcpServerSpecJsonSchema: JsonSchemaObject = {
  $schema: DRAFT_07,
  $id: 'AgentPlatformMcpServerSpec',
  description: 'Spec of an API of type mcp-server, with Agent Platform fields.',
  type: 'object',
  required: ['type', 'lifecycle', 'owner', 'remotes'],
  properties: {
    type: { type: 'string', enum: [MCP_SERVER_SPEC_TYPE] },
    auth: { type: 'string', enum: [...MCP_AUTH_TYPES] },
    risk: { type: 'string', enum: [...MCP_RISK_LEVELS] },
    allowlist: {
      type: 'object',
      required: ['status'],
      properties: {
        status: { type: 'string', enum: [...ALLOWLIST_STATUSES] },
        reason: { type: 'string' },
        reviewer: { type: 'string', minLength: 1 },
        reviewedAt: date('Date of the review.'),
      },
    },
    packages: {
      type: 'array',
      description:
        'Registry packages that run the server (server.json packages[]), with their inputs.',
      items: {
        type: 'object',
        required: ['registryType', 'identifier'],
        properties: {
          registryType: { type: 'string', minLength: 1 },
          identifier: { type: 'string', minLength: 1 },
          version: { type: 'string' },
          runtimeHint: { type: 'string' },
          environmentVariables: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name'],
              properties: {
                name: { type: 'string', minLength: 1 },
                isSecret: { type: 'boolean' },
                isRequired: { type: 'boolean' },
              },
            },
          },
        },
      },
    },
    tools: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'access'],
        properties: {
          name: { type: 'string', minLength: 1 },
          access: { type: 'string', enum: [...TOOL_ACCESS_LEVELS] },
          data: stringList('Data domains the tool touches.'),
          description: { type: 'string' },
        },
      },
    },
  },
};

/**
 * JSON schema (draft-07) of an agent config's `spec`, all levels in one
 * schema. Field types are checked here; the per-level requirements (base
 * needs `releases`, team needs `extends`) are checked by
 * `agentConfigSpecSchema` (zod), since catalog model layers forbid
 * conditionals (`if`, `oneOf`) at the top of a spec schema.
 *
 * @public
 */
export const agentConfigSpecJsonSchema: JsonSchemaObject = {
  $schema: DRAFT_07,
  $id: 'AgentPlatformAgentConfigSpec',
  description: 'Spec of an AiResource of type agent-config.',
  type: 'object',
  required: ['type', 'lifecycle', 'owner', 'level'],
  properties: {
    type: { type: 'string', enum: [AGENT_CONFIG_SPEC_TYPE] },
    level: { type: 'string', enum: [...AGENT_CONFIG_LEVELS] },
    extends: {
      type: 'string',
      pattern: BASE_REF_PATTERN,
      description: 'The pinned base, <base name>@<exact semver>.',
    },
    component: {
      type: 'string',
      minLength: 1,
      description: 'Ref of the Component; only for level repo.',
    },
    teamConfig: {
      type: 'string',
      minLength: 1,
      description:
        "Ref of the team config the repository sits under (its Component owner's); only for level repo.",
    },
    releases: {
      type: 'array',
      description: 'Releases of the base; only for level base.',
      items: {
        type: 'object',
        required: ['version', 'config'],
        properties: {
          version: { type: 'string', pattern: SEMVER_PATTERN },
          date: date('Release date.'),
          notes: { type: 'string' },
          security: { type: 'boolean' },
          deprecated: { type: 'boolean' },
          withdrawn: { type: 'boolean' },
          config: {
            type: 'object',
            properties: {
              skills: stringList('Skill refs.'),
              subagents: stringList('Subagent refs the release ships.'),
              mcpServers: stringList('MCP server refs.'),
              permissions,
              modelRouting,
              budget: {
                type: 'object',
                properties: {
                  monthlyUsdCap: usd('The most any team config may set.'),
                },
              },
            },
          },
        },
      },
    },
    skills: stringList('Skill refs this layer adds.'),
    mcpServers: stringList('MCP server refs this layer adds.'),
    permissions,
    modelRouting,
    budget: {
      type: 'object',
      properties: { monthlyUsd: usd('Monthly budget of this layer.') },
    },
    exceptions,
    observed,
  },
};

/**
 * Wraps a spec schema into the entity-level shape a catalog model layer
 * expects (`{ type: 'object', properties: { spec } }`), dropping the
 * standalone `$schema` and `$id` keywords.
 *
 * @public
 */
export function toCatalogModelSchema(
  specSchema: JsonSchemaObject,
): JsonSchemaObject {
  const { $schema: _schema, $id: _id, ...spec } = specSchema;
  return { type: 'object', properties: { spec } };
}
