import {
  groupsOfUser,
  normalizeEntityRef,
  ScaffoldUser,
} from '@agent-platform/plugin-agent-platform-common';
import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The platform team when `agentPlatform.platformTeam` is not set. */
export const DEFAULT_PLATFORM_TEAM = 'group:default/platform';

/**
 * Who runs a task, and the groups they belong to ({@link groupsOfUser}: the
 * ownership refs of their sign-in and the `memberOf` of their User entity).
 * A service principal belongs to no group.
 */
export async function initiatorOf(options: {
  credentials: BackstageCredentials;
  catalog: CatalogService;
  userInfo?: UserInfoService;
}): Promise<ScaffoldUser> {
  const { credentials, catalog, userInfo } = options;
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
  };
  if (principal.type !== 'user' || !principal.userEntityRef) {
    return { groups: [] };
  }
  const ref = principal.userEntityRef;
  const [info, entity] = await Promise.all([
    userInfo?.getUserInfo(credentials).catch(() => undefined),
    catalog.getEntityByRef(ref, { credentials }),
  ]);
  return {
    ref: normalizeEntityRef(ref),
    groups: groupsOfUser({
      ownershipEntityRefs: info?.ownershipEntityRefs,
      userEntity: entity,
    }),
  };
}
