import { z } from 'zod';

// Entity ref parts as the catalog allows them (metadata.name and namespace rules).
const refPart = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be an entity name');

/**
 * Path parameters of `GET /entities/:kind/:namespace/:name/effective-config`.
 *
 * @public
 */
export const entityParamsSchema = z.object({
  kind: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'must be an entity kind'),
  namespace: refPart,
  name: refPart,
});

/**
 * Path parameters of `GET /teams/:namespace/:name/approved-assets`.
 *
 * @public
 */
export const teamParamsSchema = z.object({
  namespace: refPart,
  name: refPart,
});

const sourcedString = z.object({ value: z.string(), layer: z.string() });
const sourcedNumber = z.object({ value: z.number(), layer: z.string() });
const listed = { layer: z.string(), alsoIn: z.array(z.string()) };
const ruleSchema = z.object({ rule: z.string(), key: z.string(), ...listed });

const violationSchema = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  layer: z.string(),
  item: z.string(),
  message: z.string(),
  conflictsWith: z.object({ item: z.string(), layer: z.string() }).optional(),
  excepts: z.string().optional(),
  exception: z.record(z.string(), z.string()).optional(),
  asset: z.string().optional(),
});

const exceptedSchema = z.object({
  rule: z.string(),
  layer: z.string(),
  item: z.string(),
  message: z.string(),
  conflictsWith: z.object({ item: z.string(), layer: z.string() }).optional(),
  exception: z.record(z.string(), z.string()),
});

const releaseSchema = z.object({
  base: z.string(),
  version: z.string(),
  pinned: z.boolean(),
  deprecated: z.boolean(),
  withdrawn: z.boolean(),
  security: z.boolean(),
});

const driftSchema = z.object({
  base: z.string(),
  pinned: z.string(),
  latest: z.string().optional(),
  releasesBehind: z.number().int().nonnegative(),
  missed: z.array(
    z.object({
      version: z.string(),
      date: z.string().optional(),
      notes: z.string().optional(),
      security: z.boolean(),
      deprecated: z.boolean(),
    }),
  ),
  missedSecurity: z.boolean(),
  pinDeprecated: z.boolean(),
  pinWithdrawn: z.boolean(),
  pinUnknown: z.boolean(),
  upToDate: z.boolean(),
  upgradeLine: z.string().optional(),
});

/**
 * Response of `GET /entities/:kind/:namespace/:name/effective-config`.
 *
 * @public
 */
export const entityResolutionSchema = z.object({
  target: z.string(),
  configs: z.object({
    base: z.string().optional(),
    team: z.string().optional(),
    repo: z.string().optional(),
  }),
  effective: z.object({
    layers: z.array(z.string()),
    skills: z.array(
      z.object({
        ref: z.string(),
        ...listed,
        status: z.enum(['active', 'deprecated', 'unknown']),
        replacedBy: z.string().optional(),
      }),
    ),
    mcpServers: z.array(
      z.object({
        ref: z.string(),
        name: z.string(),
        ...listed,
        allowlistStatus: z.enum([
          'approved',
          'restricted',
          'denied',
          'unknown',
        ]),
        risk: z.string().optional(),
        disabledBy: z
          .object({ rule: z.string(), layer: z.string() })
          .optional(),
      }),
    ),
    permissions: z.object({
      defaultMode: sourcedString.optional(),
      allow: z.array(ruleSchema),
      ask: z.array(ruleSchema),
      deny: z.array(ruleSchema),
    }),
    modelRouting: z.record(z.string(), sourcedString),
    budget: z.object({
      monthlyUsdCap: sourcedNumber.optional(),
      monthlyUsd: sourcedNumber.optional(),
    }),
  }),
  pin: z
    .object({ ref: z.string(), source: z.enum(['input', 'repo', 'team']) })
    .optional(),
  release: releaseSchema.optional(),
  violations: z.array(violationSchema),
  excepted: z.array(exceptedSchema),
  ok: z.boolean(),
  drift: driftSchema.optional(),
  pinLocation: z.object({ file: z.string(), line: z.number() }).optional(),
  serverTools: z
    .record(z.string(), z.array(z.record(z.string(), z.unknown())))
    .optional(),
});

const releaseUsageSchema = z.object({
  version: z.string(),
  known: z.boolean(),
  security: z.boolean(),
  deprecated: z.boolean(),
  withdrawn: z.boolean(),
  teams: z.array(z.string()),
  repos: z.array(z.string()),
});

const assetUsageShape = {
  ref: z.string(),
  teams: z.array(z.string()),
  viaBase: z.array(z.string()),
  repos: z.array(z.string()),
};

