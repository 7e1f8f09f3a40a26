import { z } from 'zod';
import { parsePinRef } from '../parsers/pin';
import type { HookMatcher } from '../parsers/settingsJson';
import {
  EntityMetadataLike,
  EntityRelationLike,
  EntityValidationResult,
  dateStringSchema,
  entitySchemaOf,
  exactSemverSchema,
  hasKindAndSpecType,
  validateWith,
} from './common';
import {
  AGENT_CONFIG_SPEC_TYPE,
  AGENT_PLATFORM_API_VERSION,
  AI_RESOURCE_KIND,
} from './kinds';
import { PERMISSION_MODES, PermissionMode } from './values';
import type { ObservedRepoAgentFiles } from './ObservedRepoAgentFiles';

/**
 * Claude Code permissions as an agent config layer states them. Lists merge
 * across layers; `defaultMode` is taken from the most specific layer.
 *
 * @public
 */
export interface AgentConfigPermissions {
  /** The permission mode Claude Code starts in. */
  defaultMode?: PermissionMode;
  /** Rules that run without asking, e.g. `Bash(npm run test *)`. */
  allow?: string[];
  /** Rules that always ask, e.g. `Bash(git push *)`. */
  ask?: string[];
  /** Rules that are always refused, e.g. `Read(./.env)`. */
  deny?: string[];
  /**
   * `ask`: every tool an MCP server of the config declares `destructive`
   * needs approval (an `ask` rule per tool), unless a rule names the tool.
   * `allow` turns that off (a team or repo layer may not, under a base that
   * asks). Set once in the base instead of one rule per tool.
   */
  destructiveTools?: 'ask' | 'allow';
}

/**
 * Which model serves which kind of work. Each role is a scalar taken from the
 * most specific layer that sets it.
 *
 * @public
 */
export interface AgentConfigModelRouting {
  /** Model for everyday work, e.g. `claude-sonnet-4-6`. */
  default?: string;
  /** Model for plan mode. */
  plan?: string;
  /** Model for background tasks. */
  background?: string;
  /** Any other role. */
  [role: string]: string | undefined;
}

/**
 * Budget of the org base.
 *
 * @public
 */
export interface AgentConfigBaseBudget {
  /** The most any team or repo config may set as its monthly budget, in USD. */
  monthlyUsdCap?: number;
}

/**
 * Budget of a team or repo config.
 *
 * @public
 */
export interface AgentConfigLayerBudget {
  /** Monthly budget in USD; at most the base cap and the budget of the layer above. */
  monthlyUsd?: number;
}

/**
 * The content of the org base at one release.
 *
 * @public
 */
export interface AgentConfigContent {
  /** Skill refs, e.g. `airesource:default/code-review`. */
  skills?: string[];
  /**
   * Refs of the registry's subagents the release ships, e.g.
   * `airesource:default/security-reviewer`.
   */
  subagents?: string[];
  /** MCP server refs, e.g. `api:default/github`. */
  mcpServers?: string[];
  /** Claude Code permissions. */
  permissions?: AgentConfigPermissions;
  /** Model routing. */
  modelRouting?: AgentConfigModelRouting;
  /** The base budget cap. */
  budget?: AgentConfigBaseBudget;
  /**
   * Claude Code hooks of the base, as `.claude/settings.json` states them
   * (`{Event: [{matcher, hooks: [{type: "command", command, timeout}]}]}`).
   */
  hooks?: Record<string, HookMatcher[]>;
}

/**
 * One release of the org base.
 *
 * @public
 */
export interface AgentConfigRelease {
  /** Exact semver, e.g. `2.4.0`. */
  version: string;
  /** Release date, e.g. `2026-10-28`. */
  date?: string;
  /** What changed, for people. */
  notes?: string;
  /** True when the release fixes a security issue. */
  security?: boolean;
  /** True when teams must move off this release. */
  deprecated?: boolean;
  /** True when the release must not be used at all. */
  withdrawn?: boolean;
  /** The base content at this release. */
  config: AgentConfigContent;
}

/**
 * An approved exception to a federation rule, held by a team or repo config.
 *
 * @public
 */
export interface AgentConfigException {
  /** What is excepted: an MCP server ref (a restricted server) or a permission rule. */
  target: string;
  /** Why the exception was granted. */
  reason: string;
  /** Entity ref of the approver, e.g. `user:default/dana.platform`. */
  approvedBy: string;
  /** Last day the exception holds, inclusive, e.g. `2027-01-31`. */
  until: string;
  /**
   * First day the exception holds, e.g. `2026-12-06` (the day it was
   * approved). Without it, its length is counted from today.
   */
  since?: string;
  /**
   * Set by the platform's exception policy (see `applyExceptionPolicy`), never
   * by hand: why this exception does not count.
   */
  rejected?: string;
}

/**
 * Spec fields every agent config level shares.
 *
 * @public
 */
export interface AgentConfigSpecCommon {
  /** Always `agent-config`. */
  type: typeof AGENT_CONFIG_SPEC_TYPE;
  /** Lifecycle, e.g. `production`. */
  lifecycle: string;
  /** Entity ref of the owner. */
  owner: string;
  /** Entity ref of the system, when any. */
  system?: string;
}

