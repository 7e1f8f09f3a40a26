/*
 * The platform table (`GET /spend/teams`) reads every team's rows of one
 * dimension over a range: totals, by model, by skill, and the daily costs of
 * the anomaly window (`scope = 'team' AND dimension = ? AND bucket BETWEEN
 * ...`, grouped by team and key). The index of `20261206090000` found those
 * rows in range order, but each of them was then read from the table: on
 * PostgreSQL about 12,000 random heap pages per query at 2,000 teams and 30
 * days, on SQLite one row lookup per index entry. Six such queries took
 * 2.4 s (PostgreSQL) to 7.6 s (SQLite) under load (docs/benchmarks.md).
 *
 * This index replaces it: the same columns in the same order, holding the
 * measures as well (PostgreSQL: INCLUDE; SQLite: trailing columns), so that
 * these queries read the index alone; and only the team rows (the user and
 * repo rows, most of the table at 25 engineers a team, are read by their own
 * key through the primary key). Existing rows are indexed when it is
 * created: there is nothing to backfill, and nothing else to keep in step at
 * ingestion.
 *
 * The queries bind `scope` as a parameter; both databases plan with the
 * bound value (PostgreSQL's unnamed statements, SQLite since 3.8.0) and so
 * use the partial index.
 */

// @ts-check

const MEASURES = [
  'cost',
  'tokens_input',
  'tokens_output',
  'tokens_cache_read',
  'tokens_cache_creation',
  'sessions',
  'commits',
  'pull_requests',
  'lines_added',
  'lines_removed',
  'active_seconds',
];
const KEY = ['dimension', 'bucket', 'scope_key', 'key'];
const OLD = ['scope', 'dimension', 'bucket', 'scope_key', 'key'];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const pg = knex.client.config.client === 'pg';
  const columns = pg
    ? `(${KEY.join(', ')}) INCLUDE (${MEASURES.join(', ')})`
    : `(${[...KEY, ...MEASURES].join(', ')})`;
  await knex.raw(
    `CREATE INDEX spend_rollup_day_team_idx ON spend_rollup_day ${columns} WHERE scope = 'team'`,
  );
  await knex.schema.alterTable('spend_rollup_day', table => {
    table.dropIndex(OLD, 'spend_rollup_day_dimension_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('spend_rollup_day', table => {
    table.index(OLD, 'spend_rollup_day_dimension_idx');
  });
  await knex.raw('DROP INDEX spend_rollup_day_team_idx');
};
