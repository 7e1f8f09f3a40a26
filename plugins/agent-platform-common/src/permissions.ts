/**
 * A basic permission, shaped exactly as `BasicPermission` of
 * `@backstage/plugin-permission-common` (which this framework-free package
 * does not depend on), so that it can be passed to the permissions service
 * and the permission policy as it is.
 *
 * @public
 */
export interface AgentPlatformBasicPermission {
  /** Always `basic`: the permission is not about one resource. */
  type: 'basic';
  /** Unique name, prefixed with the plugin id. */
  name: string;
  /** What the permission allows. */
  attributes: { action?: 'create' | 'read' | 'update' | 'delete' };
}

/**
 * Read the platform overview: every team's pin, drift and violations, and
 * every repository's pin. Entity-level answers (one team, one repository) are
 * governed by the catalog's own read permission instead.
 *
 * @public
 */
export const agentPlatformOverviewReadPermission: AgentPlatformBasicPermission =
  {
    type: 'basic',
    name: 'agent-platform.overview.read',
    attributes: { action: 'read' },
  };

/**
 * A resource permission, shaped exactly as `ResourcePermission` of
 * `@backstage/plugin-permission-common`.
 *
 * @public
 */
export interface AgentPlatformResourcePermission {
  /** Always `resource`: the permission is about one resource. */
  type: 'resource';
  /** Unique name, prefixed with the plugin id. */
  name: string;
  /** What the permission allows. */
  attributes: { action?: 'create' | 'read' | 'update' | 'delete' };
  /** The resource type it applies to. */
  resourceType: string;
}

/**
 * The resource type of spend: the spend of one entity (a Group, a User, a
 * Component; resource ref: its entity ref) or of the whole platform
 * (resource ref {@link AGENT_PLATFORM_SPEND_PLATFORM_RESOURCE}).
 *
 * @public
 */
export const AGENT_PLATFORM_SPEND_RESOURCE_TYPE = 'agent-platform-spend';

/**
 * The resource ref of the platform-wide spend table, which includes the
 * unattributed spend.
 *
 * @public
 */
export const AGENT_PLATFORM_SPEND_PLATFORM_RESOURCE =
  'agent-platform:spend/platform';

/**
 * The permission rule of spend resources: the spend belongs to one of the
 * given teams or users (params `{ claims: string[] }`, entity refs such as a
 * user's ownership refs). The platform-wide resource belongs to no team.
 *
 * @public
 */
export const AGENT_PLATFORM_SPEND_RULE_IS_OWN = 'IS_OWN_SPEND';

/**
 * Read spend: an entity's spend report, or (for the platform resource) the
 * per-team table with the unattributed bucket. The portal's policy allows it
 * to the platform team, and conditionally ({@link AGENT_PLATFORM_SPEND_RULE_IS_OWN})
 * to the members of the team whose spend it is.
 *
 * @public
 */
export const agentPlatformSpendReadPermission: AgentPlatformResourcePermission =
  {
    type: 'resource',
    name: 'agent-platform.spend.read',
    attributes: { action: 'read' },
    resourceType: AGENT_PLATFORM_SPEND_RESOURCE_TYPE,
  };

/**
 * Send agent telemetry to the OTLP endpoint (`/otlp/v1/metrics`). Only
 * service principals reach it (other backends, and external-access tokens
 * such as the one agents export with); an external-access token limited to
 * this permission (`accessRestrictions: [{ plugin: agent-platform,
 * permission: agent-platform.spend.ingest }]`) can do nothing else.
 *
 * @public
 */
export const agentPlatformSpendIngestPermission: AgentPlatformBasicPermission =
  {
    type: 'basic',
    name: 'agent-platform.spend.ingest',
    attributes: { action: 'create' },
  };

/**
 * Import an Anthropic Admin API Claude Code usage report through the upload
 * endpoint. The portal's policy allows it to the platform team; services are
 * allowed unless their token's access restrictions leave it out.
 *
 * @public
 */
export const agentPlatformSpendImportPermission: AgentPlatformBasicPermission =
  {
    type: 'basic',
    name: 'agent-platform.spend.import',
    attributes: { action: 'create' },
  };

/**
 * The resource type of a team (resource ref: the Group's entity ref), for
 * actions a team takes about itself, such as requesting an exception.
 *
 * @public
 */
