// The platform table as `GET /spend/teams` serves it (bench-spend-scale.ts):
// SpendQueryService over the real store, with every team's budget resolved
// from a generated organisation's effective agent configs, and the tables
// shared by PlatformSpendTables.
import {
  PlatformSnapshot,
  SpendAttributionIndex,
  SpendRange,
} from '@agent-platform/plugin-agent-platform-common';
import { Agent, createServer, get as httpGet } from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { PlatformSpendTables } from '../../../../plugins/agent-platform-backend/src/spend/PlatformSpendTables';
import { SpendCatalogIndex } from '../../../../plugins/agent-platform-backend/src/spend/SpendCatalogIndex';
import { SpendQueryService } from '../../../../plugins/agent-platform-backend/src/spend/SpendQueryService';
import { SpendStore } from '../../../../plugins/agent-platform-backend/src/spend/SpendStore';
import { generateOrg } from '../benchOrg';
import { percentile } from './shared';

/**
 * A SpendQueryService over `store` for `teams` teams (`group:default/team-N`),
 * each with a team config (a monthly budget, capped by the base) in the
 * snapshot; catalog, auth and permissions are not used by the platform table.
 */
export function platformQueryService(
  store: SpendStore,
  teams: number,
  platformTables?: PlatformSpendTables,
) {
  const org = generateOrg(teams, 0);
  // Built as the backend builds it (every team resolved once).
  const snapshot = PlatformSnapshot.build(
    {
      configs: org.configs,
      skills: org.skills,
      mcpServers: org.mcpServers,
      components: [],
    },
    new Date(),
  );
  const spendIndex: SpendAttributionIndex = {
    groups: new Map(),
    users: new Map(),
    memberships: new Map(),
    children: new Map(),
    teams: Array.from({ length: teams }, (_, t) => ({
      ref: `group:default/team-${t}`,
      title: `Team ${t}`,
    })),
  };
  const unused = {} as never;
  return new SpendQueryService({
    store,
    index: { get: async () => spendIndex } as unknown as SpendCatalogIndex,
    snapshot: {
      get: async () => ({ snapshot, index: snapshot.index }),
    } as never,
    clock: { now: () => new Date() },
    catalog: unused,
    auth: unused,
    permissions: unused,
    platformTables,
  });
}

/**
 * `users` concurrent users asking for the platform table of `range` back to
 * back for `seconds`, over HTTP from a server in this process that answers
 * as `GET /spend/teams` does (the JSON of the shared table, serialized and
 * gzipped once per table; no authentication or permission check), through tables kept
 * up to `maxAgeMs`: p50, p95, max, tables a second, computations.
 */
export async function platformServedUnderLoad(options: {
  store: SpendStore;
  teams: number;
  range: SpendRange;
  maxAgeMs: number;
  users: number;
  seconds: number;
}) {
  const tables = new PlatformSpendTables({ maxAgeMs: options.maxAgeMs });
  const query = platformQueryService(options.store, options.teams, tables);
  const server = createServer((req, res) => {
    // As the route does: the table's gzipped bytes (compressed once per
    // table) to a client that accepts gzip, as fetch and browsers do.
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding']));
    (gzip
      ? query.platformTableGzippedJson(options.range)
      : query.platformTableJson(options.range)
    ).then(
      body => {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        });
        res.end(body);
      },
      error => {
        res.writeHead(500);
        res.end(String(error));
      },
    );
  });
  // Idle connections are kept longer than the run: a server closing one the
  // client reuses at that moment resets the request (ECONNRESET).
  server.keepAliveTimeout = 600_000;
  server.headersTimeout = 601_000;
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/spend/teams`;
  // Clients as browsers on other machines would be: they ask for gzip and
  // receive the bytes; decoding 2.3 MB is the browser's work on its own CPU,
  // so it is left out of this process (which also runs the server).
  const agent = new Agent({ keepAlive: true, maxSockets: options.users });
  const read = () =>
    new Promise<number>((resolve, reject) => {
      httpGet(url, { agent, headers: { 'accept-encoding': 'gzip' } }, res => {
        let received = 0;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (res.statusCode !== 200) chunks.push(chunk);
        });
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(received)
            : reject(new Error(`${res.statusCode} ${Buffer.concat(chunks)}`)),
        );
        res.on('error', reject);
      }).on('error', reject);
    });
  try {
    // The first read computes (and waits): what a read after a restart pays.
    const firstStart = performance.now();
    const bytes = await read();
    const first = performance.now() - firstStart;
    // The JSON the bytes decode to.
    const jsonBytes = Buffer.byteLength(
      await query.platformTableJson(options.range),
    );
    const samples: number[] = [];
    const started = performance.now();
    const stop = started + options.seconds * 1000;
    const computationsBefore = tables.computations;
    await Promise.all(
      Array.from({ length: options.users }, async () => {
        while (performance.now() < stop) {
          const start = performance.now();
          await read();
          samples.push(performance.now() - start);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    return {
      first,
      bytes,
      jsonBytes,
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      max: percentile(samples, 100),
      perSecond: samples.length / elapsed,
      computations: tables.computations - computationsBefore,
    };
  } finally {
    agent.destroy();
    await new Promise(resolve => server.close(resolve));
  }
}
