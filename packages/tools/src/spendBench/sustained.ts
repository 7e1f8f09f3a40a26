// Sustained ingestion (issue 17): CONCURRENT clients for SECONDS at a paced rate, the
// latency of every request, and the sum stored against the sum sent (bench-spend-sustained.ts).
import { Worker } from 'node:worker_threads';
import protobuf from 'protobufjs';
import { OTLP_METRICS_PROTO_SOURCES } from '../../../../plugins/agent-platform-backend/src/spend/otlp/otlpProto';
import { otlpRequest, startIngestServer } from './ingestion';
import { openDatabase, percentile } from './shared';

/** The paced load: each client posts its bodies on a fixed schedule, and times each answer. */
const PACED_CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, bodies, clients, intervalMs } = workerData;
const latencies = [];
let failed = 0;
const start = performance.now() + 50;
Promise.all(
  Array.from({ length: clients }, async (_, c) => {
    // Client c sends bodies c, c + clients, ... each intervalMs after the
    // last one was due (so a slow answer delays that client, as an
    // exporter's would), starting staggered.
    let due = start + (c * intervalMs) / clients;
    for (let i = c; i < bodies.length; i += clients) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise(r => setTimeout(r, wait));
      const sent = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-protobuf' },
        body: bodies[i],
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - sent);
      if (res.status !== 200) failed += 1;
      due = Math.max(due + intervalMs, performance.now());
    }
  }),
).then(
  () => parentPort.postMessage({ latencies, failed, seconds: (performance.now() - start) / 1000 }),
  error => parentPort.postMessage({ error: String(error) }),
);
`;

interface PacedResult {
  latencies: number[];
  failed: number;
  seconds: number;
}

function paced(
  url: string,
  bodies: Uint8Array[],
  clients: number,
  intervalMs: number,
): Promise<PacedResult> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(PACED_CLIENT, {
      eval: true,
      workerData: { url, bodies, clients, intervalMs },
    });
    worker.once('message', (m: PacedResult & { error?: string }) => {
      worker.terminate();
      if (m.error) reject(new Error(m.error));
      else resolvePromise(m);
    });
    worker.once('error', reject);
  });
}

/** The cost the bodies carry, decoded back (what a client sent). */
function costSent(bodies: Uint8Array[]): number {
  const root = new protobuf.Root();
  for (const source of OTLP_METRICS_PROTO_SOURCES) protobuf.parse(source, root);
  const type = root.lookupType(
    'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
  );
  let sum = 0;
  for (const body of bodies) {
    const message = type.toObject(type.decode(body)) as any;
    for (const rm of message.resourceMetrics ?? []) {
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          if (m.name !== 'claude_code.cost.usage') continue;
          for (const p of m.sum?.dataPoints ?? []) sum += p.asDouble ?? 0;
        }
      }
    }
  }
  return sum;
}

export interface SustainedResult {
  kind: string;
  pointsPerSecond: number;
  requests: number;
  failed: number;
  p50: number;
  p95: number;
  max: number;
  baselineP50: number;
  baselineP95: number;
  sentUsd: number;
  storedUsd: number;
  sentPoints: number;
  storedPoints: number;
}

/**
 * `clients` clients post `batch`-point OTLP/protobuf requests for `seconds`
 * seconds at `rate` points a second in all, to the plugin's OTLP route;
 * then, in the same run, the same schedule against `/noop` (the HTTP floor)
 * as the baseline. Every body holds new points.
 */
export async function benchSustained(options: {
  kind: string;
  clients: number;
  seconds: number;
  rate: number;
  batch: number;
}): Promise<SustainedResult> {
  const { kind, clients, seconds, rate, batch } = options;
  const knex = await openDatabase(kind, 'bench_spend_sustained');
  const server = await startIngestServer(knex);
  try {
    const requests = Math.round((rate * seconds) / batch);
    const now = Date.now();
    const bodies = Array.from({ length: requests }, (_, i) =>
      otlpRequest(i, now, batch),
    );
    // Each client sends every intervalMs: clients / intervalMs requests a ms.
    const intervalMs = (clients * batch * 1000) / rate;
    const load = await paced(server.url, bodies, clients, intervalMs);
    const floor = await paced(server.noopUrl, bodies, clients, intervalMs);
    const stored = await knex('spend_points')
      .where({ measure: 'cost' })
      .sum({ usd: 'value' })
      .count({ n: '*' });
    const storedPoints = Number(
      (await knex('spend_points').count({ n: '*' }))[0].n,
    );
    return {
      kind,
      pointsPerSecond: (requests * batch) / load.seconds,
      requests,
      failed: load.failed,
      p50: percentile(load.latencies, 50),
      p95: percentile(load.latencies, 95),
      max: Math.max(...load.latencies),
      baselineP50: percentile(floor.latencies, 50),
      baselineP95: percentile(floor.latencies, 95),
      sentUsd: costSent(bodies),
      storedUsd: Number(stored[0].usd),
      sentPoints: requests * batch,
      storedPoints,
    };
  } finally {
    await server.close();
    await knex.destroy();
  }
}
