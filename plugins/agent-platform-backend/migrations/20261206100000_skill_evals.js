/*
 * Skill evaluation results: one row per evaluation run of a skill version,
 * as the skill's CI posted it. `key_hash` (sha256 of the skill ref and the
 * run's idempotency key) is unique, so a replayed post stores nothing.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('skill_eval_results', table => {
    table.comment('Evaluation runs of skill versions, as posted by their CI');
    table.bigIncrements('id').primary();
    table
      .string('key_hash', 64)
      .notNullable()
      .unique()
      .comment('sha256 of the skill ref, a newline and the idempotency key');
    table
      .string('skill_ref', 255)
      .notNullable()
      .comment('airesource:<namespace>/<name>, lower case');
    table.string('version', 64).notNullable();
    table.string('outcome', 8).notNullable().comment('passed or failed');
    table.string('suite', 200).notNullable();
    table.integer('passed').notNullable();
    table.integer('failed').notNullable();
    table.integer('skipped').notNullable();
    table.integer('total').notNullable();
    table.string('run_url', 2048).nullable();
    table.bigInteger('ran_at').notNullable().comment('ms since the epoch');
    table.bigInteger('received_at').notNullable().comment('ms since the epoch');
    table
      .string('posted_by', 255)
      .notNullable()
      .comment('Subject of the credential that posted it');
    table.index(['skill_ref', 'version', 'ran_at'], 'skill_eval_results_skill_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('skill_eval_results');
};
