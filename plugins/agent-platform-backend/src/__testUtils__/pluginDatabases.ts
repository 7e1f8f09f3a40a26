import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The database service: the agent-platform plugin gets `knex` (the test's
 * database); every other plugin (catalog, ...) its own in-memory SQLite, as
 * each plugin has its own database in a real portal. Sharing one would make
 * the plugins' schedulers migrate the same tables at once, and one of them
 * fail on the migration lock now and then.
 *
 * @param others - receives the other plugins' databases, to destroy after the
 *   backend stops
 * @param kept - when given, each other plugin's database by plugin id, kept
 *   (in a file) across backends, as a real portal's are across restarts
 */
export function pluginDatabases(
  knex: Knex,
  others: Knex[],
  kept?: Map<string, Knex>,
) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { pluginMetadata: coreServices.pluginMetadata },
    async factory({ pluginMetadata }) {
      if (pluginMetadata.getId() === 'agent-platform') {
        return { getClient: async () => knex };
      }
      const id = pluginMetadata.getId();
      const reused = kept?.get(id);
      if (reused) return { getClient: async () => reused };
      const own = knexFactory({
        client: 'better-sqlite3',
        connection: kept
          ? { filename: join(mkdtempSync(join(tmpdir(), `${id}-`)), 'db.sqlite') }
          : ':memory:',
        useNullAsDefault: true,
      });
      if (kept) kept.set(id, own);
      else others.push(own);
      return { getClient: async () => own };
    },
  });
}

