/**
 * What {@link recipientsReachingAUser} needs of a catalog entity: its kind
 * and relations (as the catalog's `relations` field holds them).
 *
 * @public
 */
export interface RecipientEntity {
  /** The entity's kind, e.g. `Group`. */
  kind: string;
  /** Its relations, e.g. `hasMember`, `parentOf`, `ownedBy`. */
  relations?: Array<{ type: string; targetRef: string }>;
}

const isUserRef = (ref: string) =>
  ref.toLocaleLowerCase('en-US').startsWith('user:');

/**
 * The refs a notification recipient leads to next, the way Backstage's
 * notifications backend resolves an entity recipient: a Group to its child
 * groups (`parentOf`), any other entity except a User to its owner
 * (`ownedBy`). Used to load the catalog level by level.
 *
 * @public
 */
export function nextRecipientRefs(entity: RecipientEntity): string[] {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  if (kind === 'user') return [];
  const relations = entity.relations ?? [];
  if (kind === 'group') {
    return relations.filter(r => r.type === 'parentOf').map(r => r.targetRef);
  }
  const owner = relations.find(r => r.type === 'ownedBy');
  return owner ? [owner.targetRef] : [];
}

/**
 * Which of `refs` reach at least one user when sent a notification, resolved
 * as Backstage's notifications backend does (its
 * `DefaultNotificationRecipientResolver`): a User ref always; a Group through
 * its `hasMember` users and, recursively, its child groups; any other entity
 * through its owner. A Group with no members anywhere below it, or a ref the
 * catalog does not hold, reaches nobody: a notification sent to it alone is
 * stored for no one.
 *
 * @param refs - recipient entity refs.
 * @param entities - the catalog entities by ref (lower-cased or as written),
 *   for `refs` and everything {@link nextRecipientRefs} leads to; a ref absent
 *   from the map is an entity the catalog does not hold.
 * @public
 */
export function recipientsReachingAUser(
  refs: string[],
  entities: ReadonlyMap<string, RecipientEntity>,
): Set<string> {
  const memo = new Map<string, boolean>();
  const get = (ref: string) =>
    entities.get(ref) ?? entities.get(ref.toLocaleLowerCase('en-US'));
  const reaches = (ref: string, path: Set<string>): boolean => {
    if (isUserRef(ref)) return true;
    const known = memo.get(ref);
    if (known !== undefined) return known;
    // A cycle in the group tree adds nobody new.
    if (path.has(ref)) return false;
    const entity = get(ref);
    if (!entity) {
      memo.set(ref, false);
      return false;
    }
    const direct =
      entity.kind.toLocaleLowerCase('en-US') === 'group' &&
      (entity.relations ?? []).some(
        r => r.type === 'hasMember' && isUserRef(r.targetRef),
      );
    path.add(ref);
    const result =
      direct || nextRecipientRefs(entity).some(next => reaches(next, path));
    path.delete(ref);
    // A "no" found below a cycle's cut may be a "yes" from elsewhere: keep
    // only answers that do not depend on the path taken.
    if (result || path.size === 0) memo.set(ref, result);
    return result;
  };
  return new Set(refs.filter(ref => reaches(ref, new Set())));
}
