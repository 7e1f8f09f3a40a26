#!/usr/bin/env node
/*
 * Reads under load, through HTTP as the portal asks: concurrent users asking
 * for a team's spend report (`GET /api/agent-platform/spend/entities/...`)
 * back to back, each request authenticated, authorized by the permission
 * policy and answered from the catalog, the store and the snapshot, as the
 * Spend tab's requests are. Signs in as the development guest
 * (`auth.providers.guest`), so it runs against a development backend.
 *
 *   node scripts/load-spend-report.mjs [--backend http://localhost:7007] \
 *     [--path /api/agent-platform/spend/entities/group/default/payments] \
 *     [--users 20] [--seconds 10] [--warmup 2] [--days 90] [--label name]
 *
 * Several --backend options are measured in turn, --rounds times each
 * (A B A B ...), so that two builds are compared in one run on one machine.
 * Prints, per backend and round: requests a second, p50 / p95 / max
 * latency, and any answer other than 200.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    backend: {
      type: 'string',
      multiple: true,
      default: ['http://localhost:7007'],
    },
    label: { type: 'string', multiple: true, default: [] },
    path: {
      type: 'string',
      default: '/api/agent-platform/spend/entities/group/default/payments',
    },
    users: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    days: { type: 'string', default: '90' },
  },
});

const users = Number(values.users);
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
const to = new Date().toISOString().slice(0, 10);
const from = new Date(Date.now() - (Number(values.days) - 1) * 86_400_000)
  .toISOString()
  .slice(0, 10);

async function guestToken(backend) {
  const res = await fetch(`${backend}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(
      `Guest sign-in at ${backend} answered ${res.status}: ${await res.text()}`,
    );
  }
  return (await res.json()).backstageIdentity.token;
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function run(backend, token, durationS) {
  // Spend routes take the range; other paths (for comparison) as given.
  const url = values.path.includes('/spend/')
    ? `${backend}${values.path}?from=${from}&to=${to}`
    : `${backend}${values.path}`;
  const headers = { Authorization: `Bearer ${token}` };
  const latencies = [];
  const statuses = new Map();
  const end = performance.now() + durationS * 1000;
  await Promise.all(
    Array.from({ length: users }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        latencies.push(performance.now() - started);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / durationS,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies[latencies.length - 1],
    statuses,
  };
}

const fmt = n => n.toFixed(1);
console.log(
  `load-spend-report: ${users} users, ${seconds} s a round, ${rounds} rounds, ${
    values.path
  } ${from}..${to}; ${cpus().length} cores, Node ${
    process.version
  }, load ${loadavg()
    .map(l => l.toFixed(1))
    .join(' ')}`,
);
const backends = values.backend.map(b => b.replace(/\/+$/, ''));
const tokens = await Promise.all(backends.map(guestToken));
for (let round = 1; round <= rounds; round++) {
  for (const [i, backend] of backends.entries()) {
    await run(backend, tokens[i], warmup);
    const r = await run(backend, tokens[i], seconds);
    const other = [...r.statuses].filter(([s]) => s !== 200);
    console.log(
      `${values.label[i] ?? backend} round ${round}: ${fmt(
        r.perSecond,
      )} requests/s, p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms, max ${fmt(
        r.max,
      )} ms${
        other.length
          ? `; not 200: ${other.map(([s, n]) => `${s} x${n}`).join(', ')}`
          : ''
      }`,
    );
  }
}
console.log(
  `load at the end: ${loadavg()
    .map(l => l.toFixed(1))
    .join(' ')}`,
);
