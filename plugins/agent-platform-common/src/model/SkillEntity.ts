import { z } from 'zod';
import {
  EntityMetadataLike,
  EntityRelationLike,
  EntityValidationResult,
  entitySchemaOf,
  exactSemverSchema,
  hasKindAndSpecType,
  validateWith,
} from './common';
import {
  AGENT_PLATFORM_API_VERSION,
  AI_RESOURCE_KIND,
  SKILL_SPEC_TYPE,
} from './kinds';
import { EVAL_STATUSES, EvalStatus, SKILL_SCOPES, SkillScope } from './values';

/**
 * Spec of a skill: upstream's `AiResource` skill fields plus the suite's own.
 *
 * @public
 */
export interface SkillEntitySpec {
  /** Always `skill`. */
  type: typeof SKILL_SPEC_TYPE;
  /** `experimental`, `production` or `deprecated` (upstream accepts any string). */
  lifecycle: string;
  /** Entity ref of the owner, e.g. `group:default/platform`. */
  owner: string;
  /** Entity ref of the system, when any. */
  system?: string;
  /** Upstream: tools the skill may use, one space-separated string. */
  allowedTools?: string;
  /** Upstream: agents the skill targets, e.g. `claude-code`. */
  agents?: string[];
  /** Upstream: disciplines, e.g. `web`. */
  disciplines?: string[];
  /** Upstream: categories. */
  categories?: string[];
  /** Upstream: refs of entities the skill depends on. */
  dependsOn?: string[];
  /** Upstream: SPDX license id. */
  license?: string;
  /** Upstream: environment requirements. */
  compatibility?: string;
  /** Ours: semver of the skill, exact (`1.4.0`). */
  version?: string;
  /** Ours: `org` or `team`. */
  scope?: SkillScope;
  /** Ours: result of the skill's evaluation suite. */
  evalStatus?: EvalStatus;
  /** Ours: ref of the skill that replaces this one; only when lifecycle is `deprecated`. */
  replacedBy?: string;
}

/**
 * A skill: `AiResource` with `spec.type: skill`.
 *
 * @public
 */
export interface SkillEntity {
  /** Always `backstage.io/v1alpha1`. */
  apiVersion: typeof AGENT_PLATFORM_API_VERSION;
  /** Always `AiResource`. */
  kind: typeof AI_RESOURCE_KIND;
  /** Metadata; `name` equals the SKILL.md `name` and its folder name. */
  metadata: EntityMetadataLike;
  /** The skill's spec. */
  spec: SkillEntitySpec;
  /** Relations, when read from the catalog. */
  relations?: EntityRelationLike[];
}

/**
 * zod schema for {@link SkillEntitySpec}. Unknown spec fields are kept.
 *
 * @public
 */
export const skillEntitySpecSchema = z
  .looseObject({
    type: z.literal(SKILL_SPEC_TYPE),
    lifecycle: z.string().min(1),
    owner: z.string().min(1),
    system: z.string().min(1).optional(),
    allowedTools: z.string().optional(),
    agents: z.array(z.string()).optional(),
    disciplines: z.array(z.string()).optional(),
    categories: z.array(z.string()).optional(),
    dependsOn: z.array(z.string()).optional(),
    license: z.string().optional(),
    compatibility: z.string().optional(),
    version: exactSemverSchema.optional(),
    scope: z.enum(SKILL_SCOPES).optional(),
    evalStatus: z.enum(EVAL_STATUSES).optional(),
    replacedBy: z.string().min(1).optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.replacedBy !== undefined && spec.lifecycle !== 'deprecated') {
      ctx.addIssue({
        code: 'custom',
        path: ['replacedBy'],
        message: 'replacedBy is only allowed when lifecycle is deprecated',
      });
    }
  });

/**
 * zod schema for {@link SkillEntity}. Unknown fields are kept.
 *
 * @public
 */
export const skillEntitySchema: z.ZodType<SkillEntity> = entitySchemaOf(
  AI_RESOURCE_KIND,
  skillEntitySpecSchema,
);

/**
 * Type guard: the entity is an `AiResource` with `spec.type: skill`.
 * Checks the discriminators only, like upstream's guards; use
 * {@link validateSkillEntity} to check every field.
 *
 * @public
 */
export function isSkillEntity(entity: unknown): entity is SkillEntity {
  return hasKindAndSpecType(entity, AI_RESOURCE_KIND, SKILL_SPEC_TYPE);
}

/**
 * Validates every field of a skill entity.
 *
 * @public
 */
export function validateSkillEntity(
  value: unknown,
): EntityValidationResult<SkillEntity> {
  return validateWith(skillEntitySchema, value);
}
