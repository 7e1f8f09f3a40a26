import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogIngestionManagePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AGENT_PLATFORM_TEAM_RESOURCE_TYPE,
  AGENT_PLATFORM_TEAM_RULE_IS_MEMBER,
  agentPlatformCampaignStartPermission,
  agentPlatformExceptionDecidePermission,
  agentPlatformExceptionRequestPermission,
  AGENT_PLATFORM_SPEND_RESOURCE_TYPE,
  AGENT_PLATFORM_SPEND_RULE_IS_OWN,
  agentPlatformOverviewReadPermission,
  agentPlatformSkillPromotePermission,
  agentPlatformSpendImportPermission,
  agentPlatformSpendIngestPermission,
  agentPlatformSpendReadPermission,
  agentPlatformTeamNotifyPermission,
} from '@agent-platform/plugin-agent-platform-common';

/** The group that runs the portal when `agentPlatform.platformTeam` is not set. */
export const DEFAULT_PLATFORM_TEAM = 'group:default/platform';

/**
 * Permissions that change what the catalog contains. Only the platform team
 * may use them; everyone else reads.
 */
const platformOnly = new Set(
  [
    catalogEntityCreatePermission,
    catalogEntityDeletePermission,
    catalogLocationCreatePermission,
    catalogLocationDeletePermission,
    catalogIngestionManagePermission,
    // Importing Admin API usage reports (spend for everyone).
    agentPlatformSpendImportPermission,
    // Upgrade campaigns (pull requests in every repository below a release).
    agentPlatformCampaignStartPermission,
    // Notifying a team's owners from the overview.
    agentPlatformTeamNotifyPermission,
  ].map(p => p.name),
);

/**
 * The portal's permission policy: everyone signed in may read and scaffold;
 * registering, unregistering and deleting catalog entries, importing
 * Admin API usage reports, starting upgrade campaigns and notifying a
 * team's owners is the platform team's; telemetry ingestion is for
 * services only; the agent platform overview is readable by everyone, or by the
 * groups in `agentPlatform.overview.readers` and the platform team; spend is
 * readable by the platform team and, for their own spend, by team members;
 * team members request exceptions for their team, and the platform team and
 * `agentPlatform.exceptions.approvers` decide on them;
 * promoting a skill is for its owning team's members and the platform team.
 *
 * @public
 */
