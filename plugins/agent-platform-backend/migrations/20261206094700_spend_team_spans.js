/*
 * Per-team spend in day spans: aligned blocks of 1, 2, 4, ... 64 days
 * (`YYYY-MM-DD/<length>`, see the core's `spans.ts`), for the totals and the
 * model and skill breakdowns. The platform table sums every team over a
 * range: from the daily rollup that read one row per team, day and key
 * (420,000 rows for 30 days at 2,000 teams, each a lookup from the index into
 * the table: 2.4-7.6 s); from spans it reads at most two spans per length,
 * in key order. The store adds to every span of a day whenever it adds to
 * the day's team row, so spans always equal the sum of their days.
 *
 * On SQLite the table is WITHOUT ROWID (stored in key order, so a span's
 * rows are read in one pass); on PostgreSQL the key index includes the
 * measures the platform table reads (index-only scans).
 *
 * Existing team rows are copied into their spans.
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
const LEVELS = 7;

/**
 * Copies the daily rollup's team rows (totals, model, skill) into spans.
 * Also used by the scale benchmark after it generates daily rollups.
 *
 * @param {import('knex').Knex} knex
 */
async function fillSpans(knex) {
  const sqlite = String(knex.client.config.client).includes('sqlite');
  const sums = MEASURES.map(m => `sum("${m}")`).join(', ');
  for (let level = 0; level < LEVELS; level++) {
    const length = 2 ** level;
    const span = sqlite
      ? `date((CAST(julianday(bucket) - 2440587.5 AS INTEGER) / ${length}) * ${length} * 86400, 'unixepoch') || '/${length}'`
      : `to_char(date '1970-01-01' + ((bucket::date - date '1970-01-01') / ${length}) * ${length}, 'YYYY-MM-DD') || '/${length}'`;
    await knex.raw(`
      INSERT INTO spend_team_span (dimension, span, team, "key", ${MEASURES.map(
        m => `"${m}"`,
      ).join(', ')})
      SELECT dimension, ${span}, scope_key, "key", ${sums}
      FROM spend_rollup_day
      WHERE scope = 'team' AND dimension IN ('', 'model', 'skill')
      GROUP BY dimension, ${span}, scope_key, "key"`);
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (String(knex.client.config.client).includes('sqlite')) {
    await knex.raw(`CREATE TABLE spend_team_span (
      dimension varchar(16) NOT NULL,
      span varchar(16) NOT NULL,
      team varchar(255) NOT NULL,
      "key" varchar(255) NOT NULL,
      ${MEASURES.map(m => `"${m}" float NOT NULL DEFAULT 0`).join(',\n      ')},
      CONSTRAINT spend_team_span_pk PRIMARY KEY (dimension, span, team, "key")
    ) WITHOUT ROWID`);
  } else {
    await knex.schema.createTable('spend_team_span', table => {
      table.comment(
        'Spend of each team per aligned span of 1 to 64 days (YYYY-MM-DD/length): totals (dimension empty), by model and by skill',
      );
      table.string('dimension', 16).notNullable();
      table.string('span', 16).notNullable();
      table
        .string('team', 255)
        .notNullable()
        .comment("Group ref; '' unattributed");
      table.string('key', 255).notNullable();
      for (const measure of MEASURES) {
        table.double(measure).notNullable().defaultTo(0);
      }
    });
    await knex.raw(
      `ALTER TABLE spend_team_span ADD CONSTRAINT spend_team_span_pk PRIMARY KEY (dimension, span, team, "key")
       INCLUDE (${MEASURES.map(m => `"${m}"`).join(', ')})`,
    );
  }
  await fillSpans(knex);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('spend_team_span');
};

exports.fillSpans = fillSpans;
