import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  ConfigHistoryEntry,
  EffectiveConfigChange,
  EffectiveConfigState,
} from '@agent-platform/plugin-agent-platform-common';
import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { GOVERNANCE_MIGRATIONS } from '../exceptions/ExceptionRequestStore';

const STATE = 'agent_platform_config_state';
const HISTORY = 'agent_platform_config_history';
const UNIQUE_VIOLATION = /UNIQUE constraint failed|duplicate key value/;
// SQLite limits the number of bound parameters.
const CHUNK = 500;

/** sha256 (hex) of a text. */
export const sha256 = (text: string) =>
  createHash('sha256').update(text).digest('hex');

/**
 * One change to record: the subject's state goes from `fromHash` (undefined:
 * none recorded) to `state` (undefined: the subject is gone).
 *
 * @public
 */
export interface ConfigHistoryWrite {
  subject: string;
  fromHash?: string;
  toHash?: string;
  state?: EffectiveConfigState;
  change: EffectiveConfigChange;
}

/**
 * The last recorded effective config state of each team and repository,
 * and the changes between them, in the plugin's database.
 *
 * @public
 */
export class ConfigHistoryStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<ConfigHistoryStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest(GOVERNANCE_MIGRATIONS);
    }
    return new ConfigHistoryStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /** The hash of every subject's last recorded state. */
  async hashes(): Promise<Map<string, string>> {
    const rows = await this.knex(STATE).select('subject', 'state_hash');
    return new Map(rows.map(r => [r.subject as string, r.state_hash as string]));
  }

  /** The last recorded states of some subjects. */
  async states(subjects: string[]): Promise<Map<string, EffectiveConfigState>> {
    const states = new Map<string, EffectiveConfigState>();
    for (let i = 0; i < subjects.length; i += CHUNK) {
      const rows = await this.knex(STATE)
        .whereIn('subject_hash', subjects.slice(i, i + CHUNK).map(sha256))
        .select('subject', 'state');
      for (const r of rows) states.set(r.subject, JSON.parse(r.state));
    }
    return states;
  }

  /**
   * Records changes: each one moves its subject's stored state, if that is
   * still `fromHash`, and adds a history row, in one transaction. A change
   * whose subject another writer moved first is skipped, so two instances
   * never record the same change twice. Returns the subjects recorded.
   */
  async record(writes: ConfigHistoryWrite[], at: string): Promise<string[]> {
    const recorded: string[] = [];
    for (let i = 0; i < writes.length; i += CHUNK) {
      await this.knex.transaction(async tx => {
        for (const w of writes.slice(i, i + CHUNK)) {
          if (await this.#claim(tx, w, at)) {
            recorded.push(w.subject);
            await tx(HISTORY).insert({
              subject_hash: sha256(w.subject),
              subject: w.subject,
              at,
              from_hash: w.fromHash ?? null,
              to_hash: w.toHash ?? null,
              tags: w.change.tags.join(','),
              change: JSON.stringify(w.change),
            });
          }
        }
      });
    }
    return recorded;
  }

  async #claim(tx: Knex.Transaction, w: ConfigHistoryWrite, at: string) {
    const subject_hash = sha256(w.subject);
    if (!w.state || !w.toHash) {
      return (
        (await tx(STATE)
          .where({ subject_hash, state_hash: w.fromHash ?? '' })
          .delete()) === 1
      );
    }
    if (w.fromHash === undefined) {
      // A savepoint, so that a lost race does not abort the transaction on
      // PostgreSQL.
      try {
        await tx.transaction(async sp => {
          await sp(STATE).insert({
            subject_hash,
            subject: w.subject,
            state_hash: w.toHash,
            state: JSON.stringify(w.state),
            recorded_at: at,
          });
        });
        return true;
      } catch (error) {
        if (UNIQUE_VIOLATION.test(String((error as Error)?.message))) {
          return false;
        }
        throw error;
      }
    }
    const updated = await tx(STATE)
      .where({ subject_hash, state_hash: w.fromHash })
      .update({
        state_hash: w.toHash,
        state: JSON.stringify(w.state),
        recorded_at: at,
      });
    return updated === 1;
  }

  /** The changes of some subjects, newest first. */
  async history(
    subjects: string[],
    limit: number,
  ): Promise<ConfigHistoryEntry[]> {
    const rows = await this.knex(HISTORY)
      .whereIn('subject_hash', subjects.map(sha256))
      .orderBy('id', 'desc')
      .limit(limit)
      .select('id', 'subject', 'at', 'change');
    return rows.map(r => {
      const change = JSON.parse(r.change) as EffectiveConfigChange;
      return {
        id: Number(r.id),
        subject: r.subject,
        at: r.at,
        tags: change.tags,
        lines: change.lines,
        change,
      };
    });
  }
}
