import type { PlatformEntityLike } from '../inheritance/platformIndex';

/**
 * What changed in the catalog since a snapshot was built: entities added or
 * changed (agent configs, skills, MCP servers, Components, Groups, Users) and
 * the refs of entities removed.
 *
 * @public
 */
export interface CatalogChange {
  /** Entities added or changed. */
  upserted: PlatformEntityLike[];
  /** Normalized refs of entities removed. */
  removed: string[];
}
