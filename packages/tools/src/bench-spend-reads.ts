/*
 * Benchmark: a team's spend report under concurrent readers.
 *
 *   cd packages/tools
 *   node -r @backstage/cli/config/nodeTransform.cjs src/bench-spend-reads.ts \
 *     [--users 20] [--seconds 20] [--days 365] [--db sqlite|pg]
 *
 * The agent-platform plugin and a real catalog on the example organisation
 * (startTestBackend, mock auth and permissions: allow), on a database with
 * a year of daily rollups for its teams generated in SQL (totals, 3 models,
 * 4 skills, 3 MCP servers, 2 repos and 25 users per team and day; the team
 * spans filled from them). Then --users clients in a worker thread, each
 * asking in turn for `GET /spend/entities/group/default/<team>` (the Spend
 * tab's request, default 30-day range) for --seconds: requests/s, p50, p95.
 * In the same run: the whole platform table (`GET /spend/teams`) under the
 * same load, and each with the report cache off (`spend.reportCacheSeconds:
 * 0`: every request reads the store, as the previous code did).
 */
import { addDays, utcDay } from '@agent-platform/plugin-agent-platform-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { mkdtempSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSpendBackend } from '../../../plugins/agent-platform-backend/src/spend/__testUtils__/spendTestBackend';
import { runLoad } from './benchLoad';
import { fillSpendSpans } from './spendSpans';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const USERS = Number(arg('users', '20'));
const SECONDS = Number(arg('seconds', '20'));
const DAYS = Number(arg('days', '365'));
const DB = arg('db', 'sqlite');
const PG = arg('pg', 'postgresql://postgres@127.0.0.1:5432');

async function openDatabase(name: string): Promise<Knex> {
  if (DB === 'sqlite') {
    const file = join(
      mkdtempSync(join(tmpdir(), 'bench-reads-')),
      `${name}.sqlite`,
    );
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
    });
  }
  const admin = knexFactory({ client: 'pg', connection: `${PG}/postgres` });
  await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  return knexFactory({ client: 'pg', connection: `${PG}/${name}` });
}

/** A year of daily rollups for the teams, straight into the table. */
async function generate(knex: Knex, teams: string[]) {
  const end = utcDay(Date.now());
  const rows: Array<Record<string, string | number>> = [];
  const keys: Array<[string, string[]]> = [
    ['', ['']],
    ['model', ['claude-sonnet-4-6', 'claude-opus-4-5', 'claude-haiku-4-5']],
    ['skill', ['code-review', 'release-notes', 'pci-checklist', '']],
    ['mcp_server', ['github', 'jira', '']],
    ['repo', ['payments-api', 'web-app']],
    [
      'user_ref',
      Array.from({ length: 25 }, (_, u) => `user:default/engineer-${u}`),
    ],
  ];
  for (const [t, team] of teams.entries()) {
    for (let d = 0; d < DAYS; d++) {
      const bucket = addDays(end, -d);
      const cost = 4 + ((t * 7 + d * 13) % 10);
      for (const [dimension, values] of keys) {
        for (const key of values) {
          rows.push({
            scope: 'team',
            scope_key: team,
            dimension,
            bucket,
            key,
            cost: cost / values.length,
            tokens_input: Math.round((cost * 100_000) / values.length),
            tokens_output: Math.round((cost * 5_000) / values.length),
            sessions: dimension === '' ? 25 : 0,
          });
        }
      }
    }
  }
  for (let i = 0; i < rows.length; i += 500) {
    await knex('spend_rollup_day').insert(rows.slice(i, i + 500));
  }
  await fillSpendSpans(knex);
  return rows.length;
}

async function main() {
  console.log(
    `bench-spend-reads: ${USERS} concurrent users for ${SECONDS} s on ${DB}; ${
      cpus().length
    } cores, Node ${process.version}, load ${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`,
  );
  const results: string[] = [];
  for (const cacheSeconds of [0, 30]) {
    const knex = await openDatabase('bench_spend_reads');
    const backend = await startSpendBackend(knex, {
      reportCacheSeconds: cacheSeconds,
    });
    try {
      const base = `http://127.0.0.1:${
        (backend.server.address() as AddressInfo).port
      }/api/agent-platform/spend`;
      const headers = { Authorization: mockCredentials.user.header() };
      let teams: string[] = [];
      for (let i = 0; i < 300 && teams.length < 8; i++) {
        try {
          const res = await fetch(`${base}/teams`, { headers });
          if (res.ok)
            teams = ((await res.json()) as any).rows
              .map((r: any) => r.team)
              .filter(Boolean);
        } catch {
          // Not listening yet.
        }
        if (teams.length < 8) await new Promise(r => setTimeout(r, 500));
      }
      const rows = await generate(knex, teams);
      const report = teams.map(team => ({
        url: `${base}/entities/group/default/${team.replace(
          /^group:default\//,
          '',
        )}`,
        method: 'GET' as const,
        headers,
      }));
      // Warm-up: every team once.
      // (A kept-alive connection from before the generation may be closed.)
      for (const r of report) {
        const res = await fetch(r.url, { headers }).catch(() =>
          fetch(r.url, { headers }),
        );
        if (!res.ok)
          throw new Error(`${r.url}: HTTP ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
      const label = cacheSeconds
        ? `report cache ${cacheSeconds} s`
        : 'no report cache';
      const team = await runLoad({
        requests: report,
        concurrency: USERS,
        seconds: SECONDS,
      });
      const table = await runLoad({
        requests: [{ url: `${base}/teams`, method: 'GET', headers }],
        concurrency: USERS,
        seconds: SECONDS,
      });
      for (const [what, r] of [
        ['team report', team],
        ['platform table', table],
      ] as const) {
        results.push(
          `${DB}, ${label}, ${what}: ${r.perSecond.toFixed(
            0,
          )} req/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(
            1,
          )} ms, max ${r.max.toFixed(0)} ms, ${r.requests} requests, ${
            r.failures.length
          } failed`,
        );
        if (r.failures.length) console.log(r.failures.slice(0, 3));
      }
      console.log(
        `${label}: ${rows.toLocaleString('en-US')} rollup rows for ${
          teams.length
        } teams`,
      );
      console.log(results.slice(-2).join('\n'));
    } finally {
      await backend.stop();
      await knex.destroy();
    }
  }
  console.log(
    `load at the end: ${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`,
  );
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