export const AGENT_PLATFORM_TEAM_RESOURCE_TYPE = 'agent-platform-team';

/**
 * The permission rule of team resources: the team is one of the given refs
 * (params `{ claims: string[] }`, e.g. a user's ownership refs, which hold
 * the groups the user is a member of).
 *
 * @public
 */
export const AGENT_PLATFORM_TEAM_RULE_IS_MEMBER = 'IS_TEAM_MEMBER';

/**
 * Request an exception to a federation rule for a team. The portal's policy
 * allows it to the team's members ({@link AGENT_PLATFORM_TEAM_RULE_IS_MEMBER})
 * and to the platform team.
 *
 * @public
 */
export const agentPlatformExceptionRequestPermission: AgentPlatformResourcePermission =
  {
    type: 'resource',
    name: 'agent-platform.exception.request',
    attributes: { action: 'create' },
    resourceType: AGENT_PLATFORM_TEAM_RESOURCE_TYPE,
  };

/**
 * Approve or deny exception requests. The portal's policy allows it to the
 * platform team and the groups in `agentPlatform.exceptions.approvers`, the
 * same people the exception policy accepts as approvers.
 *
 * @public
 */
export const agentPlatformExceptionDecidePermission: AgentPlatformBasicPermission =
  {
    type: 'basic',
    name: 'agent-platform.exception.decide',
    attributes: { action: 'update' },
  };

/**
 * Promote a team skill to the org registry (the `agent-platform:skill:promote`
 * scaffolder action): a resource permission on the skill's catalog entity
 * (resource type `catalog-entity`, resource ref the skill's entity ref). The
 * portal's policy allows it to the platform team, and conditionally (the
 * catalog's `IS_ENTITY_OWNER` rule with the user's ownership refs) to the
 * members of the team that owns the skill.
 *
 * @public
 */
export const agentPlatformSkillPromotePermission: AgentPlatformResourcePermission =
  {
    type: 'resource',
    name: 'agent-platform.skill.promote',
    attributes: { action: 'update' },
    resourceType: 'catalog-entity',
  };

/**
 * Post a skill's evaluation result (`POST /skills/:namespace/:name/evals`).
 * Meant for the external-access token of a skill's CI, limited to this
 * permission (`accessRestrictions: [{ plugin: agent-platform, permission:
 * agent-platform.skill.eval.post }]`); the route also requires the token's
 * subject to name the skill ({@link skillEvalTokenSubject}).
 *
 * @public
 */
export const agentPlatformSkillEvalPostPermission: AgentPlatformBasicPermission =
  {
    type: 'basic',
    name: 'agent-platform.skill.eval.post',
    attributes: { action: 'create' },
  };

/**
 * Start an upgrade campaign (`POST /bases/:namespace/:name/campaigns`): open
 * upgrade pull requests for every repository below a base release. The
 * portal's policy allows it to the platform team only.
 *
 * @public
 */
export const agentPlatformCampaignStartPermission: AgentPlatformBasicPermission =
  {
    type: 'basic',
    name: 'agent-platform.campaign.start',
    attributes: { action: 'create' },
  };

/**
 * Notify a team's owners about its agent config from the portal
 * (`POST /teams/:namespace/:name/notify`, the overview's "Notify owners").
 * The portal's policy allows it to the platform team only.
 *
 * @public
 */
export const agentPlatformTeamNotifyPermission: AgentPlatformBasicPermission = {
  type: 'basic',
  name: 'agent-platform.team.notify',
  attributes: { action: 'create' },
};

/**
 * Every permission the agent platform defines.
 *
 * @public
 */
export const agentPlatformPermissions: ReadonlyArray<
  AgentPlatformBasicPermission | AgentPlatformResourcePermission
> = [
  agentPlatformOverviewReadPermission,
  agentPlatformSpendReadPermission,
  agentPlatformSpendIngestPermission,
  agentPlatformSpendImportPermission,
  agentPlatformExceptionRequestPermission,
  agentPlatformExceptionDecidePermission,
  agentPlatformSkillPromotePermission,
  agentPlatformSkillEvalPostPermission,
  agentPlatformCampaignStartPermission,
  agentPlatformTeamNotifyPermission,
];