/**
 * Spec of the org base (`level: base`).
 *
 * @public
 */
export interface BaseAgentConfigSpec extends AgentConfigSpecCommon {
  /** Always `base`. */
  level: 'base';
  /** Releases in any order; semver decides which is newest. */
  releases: AgentConfigRelease[];
}

/**
 * Spec fields a team or repo config adds on top of the base.
 *
 * @public
 */
export interface AgentConfigLayerFields {
  /** Skill refs this layer adds. */
  skills?: string[];
  /** MCP server refs this layer adds. */
  mcpServers?: string[];
  /** Permissions this layer adds (lists) or sets (defaultMode). */
  permissions?: AgentConfigPermissions;
  /** Model routing roles this layer sets. */
  modelRouting?: AgentConfigModelRouting;
  /** This layer's monthly budget. */
  budget?: AgentConfigLayerBudget;
  /** Approved exceptions to federation rules. */
  exceptions?: AgentConfigException[];
}

/**
 * Spec of a team config (`level: team`), owned by a Group.
 *
 * @public
 */
export interface TeamAgentConfigSpec
  extends AgentConfigSpecCommon,
    AgentConfigLayerFields {
  /** Always `team`. */
  level: 'team';
  /** The pinned base: `<base name>@<exact semver>`, e.g. `org-base@2.3.0`. */
  extends: string;
  /**
   * The day the team last reviewed its config against the base
   * (`YYYY-MM-DD`), e.g. after a security release.
   */
  reviewed?: string;
}

/**
 * Spec of a repo config (`level: repo`), attached to a Component.
 *
 * @public
 */
export interface RepoAgentConfigSpec
  extends AgentConfigSpecCommon,
    AgentConfigLayerFields {
  /** Always `repo`. */
  level: 'repo';
  /** The pinned base; when absent, the team's pin applies. */
  extends?: string;
  /** Entity ref of the Component the config belongs to. */
  component?: string;
  /**
   * Entity ref of the team config the repository sits under (its
   * Component's owner's), set by the catalog module; level repo only.
   */
  teamConfig?: string;
  /** What the repository's agent files really say; only on configs read from a repository. */
  observed?: ObservedRepoAgentFiles;
}

/**
 * Spec of any agent config.
 *
 * @public
 */
export type AgentConfigSpec =
  | BaseAgentConfigSpec
  | TeamAgentConfigSpec
  | RepoAgentConfigSpec;

/**
 * An agent config: `AiResource` with `spec.type: agent-config`.
 *
 * @public
 */
export interface AgentConfigEntity {
  /** Always `backstage.io/v1alpha1`. */
  apiVersion: typeof AGENT_PLATFORM_API_VERSION;
  /** Always `AiResource`. */
  kind: typeof AI_RESOURCE_KIND;
  /** Metadata. */
  metadata: EntityMetadataLike;
  /** The config's spec; `spec.level` tells which shape it has. */
  spec: AgentConfigSpec;
  /** Relations, when read from the catalog. */
  relations?: EntityRelationLike[];
}

/**
 * The org base agent config.
 *
 * @public
 */
export type BaseAgentConfigEntity = AgentConfigEntity & {
  spec: BaseAgentConfigSpec;
};

/**
 * A team agent config.
 *
 * @public
 */
export type TeamAgentConfigEntity = AgentConfigEntity & {
  spec: TeamAgentConfigSpec;
};

/**
 * A repo agent config.
 *
 * @public
 */
export type RepoAgentConfigEntity = AgentConfigEntity & {
  spec: RepoAgentConfigSpec;
};

const ruleListSchema = z.array(z.string().min(1));

const permissionsSchema = z.looseObject({
  defaultMode: z.enum(PERMISSION_MODES).optional(),
  allow: ruleListSchema.optional(),
  ask: ruleListSchema.optional(),
  deny: ruleListSchema.optional(),
  destructiveTools: z.enum(['ask', 'allow']).optional(),
});

const modelRoutingSchema = z.record(z.string(), z.string().min(1));

const usdSchema = z.number().finite().nonnegative();

// The grammar of the pin (parsePinRef), without the surrounding spaces a pin comment may have.
const baseRefSchema = z
  .string()
  .refine(text => text === text.trim() && parsePinRef(text).ok, {
    message: 'must be <base name>@<exact semver>, e.g. org-base@2.4.0',
  });

const releaseSchema = z.looseObject({
  version: exactSemverSchema,
  date: dateStringSchema.optional(),
  notes: z.string().optional(),
  security: z.boolean().optional(),
  deprecated: z.boolean().optional(),
  withdrawn: z.boolean().optional(),
  config: z.looseObject({
    skills: ruleListSchema.optional(),
    subagents: ruleListSchema.optional(),
    mcpServers: ruleListSchema.optional(),
    permissions: permissionsSchema.optional(),
    modelRouting: modelRoutingSchema.optional(),
    budget: z.looseObject({ monthlyUsdCap: usdSchema.optional() }).optional(),
  }),
});

