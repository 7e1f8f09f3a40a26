import { z } from 'zod';
import { AGENT_PLATFORM_API_VERSION } from './kinds';
import { DATE_PATTERN, isExactSemver } from './values';

/**
 * The subset of catalog entity metadata the suite reads. Other metadata fields
 * are kept as they are.
 *
 * @public
 */
export interface EntityMetadataLike {
  /** The entity name, unique within kind and namespace. */
  name: string;
  /** The namespace; `default` when absent. */
  namespace?: string;
  /** A display title. */
  title?: string;
  /** A human description. */
  description?: string;
  /** Catalog-assigned id. */
  uid?: string;
  /** Flat key-value annotations, e.g. `agent-platform.io/agent-config`. */
  annotations?: Record<string, string>;
  /** Flat key-value labels. */
  labels?: Record<string, string>;
  /** Free-form tags. */
  tags?: string[];
  /** Any other metadata field. */
  [key: string]: unknown;
}

/**
 * A relation as the catalog stores it on an entity.
 *
 * @public
 */
export interface EntityRelationLike {
  /** The relation type, e.g. `usesSkill`. */
  type: string;
  /** The target entity ref, e.g. `airesource:default/code-review`. */
  targetRef: string;
}

/**
 * One problem found while validating an entity.
 *
 * @public
 */
export interface EntityValidationIssue {
  /** Dotted path to the offending field, e.g. `spec.releases.0.version`. */
  path: string;
  /** What is wrong, in words. */
  message: string;
}

/**
 * Result of validating an unknown value against one of the entity schemas.
 *
 * @public
 */
export type EntityValidationResult<T> =
  | { success: true; entity: T }
  | { success: false; issues: EntityValidationIssue[] };

/** zod schema for {@link EntityMetadataLike}. */
export const entityMetadataSchema = z.looseObject({
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  uid: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  tags: z.array(z.string()).optional(),
});

/** zod schema for {@link EntityRelationLike}. */
export const entityRelationSchema = z.looseObject({
  type: z.string().min(1),
  targetRef: z.string().min(1),
});

/**
 * zod schema of an entity of the suite: its apiVersion, the given kind and
 * spec schema, metadata and relations. Unknown fields are kept.
 */
export function entitySchemaOf<K extends string, S extends z.ZodType>(
  kind: K,
  spec: S,
) {
  return z.looseObject({
    apiVersion: z.literal(AGENT_PLATFORM_API_VERSION),
    kind: z.literal(kind),
    metadata: entityMetadataSchema,
    spec,
    relations: z.array(entityRelationSchema).optional(),
  });
}

/**
 * Whether `entity` has the given kind and `spec.type`: the discriminators of
 * the suite's type guards, which like upstream's do not check other fields.
 */
export function hasKindAndSpecType(
  entity: unknown,
  kind: string,
  specType: string,
): boolean {
  return (
    isRecord(entity) &&
    entity.kind === kind &&
    isRecord(entity.spec) &&
    entity.spec.type === specType
  );
}

/**
 * Runs a zod schema and turns its outcome into an {@link EntityValidationResult}.
 */
export function validateWith<T>(
  schema: z.ZodType<T>,
  value: unknown,
): EntityValidationResult<T> {
  const result = schema.safeParse(value);
  if (result.success) {
    return { success: true, entity: result.data };
  }
  return {
    success: false,
    issues: result.error.issues.map(issue => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  };
}

/** True when `value` is a plain (non-array, non-null) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An exact semver version string (no ranges, no leading `v`). */
export const exactSemverSchema = z.string().refine(isExactSemver, {
  message: 'must be an exact semver version such as 1.4.0',
});

/** A calendar date or ISO date-time string, e.g. `2027-01-31`. */
export const dateStringSchema = z.string().regex(DATE_PATTERN, {
  message: 'must be a date such as 2027-01-31',
});
