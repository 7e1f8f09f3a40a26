/*
 * Spend points' idempotency index in time order.
 *
 * `key_hash` was the sha256 (hex) of a point's idempotency key. Those are
 * random, so every request's few hundred inserts landed on as many pages of
 * the unique index, and each transaction rewrote them all: on SQLite, where
 * each request commits on its own, that doubled the cost of an insert. It
 * is now the point's time (milliseconds since the epoch, 13 digits), a
 * colon, and the same sha256: points arrive in roughly time order, so the
 * index grows at its end. A key is unique together with its time, which
 * the key already contains (OTLP: the interval; Admin API: the day).
 *
 * Existing rows keep their identity (up: the time is prefixed from `ts`;
 * down: removed again), so a batch replayed across the upgrade still counts
 * once.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (knex.client.config.client === 'pg') {
    await knex.schema.alterTable('spend_points', table => {
      table
        .string('key_hash', 80)
        .notNullable()
        .alter({ alterNullable: false })
        .comment(
          'Time (ms since the epoch, 13 digits), ":", and the sha256 of the idempotency key',
        );
    });
    await knex.raw(
      `UPDATE spend_points SET key_hash = lpad(ts::text, 13, '0') || ':' || key_hash WHERE key_hash NOT LIKE '%:%'`,
    );
  } else {
    // SQLite does not enforce a string's length.
    await knex.raw(
      `UPDATE spend_points SET key_hash = substr('0000000000000' || ts, -13, 13) || ':' || key_hash WHERE key_hash NOT LIKE '%:%'`,
    );
  }
};

/**
 * Fails on the unique index if one key was stored at two different times,
 * which none of the plugin's sources produce (their keys contain the time).
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw(
    `UPDATE spend_points SET key_hash = substr(key_hash, 15) WHERE key_hash LIKE '%:%'`,
  );
  if (knex.client.config.client === 'pg') {
    await knex.schema.alterTable('spend_points', table => {
      table
        .string('key_hash', 64)
        .notNullable()
        .alter({ alterNullable: false })
        .comment('sha256 of the idempotency key');
    });
  }
};