const promotionCandidateSchema = z.object({
  skill: z.string(),
  owner: z.string().optional(),
  configTeams: z.array(z.string()),
  telemetryTeams: z.array(z.object({ team: z.string(), cost: z.number() })),
});

/**
 * Response of `GET /assets/:kind/:namespace/:name/usage`.
 *
 * @public
 */
export const assetUsageSchema = z.object({
  ...assetUsageShape,
  builtAt: z.string(),
  telemetry: z.union([
    z.object({
      status: z.literal('ok'),
      teams: z.array(z.object({ team: z.string(), cost: z.number() })),
    }),
    z.object({ status: z.literal('unavailable'), reason: z.string() }),
  ]),
});

/**
 * Response of `GET /overview/spend-insights`.
 *
 * @public
 */
export const spendInsightsSchema = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  modelMix: z.array(
    z.object({
      team: z.string(),
      routed: z.array(z.string()),
      outside: z.array(z.object({ model: z.string(), cost: z.number() })),
      share: z.number(),
      total: z.number(),
    }),
  ),
  promotionCandidates: z.array(promotionCandidateSchema),
});

/**
 * A team in `GET /overview`, and the response of `GET /teams/:namespace/:name/overview`.
 *
 * @public
 */
export const teamOverviewSchema = z.object({
  team: z.string(),
  config: z.string(),
  pin: z.string().optional(),
  release: releaseSchema.optional(),
  pinnedVersion: z.string().optional(),
  drift: driftSchema.optional(),
  ok: z.boolean(),
  violations: z.array(violationSchema),
  excepted: z.array(exceptedSchema),
  repos: z.array(
    z.object({
      component: z.string(),
      config: z.string().optional(),
      pin: z.string().optional(),
      pinSource: z.enum(['repository', 'repo-config']).optional(),
    }),
  ),
  routedModels: z.array(z.string()),
  repoDrift: z.object({
    teamVersion: z.string().optional(),
    distribution: z.array(
      z.object({
        version: z.string(),
        count: z.number(),
        repos: z.array(z.string()),
      }),
    ),
    counts: z.record(z.string(), z.number()),
    differing: z.array(z.object({ repo: z.string(), pin: z.string() })),
    unpinned: z.array(z.string()),
    matching: z.number(),
    total: z.number(),
  }),
});

/**
 * Response of `GET /overview`.
 *
 * @public
 */
export const overviewSchema = z.object({
  builtAt: z.string(),
  bases: z.array(
    z.object({
      ref: z.string(),
      latest: z.string().optional(),
      releases: z.array(z.string()),
    }),
  ),
  teams: z.array(teamOverviewSchema),
  releases: z.array(releaseUsageSchema),
  deprecated: z.object({
    releases: z.array(releaseUsageSchema),
    skills: z.array(
      z.object({
        ref: z.string(),
        owner: z.string().optional(),
        replacedBy: z.string().optional(),
        usedBy: z.array(z.string()),
      }),
    ),
    mcpServers: z.array(
      z.object({
        ref: z.string(),
        owner: z.string().optional(),
        usedBy: z.array(z.string()),
      }),
    ),
  }),
  skills: z.array(
    z.object({
      ...assetUsageShape,
      title: z.string(),
      scope: z.string().optional(),
      owner: z.string().optional(),
      lifecycle: z.string().optional(),
      inBase: z.boolean(),
    }),
  ),
  mcpServers: z.array(z.object(assetUsageShape)),
  unowned: z.array(z.object({ ref: z.string(), reason: z.string() })),
  promotionCandidates: z.array(promotionCandidateSchema),
  totals: z.object({
    teams: z.number(),
    repos: z.number(),
    teamsWithErrors: z.number(),
    teamsBehind: z.number(),
    teamsMissingSecurity: z.number(),
  }),
});

/**
 * Response of `GET /teams/:namespace/:name/approved-assets`.
 *
 * @public
 */
export const approvedAssetsSchema = z.object({
  team: z.string(),
  config: z.string().optional(),
  release: releaseSchema.optional(),
  mcpServers: z.array(
    z.object({
      ref: z.string(),
      name: z.string(),
      allowlistStatus: z.string(),
      risk: z.string().optional(),
      layer: z.string(),
      exception: z
        .object({ until: z.string(), approvedBy: z.string() })
        .optional(),
    }),
  ),
  skills: z.array(z.object({ ref: z.string(), layer: z.string() })),
  excluded: z.array(z.object({ ref: z.string(), reason: z.string() })),
});
