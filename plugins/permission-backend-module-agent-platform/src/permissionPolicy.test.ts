import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  agentPlatformCampaignStartPermission,
  agentPlatformOverviewReadPermission,
  agentPlatformSkillPromotePermission,
  agentPlatformSpendImportPermission,
  agentPlatformSpendIngestPermission,
} from '@agent-platform/plugin-agent-platform-common';
import { AgentPlatformPermissionPolicy } from './permissionPolicy';

describe('AgentPlatformPermissionPolicy', () => {
  const userInfoFor = (ownershipEntityRefs: string[]) =>
    mockServices.userInfo.mock({
      getUserInfo: async () => ({
        userEntityRef: 'user:default/someone',
        ownershipEntityRefs,
      }),
    });
  const user = (ownershipEntityRefs: string[]) => ({
    credentials: mockCredentials.user('user:default/someone'),
    info: { userEntityRef: 'user:default/someone', ownershipEntityRefs },
  });

  it('lets anyone read the catalog', async () => {
    const policy = AgentPlatformPermissionPolicy.fromConfig(
      new ConfigReader({}),
      userInfoFor(['group:default/payments']),
    );
    const decision = await policy.handle(
      { permission: catalogEntityReadPermission },
      user(['group:default/payments']),
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });

  it.each([
    catalogEntityDeletePermission,
    catalogLocationCreatePermission,
    agentPlatformSpendImportPermission,
    agentPlatformCampaignStartPermission,
  ])('keeps $name for the platform team', async permission => {
    const outsider = AgentPlatformPermissionPolicy.fromConfig(
      new ConfigReader({}),
      userInfoFor(['user:default/someone', 'group:default/payments']),
    );
    expect(
      (await outsider.handle({ permission }, user(['group:default/payments'])))
        .result,
    ).toBe(AuthorizeResult.DENY);

    const member = AgentPlatformPermissionPolicy.fromConfig(
      new ConfigReader({}),
      userInfoFor(['user:default/someone', 'group:default/platform']),
    );
    expect(
      (await member.handle({ permission }, user(['group:default/platform'])))
        .result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('reads the platform team from config', async () => {
    const policy = AgentPlatformPermissionPolicy.fromConfig(
      new ConfigReader({ agentPlatform: { platformTeam: 'group:ops/infra' } }),
      userInfoFor(['group:ops/infra']),
    );
    const decision = await policy.handle(
      { permission: catalogEntityDeletePermission },
      user(['group:ops/infra']),
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });

  it('denies catalog changes without a user', async () => {
    const policy = AgentPlatformPermissionPolicy.fromConfig(
      new ConfigReader({}),
      userInfoFor([]),
    );
    const decision = await policy.handle({
      permission: catalogEntityDeletePermission,
    });
    expect(decision.result).toBe(AuthorizeResult.DENY);
  });

  it('keeps telemetry ingestion for services: no user sends it, not even the platform team', async () => {
    const policy = AgentPlatformPermissionPolicy.fromConfig(
      new ConfigReader({}),
      userInfoFor(['user:default/someone', 'group:default/platform']),
    );
    const permission = agentPlatformSpendIngestPermission;
    expect(
      (await policy.handle({ permission }, user(['group:default/platform'])))
        .result,
    ).toBe(AuthorizeResult.DENY);
    expect((await policy.handle({ permission })).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  describe('the agent platform overview', () => {
    const permission = agentPlatformOverviewReadPermission;

    it('is readable by everyone signed in when no readers are configured', async () => {
      const policy = AgentPlatformPermissionPolicy.fromConfig(
        new ConfigReader({}),
        userInfoFor(['group:default/payments']),
      );
      expect(
        (await policy.handle({ permission }, user(['group:default/payments'])))
          .result,
      ).toBe(AuthorizeResult.ALLOW);
    });

    it('is limited to the configured readers and the platform team', async () => {
      const config = new ConfigReader({
        agentPlatform: { overview: { readers: ['group:default/leads'] } },
      });
      const decide = async (groups: string[]) =>
        (
          await AgentPlatformPermissionPolicy.fromConfig(
            config,
            userInfoFor(groups),
          ).handle({ permission }, user(groups))
        ).result;
      expect(await decide(['group:default/payments'])).toBe(
        AuthorizeResult.DENY,
      );
      expect(await decide(['group:default/leads'])).toBe(AuthorizeResult.ALLOW);
      expect(await decide(['group:default/platform'])).toBe(
        AuthorizeResult.ALLOW,
      );
    });

    it('is readable by other backends acting for the portal', async () => {
      const policy = AgentPlatformPermissionPolicy.fromConfig(
        new ConfigReader({
          agentPlatform: { overview: { readers: ['group:default/leads'] } },
        }),
        userInfoFor([]),
      );
      expect((await policy.handle({ permission })).result).toBe(
        AuthorizeResult.ALLOW,
      );
    });
  });
});

describe('AgentPlatformPermissionPolicy: skill promotion', () => {
  const policyFor = (ownershipEntityRefs: string[]) =>
    AgentPlatformPermissionPolicy.fromConfig(
      new ConfigReader({}),
      mockServices.userInfo.mock({
        getUserInfo: async () => ({
          userEntityRef: 'user:default/someone',
          ownershipEntityRefs,
        }),
      }),
    );
  const asUser = (ownershipEntityRefs: string[]) => ({
    credentials: mockCredentials.user('user:default/someone'),
    info: { userEntityRef: 'user:default/someone', ownershipEntityRefs },
  });
  const request = {
    permission: agentPlatformSkillPromotePermission as any,
    resourceRef: 'airesource:default/dbt-model-review',
  };

  it('allows the platform team', async () => {
    const refs = ['user:default/someone', 'group:default/platform'];
    expect((await policyFor(refs).handle(request, asUser(refs))).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it("asks the catalog whether anyone else's teams own the skill", async () => {
    const refs = ['user:default/someone', 'group:default/payments'];
    expect(await policyFor(refs).handle(request, asUser(refs))).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: refs },
      },
    });
  });

  it('denies requests without a user', async () => {
    expect((await policyFor([]).handle(request)).result).toBe(
      AuthorizeResult.DENY,
    );
  });
});
