import { SpendAttributes } from './points';

/**
 * A catalog entity as attribution reads it (Group and User entities).
 *
 * @public
 */
export interface SpendCatalogEntity {
  kind: string;
  metadata: { name: string; namespace?: string; title?: string };
  spec?: unknown;
}

/**
 * What attribution looks entities up in: Groups by name and ref, Users by
 * e-mail with their groups.
 *
 * @public
 */
export interface SpendAttributionIndex {
  /** Group ref by lower-case name and by lower-case ref. */
  groups: Map<string, string>;
  /** Lower-case e-mail to the User's ref and its team (the first group of type team it is a member of, else its first group). */
  users: Map<string, { ref: string; team: string | null }>;
  /** Every Group of type `team`: ref and title. */
  teams: Array<{ ref: string; title: string }>;
  /** Groups (refs) each User ref is a member of. */
  memberships: Map<string, string[]>;
}

/**
 * Where a data point's spend goes.
 *
 * @public
 */
export interface SpendAttribution {
  /** Group ref, or null for the unattributed bucket. */
  team: string | null;
  /** User ref when the e-mail matched a User, else the e-mail, else null. */
  user: string | null;
}

const lower = (text: string) => text.toLocaleLowerCase('en-US');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refOf(entity: SpendCatalogEntity): string {
  return lower(
    `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
      entity.metadata.name
    }`,
  );
}

/** A relation-style ref (`group:ns/name`, `ns/name` or `name`) as a full group ref. */
function groupRef(text: string, namespace: string): string {
  let rest = text.trim();
  const colon = rest.indexOf(':');
  if (colon >= 0) rest = rest.slice(colon + 1);
  const slash = rest.indexOf('/');
  return lower(slash >= 0 ? `group:${rest}` : `group:${namespace}/${rest}`);
}

/**
 * Builds the attribution index from the catalog's Group and User entities.
 * A User's groups come from `spec.memberOf`, and from the Groups'
 * `spec.members`.
 *
 * @public
 */
export function buildSpendAttributionIndex(
  entities: SpendCatalogEntity[],
): SpendAttributionIndex {
  const groups = new Map<string, string>();
  const teams: SpendAttributionIndex['teams'] = [];
  const teamRefs = new Set<string>();
  const memberships = new Map<string, string[]>();
  const addMember = (user: string, group: string) => {
    const list = memberships.get(user) ?? [];
    if (!list.includes(group)) list.push(group);
    memberships.set(user, list);
  };
  const byName = new Map<string, string[]>();
  for (const entity of entities) {
    if (lower(entity.kind) !== 'group') continue;
    const ref = refOf(entity);
    groups.set(ref, ref);
    const name = lower(entity.metadata.name);
    byName.set(name, [...(byName.get(name) ?? []), ref]);
    const spec = isRecord(entity.spec) ? entity.spec : {};
    if (spec.type === 'team') {
      teamRefs.add(ref);
      teams.push({ ref, title: entity.metadata.title ?? entity.metadata.name });
    }
    if (Array.isArray(spec.members)) {
      for (const member of spec.members) {
        if (typeof member !== 'string') continue;
        const m = member.includes(':') ? member : `user:${member}`;
        const userRef = lower(
          m.includes('/')
            ? m
            : m.replace(':', `:${entity.metadata.namespace ?? 'default'}/`),
        );
        addMember(userRef, ref);
      }
    }
  }
  // A name shared by groups of several namespaces stays ambiguous: only its refs match.
  for (const [name, refs] of byName) {
    if (refs.length === 1 && !groups.has(name)) groups.set(name, refs[0]);
  }
  const users = new Map<string, { ref: string; team: string | null }>();
  const emails: Array<[string, string]> = [];
  for (const entity of entities) {
    if (lower(entity.kind) !== 'user') continue;
    const ref = refOf(entity);
    const spec = isRecord(entity.spec) ? entity.spec : {};
    if (Array.isArray(spec.memberOf)) {
      for (const group of spec.memberOf) {
        if (typeof group !== 'string') continue;
        addMember(ref, groupRef(group, entity.metadata.namespace ?? 'default'));
      }
    }
    const profile = isRecord(spec.profile) ? spec.profile : {};
    if (typeof profile.email === 'string' && profile.email.trim()) {
      emails.push([lower(profile.email.trim()), ref]);
    }
  }
  for (const list of memberships.values()) list.sort();
  for (const [email, ref] of emails) {
    const member = memberships.get(ref) ?? [];
    const team =
      member.find(g => teamRefs.has(g)) ??
      member.find(g => groups.has(g)) ??
      null;
    users.set(email, { ref, team });
  }
  teams.sort((a, b) => (a.ref < b.ref ? -1 : 1));
  return { groups, users, teams, memberships };
}

/**
 * Attributes a data point: `team.id` matched to a Group (by name or ref);
 * otherwise `user.email` matched to a User (`spec.profile.email`) and its
 * team; otherwise unattributed (`team: null`). Never drops a point.
 *
 * @public
 */
export function attributeSpend(
  attributes: SpendAttributes,
  index: SpendAttributionIndex,
): SpendAttribution {
  const email = attributes.userEmail ? lower(attributes.userEmail) : undefined;
  const user = email ? index.users.get(email) : undefined;
  const userKey = user?.ref ?? email ?? null;
  if (attributes.teamId) {
    const id = lower(attributes.teamId.trim());
    const team =
      index.groups.get(id) ??
      (id.includes('/')
        ? index.groups.get(groupRef(id, 'default'))
        : undefined);
    if (team) return { team, user: userKey };
  }
  return { team: user?.team ?? null, user: userKey };
}