export class AgentPlatformPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      userInfo: UserInfoService;
      platformTeam: string;
      /** Groups whose members may read the platform overview; everyone when absent. */
      overviewReaders?: string[];
      /** Groups whose members may approve exceptions, besides the platform team. */
      exceptionApprovers?: string[];
    },
  ) {}

  static fromConfig(config: Config, userInfo: UserInfoService) {
    return new AgentPlatformPermissionPolicy({
      userInfo,
      platformTeam:
        config.getOptionalString('agentPlatform.platformTeam') ??
        DEFAULT_PLATFORM_TEAM,
      overviewReaders: config.getOptionalStringArray(
        'agentPlatform.overview.readers',
      ),
      exceptionApprovers: config.getOptionalStringArray(
        'agentPlatform.exceptions.approvers',
      ),
    });
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (request.permission.name === agentPlatformOverviewReadPermission.name) {
      return this.#overviewDecision(user);
    }
    if (request.permission.name === agentPlatformSpendReadPermission.name) {
      return this.#spendDecision(user);
    }
    if (request.permission.name === agentPlatformSkillPromotePermission.name) {
      return this.#promoteDecision(user);
    }
    if (
      request.permission.name === agentPlatformExceptionDecidePermission.name
    ) {
      return this.#exceptionDecision(user);
    }
    if (
      request.permission.name === agentPlatformExceptionRequestPermission.name
    ) {
      return this.#exceptionRequest(user);
    }
    if (request.permission.name === agentPlatformSpendIngestPermission.name) {
      // Telemetry comes from services and tokens, never from a user.
      return { result: user ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
    }
    if (!platformOnly.has(request.permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const info = await this.options.userInfo.getUserInfo(user.credentials);
    return info.ownershipEntityRefs.includes(this.options.platformTeam)
      ? { result: AuthorizeResult.ALLOW }
      : { result: AuthorizeResult.DENY };
  }

  /**
   * Spend: the platform team reads all of it (the per-team table and the
   * unattributed bucket included); anyone else only the spend that is theirs
   * (rule `IS_OWN_SPEND` with their ownership refs: their own, their teams',
   * their teams' components'). Requests without a user are other backends.
   */
  async #spendDecision(user?: PolicyQueryUser): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.ALLOW };
    }
    const info = await this.options.userInfo.getUserInfo(user.credentials);
    if (info.ownershipEntityRefs.includes(this.options.platformTeam)) {
      return { result: AuthorizeResult.ALLOW };
    }
    return {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'agent-platform',
      resourceType: AGENT_PLATFORM_SPEND_RESOURCE_TYPE,
      conditions: {
        rule: AGENT_PLATFORM_SPEND_RULE_IS_OWN,
        resourceType: AGENT_PLATFORM_SPEND_RESOURCE_TYPE,
        params: { claims: info.ownershipEntityRefs },
      },
    };
  }

  /**
   * Exceptions are decided by the platform team and the groups in
   * `agentPlatform.exceptions.approvers`: the same people the exception
   * policy accepts as approvers. Never by a service on its own.
   */
  async #exceptionDecision(user?: PolicyQueryUser): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const allowed = new Set([
      this.options.platformTeam,
      ...(this.options.exceptionApprovers ?? []),
    ]);
    const info = await this.options.userInfo.getUserInfo(user.credentials);
    return info.ownershipEntityRefs.some(ref => allowed.has(ref))
      ? { result: AuthorizeResult.ALLOW }
      : { result: AuthorizeResult.DENY };
  }

  /**
   * Promoting a skill: the platform team promotes any skill; anyone else only
   * skills their team owns (the catalog's IS_ENTITY_OWNER rule, judged by the
   * catalog against the skill's ownedBy relation). Never without a user: the
   * promote action asks with the credentials of whoever runs the template.
   */
  async #promoteDecision(user?: PolicyQueryUser): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const info = await this.options.userInfo.getUserInfo(user.credentials);
    if (info.ownershipEntityRefs.includes(this.options.platformTeam)) {
      return { result: AuthorizeResult.ALLOW };
    }
    return createCatalogConditionalDecision(
      agentPlatformSkillPromotePermission as ResourcePermission<'catalog-entity'>,
      catalogConditions.isEntityOwner({ claims: info.ownershipEntityRefs }),
    );
  }

  /**
   * A team's members request exceptions for their team (rule
   * `IS_TEAM_MEMBER` with their ownership refs); the platform team for any.
   */
  async #exceptionRequest(user?: PolicyQueryUser): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const info = await this.options.userInfo.getUserInfo(user.credentials);
    if (info.ownershipEntityRefs.includes(this.options.platformTeam)) {
      return { result: AuthorizeResult.ALLOW };
    }
    return {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'agent-platform',
      resourceType: AGENT_PLATFORM_TEAM_RESOURCE_TYPE,
      conditions: {
        rule: AGENT_PLATFORM_TEAM_RULE_IS_MEMBER,
        resourceType: AGENT_PLATFORM_TEAM_RESOURCE_TYPE,
        params: { claims: info.ownershipEntityRefs },
      },
    };
  }

  /**
   * The overview shows every team's violations. Without
   * `agentPlatform.overview.readers` everyone signed in reads it; with it, only
   * members of those groups and the platform team. Requests without a user
   * are other backends acting for the portal (the agent-platform router only
   * accepts user and service credentials), so they read it.
   */
  async #overviewDecision(user?: PolicyQueryUser): Promise<PolicyDecision> {
    const readers = this.options.overviewReaders;
    if (!user || !readers) {
      return { result: AuthorizeResult.ALLOW };
    }
    const allowed = new Set([...readers, this.options.platformTeam]);
    const info = await this.options.userInfo.getUserInfo(user.credentials);
    return info.ownershipEntityRefs.some(ref => allowed.has(ref))
      ? { result: AuthorizeResult.ALLOW }
      : { result: AuthorizeResult.DENY };
  }
}

/**
 * Installs {@link AgentPlatformPermissionPolicy} as the permission backend's policy.
 *
 * @public
 */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'agent-platform-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          AgentPlatformPermissionPolicy.fromConfig(config, userInfo),
        );
      },
    });
  },
});
