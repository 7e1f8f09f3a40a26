/*
 * Benchmark: sustained spend ingestion (issue 17), on SQLite and PostgreSQL.
 *
 *   yarn workspace @agent-platform/tools bench:spend-sustained \
 *     [--clients 10] [--seconds 60] [--rate 2000] [--batch 100] [--db sqlite,pg]
 *
 * --clients clients (on a worker thread, as separate machines would be) post
 * --batch-point OTLP/protobuf requests to the plugin's OTLP route on a local
 * HTTP server, paced so that all of them together send --rate points a second
 * for --seconds seconds; every request's latency is recorded. Then, in the same
 * run, the same schedule against a route that only reads the body (the HTTP
 * floor) as the baseline. Last, the points and the cost stored are compared
 * with what was sent: equal, or the run fails.
 */
import { cpus, loadavg } from 'node:os';
import { arg, DBS, fmt, ms } from './spendBench/shared';
import { benchSustained } from './spendBench/sustained';

async function main() {
  const clients = Number(arg('clients', '10'));
  const seconds = Number(arg('seconds', '60'));
  const rate = Number(arg('rate', '2000'));
  const batch = Number(arg('batch', '100'));
  console.log(
    `bench-spend-sustained: ${clients} clients, ${seconds} s, ${fmt(
      rate,
    )} points/s in ${batch}-point requests; ${cpus().length} cores, Node ${
      process.version
    }, load ${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`,
  );
  const rows: string[] = [];
  let lost = false;
  for (const kind of DBS) {
    const r = await benchSustained({ kind, clients, seconds, rate, batch });
    const equal =
      r.storedPoints === r.sentPoints &&
      Math.abs(r.storedUsd - r.sentUsd) < 1e-6 &&
      r.failed === 0;
    lost ||= !equal;
    rows.push(
      `| ${kind.padEnd(10)} | ${fmt(r.pointsPerSecond)} | ${ms(r.p50)} / ${ms(
        r.p95,
      )} / ${ms(r.max)} | ${ms(r.baselineP50)} / ${ms(r.baselineP95)} | ${fmt(
        r.storedPoints,
      )} of ${fmt(r.sentPoints)}; $${r.storedUsd.toFixed(6)} of $${r.sentUsd.toFixed(
        6,
      )}${r.failed ? `; ${r.failed} requests failed` : ''} |`,
    );
    console.log(rows[rows.length - 1]);
  }
  console.log(
    `\n| database   | points/s | latency p50 / p95 / max (ms) | HTTP floor p50 / p95 (ms) | stored of sent |\n| ---------- | -------- | ---------------------------- | ------------------------- | -------------- |\n${rows.join(
      '\n',
    )}\nload at the end ${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`,
  );
  if (lost) {
    console.error('Stored differs from sent');
    process.exit(1);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
