/**
 * Errors of the database that say "try again": the request was fine, the
 * store could not take it just now. Answered with 503 and Retry-After, the
 * status OTLP exporters retry (they retry 429, 502, 503 and 504 only, and
 * drop a batch on anything else).
 */

/** PostgreSQL SQLSTATEs worth a retry: serialization, deadlock, lock timeout, shutdown, connections, resources. */
const PG_RETRYABLE = /^(?:40001|40P01|55P03|57P01|57P02|57P03|08\w{3}|53\w{3})$/;
/** Node's socket errors when the database server cannot be reached. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/**
 * Whether an error from the spend store is transient: SQLite busy or
 * locked, a PostgreSQL serialization failure, deadlock, lock timeout,
 * shutdown, connection or resource error, a knex pool timeout, or a
 * database server that cannot be reached.
 */
export function isRetryableStorageError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (name === 'KnexTimeoutError') return true;
  if (typeof code !== 'string') return false;
  return (
    code.startsWith('SQLITE_BUSY') ||
    code.startsWith('SQLITE_LOCKED') ||
    PG_RETRYABLE.test(code) ||
    NETWORK.has(code)
  );
}

/** Seconds a client is asked to wait before retrying (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;
