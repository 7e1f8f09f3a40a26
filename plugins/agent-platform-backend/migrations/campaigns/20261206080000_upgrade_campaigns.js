/*
 * Upgrade campaigns (their own migrations table,
 * agent_platform_campaigns_knex_migrations, beside the spend tables' one): the platform team opens upgrade pull requests for every
 * repository below a base release. One row per repository and release holds
 * its state (pending, opening, opened, merged, closed, failed) and is unique
 * on (base, version, repo_ref), so no campaign ever plans a second pull
 * request for the same repository and release. `lease_until` marks a row a
 * runner is working on; a runner killed mid-way leaves it to expire.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('upgrade_campaigns', table => {
    table.increments('id');
    table.string('base', 64).notNullable();
    table.string('version', 64).notNullable();
    table.string('created_by', 255).notNullable();
    table.bigInteger('created_at').notNullable();
  });
  await knex.schema.createTable('upgrade_campaign_repos', table => {
    table.increments('id');
    table
      .integer('campaign_id')
      .notNullable()
      .references('id')
      .inTable('upgrade_campaigns')
      .onDelete('CASCADE');
    table.string('base', 64).notNullable();
    table.string('version', 64).notNullable();
    table.string('repo_ref', 255).notNullable();
    table.string('repo_url', 1024).notNullable();
    table.string('from_version', 64);
    table.string('state', 16).notNullable();
    table.text('reason');
    table.string('pr_url', 1024);
    table.integer('pr_number');
    table.integer('attempts').notNullable().defaultTo(0);
    table.bigInteger('lease_until');
    table.bigInteger('updated_at').notNullable();
    table.unique(['base', 'version', 'repo_ref'], {
      indexName: 'upgrade_campaign_repos_release_repo',
    });
    table.index(['state', 'lease_until'], 'upgrade_campaign_repos_state');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('upgrade_campaign_repos');
  await knex.schema.dropTable('upgrade_campaigns');
};
