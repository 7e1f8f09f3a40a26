import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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

  it.each([catalogEntityDeletePermission, catalogLocationCreatePermission])(
    'keeps $name for the platform team',
    async permission => {
      const outsider = AgentPlatformPermissionPolicy.fromConfig(
        new ConfigReader({}),
        userInfoFor(['user:default/someone', 'group:default/payments']),
      );
      expect(
        (
          await outsider.handle(
            { permission },
            user(['group:default/payments']),
          )
        ).result,
      ).toBe(AuthorizeResult.DENY);

      const member = AgentPlatformPermissionPolicy.fromConfig(
        new ConfigReader({}),
        userInfoFor(['user:default/someone', 'group:default/platform']),
      );
      expect(
        (await member.handle({ permission }, user(['group:default/platform'])))
          .result,
      ).toBe(AuthorizeResult.ALLOW);
    },
  );

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
});
