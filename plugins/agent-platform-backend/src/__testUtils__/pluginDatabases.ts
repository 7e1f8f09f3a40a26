import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';

/**
 * The database service: the agent-platform plugin gets `knex` (the test's
 * database); every other plugin (catalog, ...) its own in-memory SQLite, as
 * each plugin has its own database in a real portal. Sharing one would make
 * the plugins' schedulers migrate the same tables at once, and one of them
 * fail on the migration lock now and then.
 *
 * @param others - receives the other plugins' databases, to destroy after the
 *   backend stops
 */
export function pluginDatabases(knex: Knex, others: Knex[]) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { pluginMetadata: coreServices.pluginMetadata },
    async factory({ pluginMetadata }) {
      if (pluginMetadata.getId() === 'agent-platform') {
        return { getClient: async () => knex };
      }
      const own = knexFactory({
        client: 'better-sqlite3',
        connection: ':memory:',
        useNullAsDefault: true,
      });
      others.push(own);
      return { getClient: async () => own };
    },
  });
}

