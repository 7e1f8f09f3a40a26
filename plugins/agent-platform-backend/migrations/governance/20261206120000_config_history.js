/*
 * The history of each team's and repository's effective agent config.
 * `agent_platform_config_state` holds the last recorded state of each
 * subject (a Group or Component ref), so that a restart compares with it and
 * records nothing for an unchanged subject; `agent_platform_config_history`
 * holds one row per change, with what changed.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('agent_platform_config_state', table => {
    table.comment('Last recorded effective config state per team and repository');
    table.string('subject_hash', 64).primary().comment('sha256 (hex) of the subject');
    table.text('subject').notNullable().comment('Group or Component ref');
    table.string('state_hash', 64).notNullable().comment('sha256 (hex) of the state');
    table.text('state').notNullable().comment('The state (JSON)');
    table.string('recorded_at', 32).notNullable().comment('ISO timestamp');
  });
  await knex.schema.createTable('agent_platform_config_history', table => {
    table.comment('Changes of the effective config of teams and repositories');
    table.bigIncrements('id').primary();
    table.string('subject_hash', 64).notNullable().comment('sha256 (hex) of the subject');
    table.text('subject').notNullable().comment('Group or Component ref');
    table.string('at', 32).notNullable().comment('ISO timestamp of the snapshot');
    table.string('from_hash', 64).nullable().comment('State hash before; null for the first');
    table.string('to_hash', 64).nullable().comment('State hash after; null when removed');
    table.text('tags').notNullable().comment('Kinds of change, comma-separated');
    table.text('change').notNullable().comment('What changed (JSON)');
    table.index(['subject_hash', 'id'], 'agent_platform_config_history_subject_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('agent_platform_config_history');
  await knex.schema.dropTable('agent_platform_config_state');
};
