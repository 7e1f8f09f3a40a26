import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  nextRecipientRefs,
  RecipientEntity,
  recipientsReachingAUser,
} from '@agent-platform/plugin-agent-platform-common';

/**
 * Which recipient refs reach at least one user through the notifications
 * backend: loads the catalog level by level (the refs, then their child
 * groups and owners) and asks the core's `recipientsReachingAUser`.
 */
export function catalogRecipientReach(deps: {
  catalog: CatalogService;
  auth: AuthService;
}): (refs: string[]) => Promise<Set<string>> {
  return async refs => {
    const entities = new Map<string, RecipientEntity>();
    const looked = new Set<string>();
    let todo = [...new Set(refs)].filter(
      r => !r.toLocaleLowerCase('en-US').startsWith('user:'),
    );
    while (todo.length > 0) {
      todo.forEach(ref => looked.add(ref.toLocaleLowerCase('en-US')));
      const { items } = await deps.catalog.getEntitiesByRefs(
        {
          entityRefs: todo,
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
        },
        { credentials: await deps.auth.getOwnServiceCredentials() },
      );
      const next: string[] = [];
      for (const entity of items) {
        if (!entity) continue;
        const ref = stringifyEntityRef(entity);
        entities.set(ref, entity);
        for (const n of nextRecipientRefs(entity)) {
          if (
            !looked.has(n.toLocaleLowerCase('en-US')) &&
            !n.startsWith('user:')
          )
            next.push(n);
        }
      }
      todo = [...new Set(next)];
    }
    return recipientsReachingAUser(refs, entities);
  };
}
