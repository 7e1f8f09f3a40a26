/*
 * Spend storage: raw data points (idempotency key unique), the state of
 * cumulative OTLP series (shared by every instance), rollups per hour (every
 * dimension) and per day (per team, user and repo: totals and each
 * breakdown, so that a report reads a few hundred rows), and a log of the
 * scheduled maintenance runs.
 *
 * Dimensions are stored as '' when absent (so that they can be part of the
 * rollups' primary keys); the store reads '' back as null.
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
const DIMENSIONS = ['team', 'model', 'skill', 'mcp_server', 'user_ref', 'repo'];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('spend_points', table => {
    table.comment('Spend data points as received, attributed at ingestion');
    table.bigIncrements('id').primary();
    table
      .string('key_hash', 64)
      .notNullable()
      .unique()
      .comment('sha256 of the idempotency key');
    table.string('source', 16).notNullable();
    table.string('measure', 32).notNullable();
    table.double('value').notNullable();
    table.bigInteger('ts').notNullable().comment('End of interval, ms since epoch');
    for (const dimension of DIMENSIONS) {
      table.string(dimension, 255).notNullable().defaultTo('');
    }
    table.string('team_id', 255).notNullable().defaultTo('');
    table.string('user_email', 255).notNullable().defaultTo('');
    table.string('session_id', 255).notNullable().defaultTo('');
    table.bigInteger('received_at').notNullable();
    table.index(['ts'], 'spend_points_ts_idx');
    table.index(['team', 'ts'], 'spend_points_team_ts_idx');
  });

  await knex.schema.createTable('spend_series', table => {
    table.comment('Last value of each cumulative OTLP series');
    table.string('series_hash', 64).primary();
    table.string('start_nanos', 24).notNullable();
    table.string('time_nanos', 24).notNullable();
    table.double('value').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.index(['updated_at'], 'spend_series_updated_idx');
  });

  await knex.schema.createTable('spend_rollup_hour', table => {
    table.comment('Spend per UTC hour (YYYY-MM-DDTHH) and every dimension');
    table.string('bucket', 13).notNullable();
    for (const dimension of DIMENSIONS) {
      table.string(dimension, 255).notNullable().defaultTo('');
    }
    for (const measure of MEASURES) {
      table.double(measure).notNullable().defaultTo(0);
    }
    table.primary(['bucket', ...DIMENSIONS], 'spend_rollup_hour_pk');
  });

  await knex.schema.createTable('spend_rollup_day', table => {
    table.comment(
      'Spend per UTC day (YYYY-MM-DD) of one team, user or repo (scope), in total (dimension and key empty) and by model, skill, MCP server, user and repo',
    );
    table.string('scope', 8).notNullable().comment('team, user or repo');
    table
      .string('scope_key', 255)
      .notNullable()
      .comment("Group ref ('' = unattributed), user ref or e-mail, repo name");
    table
      .string('dimension', 16)
      .notNullable()
      .comment("'' for the totals, else model, skill, mcp_server, user_ref, repo");
    table.string('bucket', 10).notNullable();
    table.string('key', 255).notNullable().defaultTo('');
    for (const measure of MEASURES) {
      table.double(measure).notNullable().defaultTo(0);
    }
    table.primary(
      ['scope', 'scope_key', 'dimension', 'bucket', 'key'],
      'spend_rollup_day_pk',
    );
  });

  await knex.schema.createTable('spend_task_runs', table => {
    table.comment('Runs of the scheduled spend maintenance (retention)');
    table.increments('id').primary();
    table.string('task', 64).notNullable();
    table.bigInteger('ran_at').notNullable();
    table.integer('deleted_points').notNullable().defaultTo(0);
    table.integer('deleted_series').notNullable().defaultTo(0);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('spend_task_runs');
  await knex.schema.dropTable('spend_rollup_hour');
  await knex.schema.dropTable('spend_rollup_day');
  await knex.schema.dropTable('spend_series');
  await knex.schema.dropTable('spend_points');
};
