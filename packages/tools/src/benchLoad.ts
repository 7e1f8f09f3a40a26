import { Worker } from 'node:worker_threads';

/**
 * The load generator's code (a worker thread, so the server's event loop
 * only serves): `concurrency` clients, each sending requests in turn until
 * `seconds` pass, optionally paced to `ratePerSecond` requests in all.
 * Answers every request's latency in milliseconds and the failures.
 */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { requests, concurrency, seconds, ratePerSecond } = workerData;
const latencies = [];
const failures = [];
let next = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
const interval = ratePerSecond ? (1000 * concurrency) / ratePerSecond : 0;
Promise.all(
  Array.from({ length: concurrency }, async (_, client) => {
    let due = started + (interval * client) / concurrency;
    while (performance.now() < deadline) {
      if (interval) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise(r => setTimeout(r, wait));
        due += interval;
        if (performance.now() >= deadline) break;
      }
      const r = requests[next++ % requests.length];
      const start = performance.now();
      const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body });
      await res.arrayBuffer();
      const ms = performance.now() - start;
      if (res.status !== 200) failures.push(r.method + ' ' + r.url + ': HTTP ' + res.status);
      else latencies.push(ms);
    }
  }),
).then(
  () => parentPort.postMessage({ latencies, failures, seconds: (performance.now() - started) / 1000 }),
  error => parentPort.postMessage({ error: String(error) }),
);
`;

/** One request of the load. */
export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: Uint8Array | string;
}

/** What a load run measured. */
export interface LoadResult {
  requests: number;
  failures: string[];
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  max: number;
}

/** Runs the load from a worker thread. */
export function runLoad(options: {
  requests: LoadRequest[];
  concurrency: number;
  seconds: number;
  ratePerSecond?: number;
}): Promise<LoadResult> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: options });
    worker.once(
      'message',
      (message: {
        latencies: number[];
        failures: string[];
        seconds: number;
        error?: string;
      }) => {
        worker.terminate();
        if (message.error) {
          reject(new Error(message.error));
          return;
        }
        const sorted = [...message.latencies].sort((a, b) => a - b);
        const at = (p: number) =>
          sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
        resolvePromise({
          requests: sorted.length,
          failures: message.failures,
          seconds: message.seconds,
          perSecond: sorted.length / message.seconds,
          p50: at(50),
          p95: at(95),
          max: sorted[sorted.length - 1] ?? NaN,
        });
      },
    );
    worker.once('error', reject);
  });
}
