/*
 * Benchmark: spend ingestion and spend queries, on SQLite and PostgreSQL.
 *
 *   cd packages/tools
 *   node -r @backstage/cli/config/nodeTransform.cjs src/bench-spend.ts \
 *     [--ingest-points 100000] [--ingest-runs 3] [--store-points 10000000] \
 *     [--raw-runs 5] [--db sqlite,pg] [--pg postgresql://postgres@127.0.0.1:5432] \
 *     [--profile <path prefix>]
 *
 * 1. Sustained ingestion through HTTP: the plugin's OTLP router (protobuf
 *    decode, validation, attribution against an index of the example
 *    organisation, raw insert with the idempotency key, hourly and daily
 *    rollups in the same transaction) on a local HTTP server, fed by 4
 *    concurrent clients with 500-point OTLP/protobuf requests from a worker
 *    thread (the server's thread only serves). Next to it, in the same run:
 *    the very same rows (read back from the store) bulk inserted into an
 *    identical table with knex, 500 rows per statement, in one transaction;
 *    on SQLite also with one prepared single-row INSERT per row, in one
 *    transaction. Repeated --ingest-runs times on fresh databases: medians.
 *    --profile writes a CPU profile of the server's thread per database.
 * 2. Queries on a store of --store-points data points over 90 days (raw rows
 *    generated in the database, rollups built from them): a team's 90-day
 *    report (days, five breakdowns; the queries GET /spend/entities/group/...
 *    runs) and the platform table (GET /spend/teams: three per-team totals,
 *    and every team by model and by skill), p50 and p95, next to the same
 *    answers computed from the raw rows.
 *
 * Authentication and authorization (stubs), the catalog read and the budget resolution are left out
 * (they are the same for both sides and cached by the plugin).
 *
 * The parts live in spendBench/: shared.ts (options, databases), ingestion.ts (1) and queries.ts (2).
 */
import { cpus, loadavg } from 'node:os';
import {
  DBS,
  fmt,
  INGEST_POINTS,
  INGEST_RUNS,
  ms,
  STORE_POINTS,
} from './spendBench/shared';
import { benchIngestionRuns } from './spendBench/ingestion';
import { benchQueries } from './spendBench/queries';

async function main() {
  console.log(
    `bench-spend: ingest ${fmt(INGEST_POINTS)} points, store ${fmt(
      STORE_POINTS,
    )} points; ${cpus().length} cores, Node ${process.version}, load ${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`,
  );
  for (const kind of DBS) {
    const ingest = await benchIngestionRuns(kind, INGEST_RUNS);
    console.log(
      `${kind}: median of ${INGEST_RUNS}: ingestion through HTTP ${fmt(
        ingest.httpRate,
      )} points/s; knex bulk insert of the same rows ${fmt(
        ingest.rawRate,
      )} rows/s (ratio ${(ingest.httpRate / ingest.rawRate).toFixed(2)})${
        ingest.preparedRate
          ? `; prepared insert ${fmt(ingest.preparedRate)} rows/s (ratio ${(
              ingest.httpRate / ingest.preparedRate
            ).toFixed(2)})`
          : ''
      }`,
    );
  }
  for (const kind of DBS) {
    const q = await benchQueries(kind);
    console.log(
      `${kind}: store of ${fmt(q.points)} points (${fmt(
        q.rollupRows,
      )} daily rollup rows, built in ${q.buildSeconds.toFixed(
        0,
      )} s); team-0 90-day cost ${q.teamCost}`,
    );
    console.log(
      `${kind}:   team 90-day report (rollups)   p50 ${ms(
        q.team.p50,
      )} ms  p95 ${ms(q.team.p95)} ms`,
    );
    console.log(
      `${kind}:   platform table (rollups)       p50 ${ms(
        q.platform.p50,
      )} ms  p95 ${ms(q.platform.p95)} ms`,
    );
    console.log(
      `${kind}:   team 90-day report (raw rows)  p50 ${ms(
        q.rawTeam.p50,
      )} ms  p95 ${ms(q.rawTeam.p95)} ms`,
    );
    console.log(
      `${kind}:   platform table (raw rows)      p50 ${ms(
        q.rawPlatform.p50,
      )} ms  p95 ${ms(q.rawPlatform.p95)} ms`,
    );
  }
  console.log(
    `load at the end: ${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
