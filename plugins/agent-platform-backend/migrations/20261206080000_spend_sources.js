/*
 * More of what Claude Code attributes (`agent.name` for subagents,
 * `plugin.name`, `query_source`, `effort`): columns of the raw points and the
 * hourly rollup (part of its key), and breakdowns of the daily rollup.
 *
 * Spend per source. The Admin API report is the billing truth and OTLP the
 * real-time view: each day of a user comes from one of them. The hourly
 * rollup keeps each source apart (`source`: 'otlp', 'admin-api'; '' for
 * rows from before this migration, which mixed both), so that the OTLP
 * spend of a user's day can be taken out of the daily rollup when a report
 * for that day arrives. `spend_user_days` records which user-days a report
 * covers (and serialises the two sources on a user-day, see the store);
 * `spend_source_day` keeps each team's daily totals per source, for the
 * reconciliation view.
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
const NEW_DIMENSIONS = ['agent', 'plugin', 'query_source', 'effort'];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const name of ['spend_points', 'spend_rollup_hour']) {
    await knex.schema.alterTable(name, table => {
      for (const dimension of NEW_DIMENSIONS) {
        table.string(dimension, 255).notNullable().defaultTo('');
      }
    });
  }
  await knex.schema.alterTable('spend_rollup_hour', table => {
    table
      .string('source', 16)
      .notNullable()
      .defaultTo('')
      .comment("otlp or admin-api; '' for rows from before sources were kept apart");
  });
  await knex.schema.alterTable('spend_rollup_hour', table => {
    table.dropPrimary('spend_rollup_hour_pk');
  });
  await knex.schema.alterTable('spend_rollup_hour', table => {
    table.primary(
      ['bucket', 'source', ...DIMENSIONS, ...NEW_DIMENSIONS],
      'spend_rollup_hour_pk',
    );
    table.index(['user_ref', 'bucket'], 'spend_rollup_hour_user_idx');
  });

  await knex.schema.createTable('spend_user_days', table => {
    table.comment(
      'Days of each user that spend arrived for, and whether an Admin API report covers the day (then the report replaces OTLP)',
    );
    table.string('user_key', 255).notNullable().comment('User ref or e-mail');
    table.string('day', 10).notNullable();
    table.integer('reported').notNullable().defaultTo(0);
    table.primary(['user_key', 'day'], 'spend_user_days_pk');
    table.index(['day'], 'spend_user_days_day_idx');
  });

  await knex.schema.createTable('spend_source_day', table => {
    table.comment(
      'Daily totals of each team per source as received, before one source replaces the other (reconciliation)',
    );
    table.string('team', 255).notNullable().comment("Group ref; '' unattributed");
    table.string('bucket', 10).notNullable();
    table.string('source', 16).notNullable();
    for (const measure of MEASURES) {
      table.double(measure).notNullable().defaultTo(0);
    }
    table.primary(['team', 'bucket', 'source'], 'spend_source_day_pk');
  });
};

/**
 * The hourly rows of both sources are added together again.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('spend_source_day');
  await knex.schema.dropTable('spend_user_days');
  const keys = ['bucket', ...DIMENSIONS];
  const rows = await knex('spend_rollup_hour')
    .select(keys)
    .select(MEASURES.map(m => knex.raw('sum(??) as ??', [m, m])))
    .groupBy(keys);
  await knex('spend_rollup_hour').delete();
  await knex.schema.alterTable('spend_rollup_hour', table => {
    table.dropIndex(['user_ref', 'bucket'], 'spend_rollup_hour_user_idx');
    table.dropPrimary('spend_rollup_hour_pk');
  });
  await knex.schema.alterTable('spend_rollup_hour', table => {
    table.dropColumn('source');
    for (const dimension of NEW_DIMENSIONS) table.dropColumn(dimension);
  });
  await knex.schema.alterTable('spend_points', table => {
    for (const dimension of NEW_DIMENSIONS) table.dropColumn(dimension);
  });
  await knex.schema.alterTable('spend_rollup_hour', table => {
    table.primary(keys, 'spend_rollup_hour_pk');
  });
  for (let i = 0; i < rows.length; i += 200) {
    await knex('spend_rollup_hour').insert(rows.slice(i, i + 200));
  }
};
