/*
 * Months of folded breakdowns.
 *
 * The daily rollup keeps, for every user and repository, a row per day and
 * key of each breakdown (by model, skill, MCP server, repository, user,
 * subagent, plugin, query source and effort): about 22 of the 25 rows an
 * engineer-day costs at the design point (docs/benchmarks.md). Once a month
 * has ended more than `retention.breakdownDays` ago, the maintenance task
 * folds those rows into one row per key for the month (bucket `YYYY-MM`)
 * and records the month here. The daily totals of users and repositories
 * (dimension empty) and every team row are never folded: daily charts,
 * totals, budgets, anomalies and the platform table stay exact.
 *
 * A month is folded in one transaction (the month rows are written, the day
 * rows deleted, the month recorded), once: the record keeps the task from
 * scanning the month again.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('spend_rollup_folds', table => {
    table.comment(
      'Months (YYYY-MM) whose user and repository breakdowns were folded from days into the month',
    );
    table.string('month', 7).primary();
    table.bigInteger('folded_at').notNullable();
    table
      .integer('day_rows')
      .notNullable()
      .comment('Breakdown rows of the days that were folded');
    table
      .integer('month_rows')
      .notNullable()
      .comment('Rows of the month written in their place');
  });
};

/**
 * Folded months stay folded: their days cannot be told apart again. Their
 * rows (bucket `YYYY-MM`) stay in the daily rollup.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('spend_rollup_folds');
};
