import { Knex } from 'knex';

/**
 * The part of a better-sqlite3 prepared statement the store uses (the
 * package ships no types of its own; knex holds the connection).
 */
interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): Record<string, unknown> | undefined;
}

interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/**
 * The spend store's write statements on one SQLite connection, prepared once
 * and run a row at a time inside the caller's knex transaction.
 *
 * Why: on SQLite, knex builds (and SQLite prepares) a new statement of up to
 * a few thousand parameters for every multi-row insert; with better-sqlite3
 * running on the event loop's thread, that compilation cost more than the
 * inserts themselves. A prepared single-row statement is compiled once per
 * connection and each run only binds values.
 */
export interface SqliteSpendStatements {
  /** Inserts a point's idempotency key unless stored; `changes` is 1 when new. */
  insertKey: SqliteStatement;
  /** Inserts a raw point (its attributes, for audit) unless its key hash is stored. */
  insertPoint: SqliteStatement;
  /** Adds a row to a rollup table (its key columns, then the measures). */
  add: Record<SpendRollupTable, SqliteStatement>;
  /** Reads whether a report covers a user's day (user key, day). */
  readUserDay: SqliteStatement;
  /** Records a user's day (user key, day, reported 0 or 1); reported stays 1 once set. */
  writeUserDay: SqliteStatement;
  /** Reads a cumulative series' state by hash. */
  readSeries: SqliteStatement;
  /** Stores a cumulative series' state. */
  writeSeries: SqliteStatement;
}

/** The tables rows are added to. */
export type SpendRollupTable =
  | 'spend_rollup_hour'
  | 'spend_rollup_day'
  | 'spend_source_day';

/** Statements prepared per connection; the store owns one. */
export type SqliteStatementCache = WeakMap<object, SqliteSpendStatements>;

function upsert(table: string, keys: string[], measures: string[]): string {
  const columns = [...keys, ...measures];
  const list = (names: string[]) => names.map(c => `"${c}"`).join(', ');
  const add = measures
    .map(c => `"${c}" = "${table}"."${c}" + excluded."${c}"`)
    .join(', ');
  return `INSERT INTO "${table}" (${list(columns)}) VALUES (${columns
    .map(() => '?')
    .join(', ')}) ON CONFLICT (${list(keys)}) DO UPDATE SET ${add}`;
}

/**
 * The prepared statements on a better-sqlite3 transaction's connection, or
 * undefined on any other database.
 *
 * @param trx - a transaction of a knex client for `better-sqlite3`
 * @param prepared - the statements already prepared, by connection
 * @param columns - the column lists, in the order values are bound
 */
export async function sqliteSpendStatements(
  trx: Knex.Transaction,
  prepared: SqliteStatementCache,
  columns: {
    point: readonly string[];
    hourKeys: readonly string[];
    dayKeys: readonly string[];
    sourceDayKeys: readonly string[];
    measures: readonly string[];
  },
): Promise<SqliteSpendStatements | undefined> {
  const client = trx.client.config.client;
  if (client !== 'better-sqlite3') return undefined;
  // Inside a transaction, knex hands out the transaction's own connection.
  const connection = (await trx.client.acquireConnection()) as SqliteConnection;
  let statements = prepared.get(connection);
  if (!statements) {
    const measures = [...columns.measures];
    statements = {
      insertKey: connection.prepare(
        'INSERT INTO "spend_point_keys" ("key") VALUES (?) ON CONFLICT ("key") DO NOTHING',
      ),
      insertPoint: connection.prepare(
        `INSERT INTO "spend_points" (${columns.point
          .map(c => `"${c}"`)
          .join(', ')}) VALUES (${columns.point
          .map(() => '?')
          .join(', ')}) ON CONFLICT ("key_hash") DO NOTHING`,
      ),
      add: {
        spend_rollup_hour: connection.prepare(
          upsert('spend_rollup_hour', [...columns.hourKeys], measures),
        ),
        spend_rollup_day: connection.prepare(
          upsert('spend_rollup_day', [...columns.dayKeys], measures),
        ),
        spend_source_day: connection.prepare(
          upsert('spend_source_day', [...columns.sourceDayKeys], measures),
        ),
      },
      readUserDay: connection.prepare(
        'SELECT "reported" FROM "spend_user_days" WHERE "user_key" = ? AND "day" = ?',
      ),
      writeUserDay: connection.prepare(
        'INSERT INTO "spend_user_days" ("user_key", "day", "reported") VALUES (?, ?, ?) ' +
          'ON CONFLICT ("user_key", "day") DO UPDATE SET "reported" = max("spend_user_days"."reported", excluded."reported")',
      ),
      readSeries: connection.prepare(
        'SELECT "start_nanos", "time_nanos", "value" FROM "spend_series" WHERE "series_hash" = ?',
      ),
      writeSeries: connection.prepare(
        'INSERT INTO "spend_series" ("series_hash", "start_nanos", "time_nanos", "value", "updated_at") VALUES (?, ?, ?, ?, ?) ' +
          'ON CONFLICT ("series_hash") DO UPDATE SET "start_nanos" = excluded."start_nanos", "time_nanos" = excluded."time_nanos", "value" = excluded."value", "updated_at" = excluded."updated_at"',
      ),
    };
    prepared.set(connection, statements);
  }
  return statements;
}
