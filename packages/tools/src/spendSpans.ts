import { Knex } from 'knex';

/**
 * Copies daily rollup rows generated straight into `spend_rollup_day` into
 * the team spans, with the migration's own SQL (the store keeps spans at
 * ingestion; benchmarks that generate rollups in SQL call this after).
 */
export async function fillSpendSpans(knex: Knex): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const migration =
    require('../../../plugins/agent-platform-backend/migrations/20261206094700_spend_team_spans.js') as {
      fillSpans(db: Knex): Promise<void>;
    };
  await migration.fillSpans(knex);
}
