import { z } from 'zod';
import {
  EntityMetadataLike,
  EntityRelationLike,
  EntityValidationResult,
  dateStringSchema,
  entitySchemaOf,
  hasKindAndSpecType,
  validateWith,
} from './common';
import {
  AGENT_PLATFORM_API_VERSION,
  API_KIND,
  MCP_SERVER_SPEC_TYPE,
} from './kinds';
import {
  ALLOWLIST_STATUSES,
  AllowlistStatus,
  MCP_AUTH_TYPES,
  MCP_RISK_LEVELS,
  McpAuthType,
  McpRiskLevel,
  TOOL_ACCESS_LEVELS,
  ToolAccessLevel,
} from './values';

/**
 * A transport endpoint of an MCP server (upstream field).
 *
 * @public
 */
export interface McpServerRemoteSpec {
  /** Transport, e.g. `streamable-http` or `sse`. */
  type: string;
  /** Endpoint URL. */
  url: string;
  /** Headers the client sends, as in the registry `server.json`. */
  headers?: McpServerInputSpec[];
}

/**
 * An input a server needs (environment variable or header), as in the
 * registry `server.json`: never a secret's value, only whether it is one.
 *
 * @public
 */
export interface McpServerInputSpec {
  /** Variable or header name. */
  name: string;
  /** What it is for. */
  description?: string;
  /** Whether the server needs it. */
  isRequired?: boolean;
  /** Whether it holds a secret. */
  isSecret?: boolean;
  /** Default value. */
  default?: string;
  /** Value template, e.g. `Bearer {token}`. */
  value?: string;
  /** Value format, e.g. `string` or `filepath`. */
  format?: string;
}

/**
 * A package that runs the server locally, as in the registry `server.json`.
 *
 * @public
 */
export interface McpServerPackageSpec {
  /** `npm`, `pypi`, `oci`, `nuget`, `mcpb` or `maven`. */
  registryType: string;
  /** Package name or image, e.g. `@acme/mcp-proxy`. */
  identifier: string;
  /** Exact version. */
  version?: string;
  /** Registry the package comes from, when not the public one. */
  registryBaseUrl?: string;
  /** Launcher, e.g. `npx` or `uvx`. */
  runtimeHint?: string;
  /** How the package is reached once running. */
  transport?: { type: string; url?: string; headers?: McpServerInputSpec[] };
  /** Arguments for the launcher. */
  runtimeArguments?: unknown[];
  /** Arguments for the package. */
  packageArguments?: unknown[];
  /** Environment variables it reads. */
  environmentVariables?: McpServerInputSpec[];
}

/**
 * The allowlist review of an MCP server.
 *
 * @public
 */
export interface McpServerAllowlist {
  /** `approved`, `restricted` (only with an unexpired exception) or `denied` (never). */
  status: AllowlistStatus;
  /** Why the reviewer decided so. */
  reason?: string;
  /** Entity ref of the reviewer, e.g. `user:default/dana.platform`. */
  reviewer?: string;
  /** Date of the review, e.g. `2026-09-14`. */
  reviewedAt?: string;
}

/**
 * One tool an MCP server exposes.
 *
 * @public
 */
export interface McpServerTool {
  /** Tool name as the server reports it, e.g. `search_code`. */
  name: string;
  /** `read`, `write` or `destructive`. */
  access: ToolAccessLevel;
  /** Data domains the tool touches, e.g. `source-code`. */
  data?: string[];
  /** What the tool does. */
  description?: string;
}

/**
 * Spec of an MCP server: upstream's `mcp-server` API fields plus the suite's own.
 *
 * @public
 */
export interface McpServerEntitySpec {
  /** Always `mcp-server`. */
  type: typeof MCP_SERVER_SPEC_TYPE;
  /** Lifecycle, e.g. `production`. */
  lifecycle: string;
  /** Entity ref of the owner. */
  owner: string;
  /** Entity ref of the system, when any. */
  system?: string;
  /** Upstream, required: transport endpoints. */
  remotes: McpServerRemoteSpec[];
  /** The registry packages that run the server, kept also when remotes exist (what `.mcp.json` entries are matched by). */
  packages?: McpServerPackageSpec[];
  /** Ours: how the server authenticates callers. */
  auth?: McpAuthType;
  /** Ours: risk rating. */
  risk?: McpRiskLevel;
  /** Ours: the allowlist review. A server without one counts as unknown. */
  allowlist?: McpServerAllowlist;
  /** Ours: the tools the server exposes. */
  tools?: McpServerTool[];
}

/**
 * An MCP server: `API` with `spec.type: mcp-server`.
 *
 * @public
 */
export interface McpServerEntity {
  /** Always `backstage.io/v1alpha1`. */
  apiVersion: typeof AGENT_PLATFORM_API_VERSION;
  /** Always `API`. */
  kind: typeof API_KIND;
  /** Metadata; `name` is also the server name in `mcp__<name>` permission rules. */
  metadata: EntityMetadataLike;
  /** The server's spec. */
  spec: McpServerEntitySpec;
  /** Relations, when read from the catalog. */
  relations?: EntityRelationLike[];
}

/**
 * zod schema for {@link McpServerEntitySpec}. Unknown spec fields are kept.
 *
 * @public
 */
export const mcpServerEntitySpecSchema = z
  .looseObject({
    type: z.literal(MCP_SERVER_SPEC_TYPE),
    lifecycle: z.string().min(1),
    owner: z.string().min(1),
    system: z.string().min(1).optional(),
    remotes: z
      .array(z.looseObject({ type: z.string().min(1), url: z.string().min(1) }))
      .min(1),
    auth: z.enum(MCP_AUTH_TYPES).optional(),
    risk: z.enum(MCP_RISK_LEVELS).optional(),
    allowlist: z
      .looseObject({
        status: z.enum(ALLOWLIST_STATUSES),
        reason: z.string().optional(),
        reviewer: z.string().min(1).optional(),
        reviewedAt: dateStringSchema.optional(),
      })
      .optional(),
    tools: z
      .array(
        z.looseObject({
          name: z.string().min(1),
          access: z.enum(TOOL_ACCESS_LEVELS),
          data: z.array(z.string()).optional(),
          description: z.string().optional(),
        }),
      )
      .optional(),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    (spec.tools ?? []).forEach((tool, index) => {
      if (seen.has(tool.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tools', index, 'name'],
          message: `duplicate tool name ${tool.name}`,
        });
      }
      seen.add(tool.name);
    });
  });

/**
 * zod schema for {@link McpServerEntity}. Unknown fields are kept.
 *
 * @public
 */
export const mcpServerEntitySchema: z.ZodType<McpServerEntity> = entitySchemaOf(
  API_KIND,
  mcpServerEntitySpecSchema,
);

/**
 * Type guard: the entity is an `API` with `spec.type: mcp-server`.
 * Checks the discriminators only; use {@link validateMcpServerEntity} to
 * check every field.
 *
 * @public
 */
export function isMcpServerEntity(entity: unknown): entity is McpServerEntity {
  return hasKindAndSpecType(entity, API_KIND, MCP_SERVER_SPEC_TYPE);
}

/**
 * Validates every field of an MCP server entity.
 *
 * @public
 */
export function validateMcpServerEntity(
  value: unknown,
): EntityValidationResult<McpServerEntity> {
  return validateWith(mcpServerEntitySchema, value);
}
