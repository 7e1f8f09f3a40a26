/*
 * Reuse over time: one row per ISO week (its Monday, UTC), the reuse
 * measure of the catalog as last computed in that week by the scheduled
 * task (later runs in the same week overwrite it).
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('reuse_history', table => {
    table.comment('Weekly share of teams and repos using registry skills and servers');
    table.string('week', 10).primary().comment('Monday of the ISO week, YYYY-MM-DD');
    table.integer('teams').notNullable();
    table.integer('teams_reusing').notNullable();
    table.integer('teams_own_only').notNullable();
    table.integer('repos').notNullable();
    table.integer('repos_reusing').notNullable();
    table.integer('registry_assets').notNullable();
    table.integer('own_assets').notNullable();
    table.bigInteger('computed_at').notNullable().comment('ms since the epoch');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('reuse_history');
};
