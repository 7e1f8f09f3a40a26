/*
 * Idempotency keys apart from the raw points, and slim.
 *
 * A raw point row (every attribute, a 78-character key and two indexes) cost
 * about 400 B on SQLite and 490 B on PostgreSQL, and the idempotency window
 * (`retention.rawDays`, 90 by default) kept every one of them: at 150 million
 * points a day, 60-74 GB a day (docs/benchmarks.md). Only the key is needed
 * to recognise a replay; nothing reads the points' attributes back.
 *
 * `spend_point_keys` holds one 16-byte key per point: the point's time
 * (milliseconds since the epoch, 6 bytes big-endian) and the first 10 bytes
 * of the sha256 of its idempotency key. The time first keeps the index
 * growing at its end (points arrive in roughly time order: see
 * 20261121160000, random keys made each transaction rewrite as many index
 * pages as it had points) and lets retention delete the keys before a time
 * by a range of the primary key, with no second index. Two points collide
 * only with the same millisecond and the same 80 bits of hash.
 *
 * On SQLite the table is WITHOUT ROWID: the primary key is the table.
 *
 * Existing points get their key (up), so a batch replayed across the upgrade
 * still counts once. `spend_points` stays, as an audit of the points
 * (`retention.pointDays`, 0 to keep none).
 */

// @ts-check

/**
 * The key of a stored point, from its `ts` and `key_hash` (`<13-digit
 * time>:<sha256 hex>`, see 20261121160000).
 *
 * @param {number} ts
 * @param {string} keyHash
 */
function keyOf(ts, keyHash) {
  const key = Buffer.alloc(16);
  key.writeUIntBE(ts, 0, 6);
  const sha = keyHash.slice(keyHash.indexOf(':') + 1);
  key.write(sha.slice(0, 20), 6, 'hex');
  return key;
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (knex.client.config.client === 'pg') {
    await knex.schema.createTable('spend_point_keys', table => {
      table.comment(
        'Idempotency keys of the stored points: time (ms since the epoch, 6 bytes, big-endian) and the first 10 bytes of the sha256 of the key',
      );
      table.binary('key').notNullable().primary('spend_point_keys_pk');
    });
  } else {
    await knex.raw(
      'CREATE TABLE "spend_point_keys" ("key" BLOB NOT NULL PRIMARY KEY) WITHOUT ROWID',
    );
  }
  let after = 0;
  for (;;) {
    const rows = await knex('spend_points')
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .select('id', 'ts', 'key_hash');
    if (rows.length === 0) break;
    after = Number(rows[rows.length - 1].id);
    await knex('spend_point_keys')
      .insert(rows.map(r => ({ key: keyOf(Number(r.ts), r.key_hash) })))
      .onConflict('key')
      .ignore();
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('spend_point_keys');
};
