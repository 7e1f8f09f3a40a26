import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  AGENT_PLATFORM_TEAM_RESOURCE_TYPE,
  AGENT_PLATFORM_TEAM_RULE_IS_MEMBER,
} from '@agent-platform/plugin-agent-platform-common';
import { z } from 'zod';

/**
 * A team resource: the Group, by its entity ref.
 *
 * @public
 */
export interface TeamResource {
  ref: string;
}

/**
 * The resource ref of team resources.
 *
 * @public
 */
export const teamPermissionResourceRef = createPermissionResourceRef<
  TeamResource,
  { claims: string[] }
>().with({
  pluginId: 'agent-platform',
  resourceType: AGENT_PLATFORM_TEAM_RESOURCE_TYPE,
});

/**
 * `IS_TEAM_MEMBER`: the team is one of `claims` (typically the caller's
 * ownership refs, which hold the groups the caller is a member of).
 *
 * @public
 */
export const isTeamMemberRule = createPermissionRule({
  name: AGENT_PLATFORM_TEAM_RULE_IS_MEMBER,
  description: 'Allow when the team is one of the given groups',
  resourceRef: teamPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Group refs, e.g. the caller ownership refs'),
  }),
  apply: (resource: TeamResource, { claims }) =>
    claims.some(c => c.toLocaleLowerCase('en-US') === resource.ref),
  toQuery: ({ claims }) => ({ claims }),
});
