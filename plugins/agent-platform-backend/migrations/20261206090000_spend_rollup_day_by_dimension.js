/*
 * The platform table reads every team's totals, or every team's rows of one
 * dimension, over a range: `scope = 'team' AND dimension = ? AND bucket
 * BETWEEN ...`. The primary key (scope, scope_key, dimension, bucket, key)
 * serves one team's queries but not those: they scanned every team row of
 * every dimension and day (12.8 s at 2,000 teams and a year on SQLite, see
 * scripts/bench-spend-scale.ts). This index holds them in range order.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('spend_rollup_day', table => {
    table.index(
      ['scope', 'dimension', 'bucket', 'scope_key', 'key'],
      'spend_rollup_day_dimension_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('spend_rollup_day', table => {
    table.dropIndex(
      ['scope', 'dimension', 'bucket', 'scope_key', 'key'],
      'spend_rollup_day_dimension_idx',
    );
  });
};
