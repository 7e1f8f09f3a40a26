import { DatabaseService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { GOVERNANCE_MIGRATIONS } from '../exceptions/ExceptionRequestStore';

const TABLE = 'agent_platform_notification_state';

const hashOf = (scope: string) =>
  createHash('sha256').update(scope).digest('hex');

const UNIQUE_VIOLATION = /UNIQUE constraint failed|duplicate key value/;

/**
 * The last notified state of each governance condition, by scope.
 *
 * @public
 */
export interface NotificationStateStore {
  /** Every condition's last notified state, by scope. */
  states(): Promise<Map<string, string>>;
  /**
   * Records `state` for `scope` if the stored state is still `previous`
   * (`undefined`: no row). False when another writer got there first: then
   * the caller does not notify, so that two instances never notify twice.
   */
  claim(
    scope: string,
    previous: string | undefined,
    state: string,
    at: string,
  ): Promise<boolean>;
  /** Forgets conditions that ended. */
  forget(scopes: string[]): Promise<void>;
}

/**
 * {@link NotificationStateStore} on the plugin's database.
 *
 * @public
 */
export class DatabaseNotificationStateStore implements NotificationStateStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseNotificationStateStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest(GOVERNANCE_MIGRATIONS);
    }
    return new DatabaseNotificationStateStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async states(): Promise<Map<string, string>> {
    const rows = await this.knex(TABLE).select('scope', 'state');
    return new Map(rows.map(r => [r.scope as string, r.state as string]));
  }

  async claim(
    scope: string,
    previous: string | undefined,
    state: string,
    at: string,
  ): Promise<boolean> {
    const scope_hash = hashOf(scope);
    if (previous === undefined) {
      try {
        await this.knex(TABLE).insert({ scope_hash, scope, state, notified_at: at });
        return true;
      } catch (error) {
        if (UNIQUE_VIOLATION.test(String((error as Error)?.message))) {
          return false;
        }
        throw error;
      }
    }
    const updated = await this.knex(TABLE)
      .where({ scope_hash, state: previous })
      .update({ state, notified_at: at });
    return updated === 1;
  }

  async forget(scopes: string[]): Promise<void> {
    const hashes = scopes.map(hashOf);
    // In chunks: SQLite limits the number of bound parameters.
    for (let i = 0; i < hashes.length; i += 500) {
      await this.knex(TABLE)
        .whereIn('scope_hash', hashes.slice(i, i + 500))
        .delete();
    }
  }
}