const exceptionSchema = z.looseObject({
  target: z.string().min(1),
  reason: z.string().min(1),
  approvedBy: z.string().min(1),
  until: dateStringSchema,
  since: dateStringSchema.optional(),
});

const observedSchema = z.looseObject({
  files: z.array(z.string().min(1)),
  pin: z
    .looseObject({
      file: z.string().min(1),
      line: z.number().int().positive(),
      base: z.string().min(1),
      version: exactSemverSchema,
    })
    .optional(),
  tools: z
    .array(
      z.looseObject({
        id: z.string().min(1),
        title: z.string().min(1),
        files: z.array(z.string().min(1)),
      }),
    )
    .optional(),
  mcpServers: z.array(
    z.looseObject({
      name: z.string().min(1),
      file: z.string().min(1).optional(),
      type: z.string().min(1),
      url: z.string().optional(),
      command: z.string().optional(),
      disabled: z.boolean().optional(),
      entityRef: z.string().min(1).nullable(),
    }),
  ),
  lastModified: z.iso.datetime({ offset: true }).optional(),
});

const commonSpecShape = {
  type: z.literal(AGENT_CONFIG_SPEC_TYPE),
  lifecycle: z.string().min(1),
  owner: z.string().min(1),
  system: z.string().min(1).optional(),
};

const layerSpecShape = {
  skills: ruleListSchema.optional(),
  mcpServers: ruleListSchema.optional(),
  permissions: permissionsSchema.optional(),
  modelRouting: modelRoutingSchema.optional(),
  budget: z.looseObject({ monthlyUsd: usdSchema.optional() }).optional(),
  exceptions: z.array(exceptionSchema).optional(),
};

/**
 * zod schema for {@link AgentConfigSpec}, discriminated by `level`.
 * Unknown spec fields are kept.
 *
 * @public
 */
export const agentConfigSpecSchema = z
  .discriminatedUnion('level', [
    z.looseObject({
      ...commonSpecShape,
      level: z.literal('base'),
      releases: z.array(releaseSchema),
    }),
    z.looseObject({
      ...commonSpecShape,
      ...layerSpecShape,
      level: z.literal('team'),
      extends: baseRefSchema,
      reviewed: dateStringSchema.optional(),
    }),
    z.looseObject({
      ...commonSpecShape,
      ...layerSpecShape,
      level: z.literal('repo'),
      extends: baseRefSchema.optional(),
      component: z.string().min(1).optional(),
      teamConfig: z.string().min(1).optional(),
      observed: observedSchema.optional(),
    }),
  ])
  .superRefine((spec, ctx) => {
    if (spec.level !== 'repo' && 'component' in spec) {
      ctx.addIssue({
        code: 'custom',
        path: ['component'],
        message: 'component is only allowed when level is repo',
      });
    }
    if (spec.level === 'base') {
      const seen = new Set<string>();
      spec.releases.forEach((release, index) => {
        if (seen.has(release.version)) {
          ctx.addIssue({
            code: 'custom',
            path: ['releases', index, 'version'],
            message: `duplicate release ${release.version}`,
          });
        }
        seen.add(release.version);
      });
    }
  });

/**
 * zod schema for {@link AgentConfigEntity}. Unknown fields are kept.
 *
 * @public
 */
export const agentConfigEntitySchema: z.ZodType<AgentConfigEntity> =
  entitySchemaOf(AI_RESOURCE_KIND, agentConfigSpecSchema);

/**
 * Type guard: the entity is an `AiResource` with `spec.type: agent-config`.
 * Checks the discriminators only; use {@link validateAgentConfigEntity} to
 * check every field.
 *
 * @public
 */
export function isAgentConfigEntity(
  entity: unknown,
): entity is AgentConfigEntity {
  return hasKindAndSpecType(entity, AI_RESOURCE_KIND, AGENT_CONFIG_SPEC_TYPE);
}

/**
 * Type guard: the entity is the org base agent config (`level: base`).
 *
 * @public
 */
export function isBaseAgentConfigEntity(
  entity: unknown,
): entity is BaseAgentConfigEntity {
  return isAgentConfigEntity(entity) && entity.spec.level === 'base';
}

/**
 * Type guard: the entity is a team agent config (`level: team`).
 *
 * @public
 */
export function isTeamAgentConfigEntity(
  entity: unknown,
): entity is TeamAgentConfigEntity {
  return isAgentConfigEntity(entity) && entity.spec.level === 'team';
}

/**
 * Type guard: the entity is a repo agent config (`level: repo`).
 *
 * @public
 */
export function isRepoAgentConfigEntity(
  entity: unknown,
): entity is RepoAgentConfigEntity {
  return isAgentConfigEntity(entity) && entity.spec.level === 'repo';
}

/**
 * Validates every field of an agent config entity, per its level.
 *
 * @public
 */
export function validateAgentConfigEntity(
  value: unknown,
): EntityValidationResult<AgentConfigEntity> {
  return validateWith(agentConfigEntitySchema, value);
}
