/*
 * What the agent platform last told people about each governance condition
 * (a team's budget, an exception, a request...): one row per condition,
 * keyed by the sha256 of the notification scope, with the condition's state
 * when it was notified. A condition is notified again only when its state
 * changes; its row is deleted when the condition ends, so that it is told
 * again if it comes back.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('agent_platform_notification_state', table => {
    table.comment('Last notified state of each governance condition');
    table.string('scope_hash', 64).primary().comment('sha256 (hex) of the scope');
    table.text('scope').notNullable().comment('The notification scope');
    table.text('state').notNullable().comment('The condition state when notified');
    table.string('notified_at', 32).notNullable().comment('ISO timestamp');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('agent_platform_notification_state');
};
