import {
  normalizeEntityRef,
  ScaffoldUser,
} from '@agent-platform/plugin-agent-platform-common';
import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The platform team when `agentPlatform.platformTeam` is not set. */
export const DEFAULT_PLATFORM_TEAM = 'group:default/platform';

/**
 * Who runs a task, and the groups they belong to: the ownership refs of
 * their sign-in (userInfo) and the `memberOf` of their User entity in the
 * catalog. A service principal belongs to no group.
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
  const groups = new Set<string>();
  const [info, entity] = await Promise.all([
    userInfo?.getUserInfo(credentials).catch(() => undefined),
    catalog.getEntityByRef(ref, { credentials }) as Promise<Entity | undefined>,
  ]);
  for (const owned of info?.ownershipEntityRefs ?? []) {
    const normalized = normalizeEntityRef(owned);
    if (normalized?.startsWith('group:')) groups.add(normalized);
  }
  // The relations come from spec.memberOf; read it too, for entities not
  // (yet) processed.
  const memberOf = (entity?.spec as { memberOf?: unknown } | undefined)
    ?.memberOf;
  for (const group of Array.isArray(memberOf) ? memberOf : []) {
    const normalized = normalizeEntityRef(
      String(group).includes('/')
        ? String(group)
        : `${entity?.metadata.namespace ?? 'default'}/${group}`,
      'group',
    );
    if (normalized?.startsWith('group:')) groups.add(normalized);
  }
  for (const relation of entity?.relations ?? []) {
    if (relation.type !== 'memberOf') continue;
    const normalized = normalizeEntityRef(relation.targetRef);
    if (normalized?.startsWith('group:')) groups.add(normalized);
  }
  return { ref: normalizeEntityRef(ref), groups: [...groups].sort() };
}
