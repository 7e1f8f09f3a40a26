/*
 * Exception requests and their decisions.
 *
 * Kept in their own folder (governance tables) with their own migrations table, so that they are
 * migrated independently of the spend tables.
 *
 * `open_key` is the sha256 (hex) of `<team>\n<target>` while a request is
 * pending and NULL once it is decided: its unique index lets only one pending request per team and
 * target exist (NULLs never collide, on SQLite and PostgreSQL alike), so a
 * replayed request is refused instead of stored twice.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('agent_platform_exception_requests', table => {
    table.comment('Exception requests of teams and the decisions on them');
    table.string('id', 36).primary().comment('A random UUID');
    table.string('team_ref', 255).notNullable().comment('Group entity ref');
    table.text('target').notNullable().comment('Permission rule or MCP server ref');
    table.text('reason').notNullable();
    table.string('since', 10).notNullable().comment('First day, YYYY-MM-DD');
    table.string('until', 10).notNullable().comment('Last day, YYYY-MM-DD');
    table.string('requested_by', 255).notNullable().comment('User entity ref');
    table.string('requested_at', 32).notNullable().comment('ISO timestamp');
    table
      .string('status', 16)
      .notNullable()
      .comment('pending, approved or denied');
    table.string('decided_by', 255).nullable();
    table.string('decided_at', 32).nullable();
    table.text('decision_note').nullable();
    table
      .string('open_key', 64)
      .nullable()
      .unique({ indexName: 'agent_platform_exception_requests_open_key' })
      .comment('sha256 of team and target while pending, else NULL');
    table.index(['team_ref'], 'agent_platform_exception_requests_team');
    table.index(['status', 'until'], 'agent_platform_exception_requests_status');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('agent_platform_exception_requests');
};
