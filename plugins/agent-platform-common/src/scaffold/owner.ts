import { normalizeEntityRef, parseEntityRefLoose } from '../model/entityRef';
import { ScaffoldProblem } from './problems';

/**
 * A Group entity as far as ownership checks read it.
 *
 * @public
 */
export interface ScaffoldGroupLike {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: { type?: string } | Record<string, unknown>;
}

/**
 * Who runs a template: the user's ref and the groups they belong to
 * (normalized `group:namespace/name` refs, e.g. from the user's ownership
 * refs or `memberOf`).
 *
 * @public
 */
export interface ScaffoldUser {
  /** `user:default/elena.sokolova`; undefined for a service principal. */
  ref?: string;
  /** Normalized refs of the user's groups. */
  groups: string[];
}

/**
 * The teams (Groups with `spec.type: team`) among a user's groups, sorted.
 *
 * @public
 */
export function teamsOfUser(
  user: ScaffoldUser,
  groups: ScaffoldGroupLike[],
): string[] {
  const mine = new Set(user.groups.map(g => normalizeEntityRef(g, 'group')));
  return groups
    .filter(g => (g.spec as { type?: string } | undefined)?.type === 'team')
    .map(g =>
      `group:${g.metadata.namespace ?? 'default'}/${g.metadata.name}`.toLocaleLowerCase(
        'en-US',
      ),
    )
    .filter(ref => mine.has(ref))
    .sort();
}

/**
 * Checks the owner of a new repository: a Group of `spec.type: team` (not a
 * department or an organisation) that is in the catalog and that the user
 * belongs to; members of the platform team may pick any team. Every problem
 * names the field `owner`.
 *
 * @public
 */
export function checkScaffoldOwner(input: {
  /** The owner as given (`group:default/payments` or `payments`). */
  owner: string;
  /** The owner's entity; undefined when the catalog has none. */
  ownerEntity?: ScaffoldGroupLike;
  user: ScaffoldUser;
  /** Normalized ref of the platform team. */
  platformTeam: string;
}): ScaffoldProblem[] {
  const field = 'owner';
  const parts = parseEntityRefLoose(input.owner ?? '', 'group');
  if (
    !parts ||
    parts.kind !== 'group' ||
    !/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/.test(parts.name)
  ) {
    return [
      {
        field,
        message: `${JSON.stringify(
          input.owner,
        )} is not a group name or ref (e.g. group:default/payments)`,
      },
    ];
  }
  const ref = `group:${parts.namespace}/${parts.name}`;
  const entity = input.ownerEntity;
  if (!entity || entity.kind.toLocaleLowerCase('en-US') !== 'group') {
    return [{ field, message: `The team ${ref} is not in the catalog` }];
  }
  const type = (entity.spec as { type?: string } | undefined)?.type;
  if (type !== 'team') {
    return [
      {
        field,
        message: `${ref} is a ${
          type ?? 'group without a type'
        }, not a team; a repository is owned by the team that maintains it`,
      },
    ];
  }
  const groups = new Set(
    input.user.groups.map(g => normalizeEntityRef(g, 'group')),
  );
  if (groups.has(normalizeEntityRef(input.platformTeam, 'group'))) return [];
  const who = input.user.ref ?? 'this caller';
  if (input.user.groups.length === 0) {
    return [
      {
        field,
        message: `${who} belongs to no team in the catalog, so cannot own a repository; ask to be added to your team (memberOf) first`,
      },
    ];
  }
  if (!groups.has(ref)) {
    return [
      {
        field,
        message: `${who} is not a member of ${ref}; choose one of your teams (${[
          ...groups,
        ]
          .sort()
          .join(', ')}), or ask the platform team`,
      },
    ];
  }
  return [];
}

/**
 * The groups a user belongs to: the group refs among their sign-in ownership
 * refs, and the `memberOf` of their User entity (its relations, or
 * `spec.memberOf` for an entity not yet processed), normalized and sorted.
 *
 * @public
 */
export function groupsOfUser(input: {
  ownershipEntityRefs?: string[];
  userEntity?: {
    metadata: { namespace?: string };
    spec?: unknown;
    relations?: Array<{ type: string; targetRef: string }>;
  };
}): string[] {
  const groups = new Set<string>();
  const add = (ref: string | undefined) => {
    if (ref?.startsWith('group:')) groups.add(ref);
  };
  for (const owned of input.ownershipEntityRefs ?? []) {
    add(normalizeEntityRef(owned));
  }
  const entity = input.userEntity;
  const memberOf = (entity?.spec as { memberOf?: unknown } | undefined)
    ?.memberOf;
  for (const group of Array.isArray(memberOf) ? memberOf : []) {
    const text = String(group);
    add(
      normalizeEntityRef(
        text.includes('/') || text.includes(':')
          ? text
          : `${entity?.metadata.namespace ?? 'default'}/${text}`,
        'group',
      ),
    );
  }
  for (const relation of entity?.relations ?? []) {
    if (relation.type === 'memberOf') add(normalizeEntityRef(relation.targetRef));
  }
  return [...groups].sort();
}
