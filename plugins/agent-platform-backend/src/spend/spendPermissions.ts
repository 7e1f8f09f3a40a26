import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  AGENT_PLATFORM_SPEND_PLATFORM_RESOURCE,
  AGENT_PLATFORM_SPEND_RESOURCE_TYPE,
  AGENT_PLATFORM_SPEND_RULE_IS_OWN,
} from '@agent-platform/plugin-agent-platform-common';
import { z } from 'zod';

/**
 * A spend resource: whose spend it is. `claims` are the Group and User refs
 * the spend belongs to (a Group: itself; a User: itself and its groups; a
 * Component: its owner; the platform table: none).
 *
 * @public
 */
export interface SpendResource {
  ref: string;
  claims: string[];
}

/**
 * The resource ref of spend resources.
 *
 * @public
 */
export const spendPermissionResourceRef = createPermissionResourceRef<
  SpendResource,
  { claims: string[] }
>().with({
  pluginId: 'agent-platform',
  resourceType: AGENT_PLATFORM_SPEND_RESOURCE_TYPE,
});

/**
 * `IS_OWN_SPEND`: the spend belongs to one of `claims` (typically the
 * caller's ownership refs: the user and its groups).
 *
 * @public
 */
export const isOwnSpendRule = createPermissionRule({
  name: AGENT_PLATFORM_SPEND_RULE_IS_OWN,
  description:
    'Allow when the spend belongs to one of the given users or groups',
  resourceRef: spendPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('User and Group refs, e.g. the caller ownership refs'),
  }),
  apply: (resource: SpendResource, { claims }) =>
    resource.claims.some(c => claims.includes(c)),
  toQuery: ({ claims }) => ({ claims }),
});

/**
 * Loads spend resources for the permission framework.
 *
 * @public
 */
export function spendResourceLoader(
  claimsOf: (ref: string) => Promise<string[]>,
) {
  return async (refs: string[]): Promise<Array<SpendResource | undefined>> =>
    Promise.all(
      refs.map(async ref => {
        if (ref === AGENT_PLATFORM_SPEND_PLATFORM_RESOURCE) {
          return { ref, claims: [] };
        }
        try {
          return { ref, claims: await claimsOf(ref) };
        } catch {
          return undefined;
        }
      }),
    );
}
