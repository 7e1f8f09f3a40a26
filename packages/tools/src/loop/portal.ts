/*
 * A fresh portal backend for the release loop (release-loop.ts): the real backend of
 * packages/backend on embedded SQLite in a temporary folder, reading a temporary copy of the
 * example organisation, with short provider and snapshot schedules so that the loop sees changes
 * in seconds. Nothing tracked is written: the config overlay, the data, the database and the
 * scaffolded repositories all live under one temporary folder, removed by `stop()`.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (packages/tools/src/loop -> the root). */
export const REPO_ROOT = resolve(__dirname, '../../../..');

/** Thrown when a wait runs out of time: says what was awaited and what was last seen. */
export class LoopTimeoutError extends Error {}

/** A free TCP port on localhost, as the OS hands it out. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? ok(address.port)
          : fail(new Error('No port')),
      );
    });
  });
}

/**
 * Polls `probe` until it returns a value other than `undefined`, every `intervalMs`, for at most
 * `timeoutMs`. `probe` may return `{ waiting: '<what it saw>' }` to explain why it is not done;
 * the last explanation (or the last error thrown) goes into the timeout message. `alive` is checked
 * on every round so that a dead backend fails at once, not at the deadline.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | { waiting: string } | undefined>,
  options: {
    timeoutMs: number;
    intervalMs?: number;
    alive?: () => string | undefined;
  },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 500;
  let last = 'nothing yet';
  for (;;) {
    const dead = options.alive?.();
    if (dead) throw new Error(`${what}: ${dead}`);
    try {
      const value = await probe();
      if (value !== undefined) {
        if (
          typeof value === 'object' &&
          value !== null &&
          'waiting' in value &&
          Object.keys(value).length === 1
        ) {
          last = String((value as { waiting: string }).waiting);
        } else {
          return value as T;
        }
      }
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() > deadline) {
      throw new LoopTimeoutError(
        `${what}: not within ${Math.round(
          options.timeoutMs / 1000,
        )} s. Last seen: ${last}`,
      );
    }
    await new Promise(r => setTimeout(r, interval));
  }
}

/** Options of {@link startPortal}. */
export interface PortalOptions {
  /** Port of the backend; a free one when not given. */
  port?: number;
  /** Keep the temporary folder after `stop()` (for debugging). */
  keep?: boolean;
  /** How long the backend may take to answer, in milliseconds. */
  startTimeoutMs: number;
  /**
   * Called with the portal as soon as the backend is spawned, before it answers, so that a
   * signal during the start can still stop it.
   */
  onSpawn?: (portal: Portal) => void;
}

/** A running backend and its temporary folder. */
export interface Portal {
  /** The backend's base URL, e.g. `http://localhost:7201`. */
  url: string;
  /** The temporary folder: `data/` (the examples copy), `repos/`, `sqlite/`, `backend.log`. */
  dir: string;
  /** The temporary copy of examples/. */
  data: string;
  /** Where scaffolded repositories go. */
  repos: string;
  /** The static OTLP ingestion token the backend accepts (random per run). */
  ingestToken: string;
  /** Undefined while the backend runs; else how it ended. */
  exited(): string | undefined;
  /** The last lines the backend printed. */
  logTail(lines?: number): string;
  /** A user token of the guest user (dana.kim, on the platform team), and the groups it carries. */
  guestToken(): Promise<{ token: string; ownershipEntityRefs: string[] }>;
  /** Stops the backend (its whole process group) and removes the temporary folder. */
  stop(): Promise<void>;
}

/** The config overlay on app-config.yaml: absolute paths into the temporary folder, short schedules. */
function overlay(options: {
  port: number;
  dir: string;
  data: string;
  repos: string;
}) {
  const { port, dir, data, repos } = options;
  // Config objects merge key by key with app-config.yaml: `minutes: 0` cancels its 5 minutes.
  const every = (seconds: number) => ({
    frequency: { minutes: 0, seconds },
    timeout: { minutes: 1 },
    initialDelay: { seconds: 0 },
  });
  return {
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database: {
        client: 'better-sqlite3',
        connection: { directory: join(dir, 'sqlite') },
      },
    },
    catalog: {
      // The catalog's own processing interval stays at its default (every entity every ~2
      // minutes): the loop refreshes the repositories' location when it writes one.
      providers: {
        agentPlatform: {
          skills: [join(data, 'skills')],
          mcpServers: [join(data, 'mcp-servers')],
          bases: [join(data, 'org-base')],
          schedule: every(2),
          repos: { schedule: every(2) },
        },
      },
      // Arrays replace app-config.yaml's: the service template, the example organisation, and
      // the local repositories folder (a glob: a repository written there later is read on
      // the location's next processing; the catalog refuses `file` locations over its API).
      locations: [
        {
          type: 'file',
          target: join(repos, '*/catalog-info.yaml'),
          rules: [{ allow: ['Component'] }],
        },
        {
          type: 'file',
          target: join(
            REPO_ROOT,
            'templates/service-with-agent-context/template.yaml',
          ),
          rules: [{ allow: ['Template'] }],
        },
        {
          type: 'file',
          target: join(data, 'all.yaml'),
          rules: [
            {
              allow: [
                'Component',
                'System',
                'Domain',
                'API',
                'Resource',
                'Location',
                'AiResource',
                'User',
                'Group',
              ],
            },
          ],
        },
      ],
    },
    agentPlatform: {
      snapshot: {
        schedule: { frequency: { seconds: 1 }, timeout: { seconds: 30 } },
      },
      spend: { attribution: { refreshSeconds: 1 } },
    },
  };
}

/**
 * Copies examples/ to a temporary folder and starts packages/backend on it (embedded SQLite in
 * the same folder, the guest sign-in of app-config.yaml), then waits until it is ready.
 */
export async function startPortal(options: PortalOptions): Promise<Portal> {
  const dir = mkdtempSync(join(tmpdir(), 'agent-platform-loop-'));
  const data = join(dir, 'data');
  const repos = join(dir, 'repos');
  cpSync(join(REPO_ROOT, 'examples'), data, { recursive: true });
  mkdirSync(repos);
  mkdirSync(join(dir, 'sqlite'));
  const port = options.port ?? (await freePort());
  const url = `http://localhost:${port}`;
  const configFile = join(dir, 'app-config.loop.json');
  writeFileSync(
    configFile,
    JSON.stringify(overlay({ port, dir, data, repos }), null, 2),
  );
  const ingestToken = randomBytes(18).toString('base64url');

  const log: string[] = [];
  let exitNote: string | undefined;
  const backendDir = join(REPO_ROOT, 'packages/backend');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: backendDir,
      // Its own process group, so that stop() reaches everything it starts.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // The guest sign-in provider only works in development.
        NODE_ENV: 'development',
        AGENT_PLATFORM_OTLP_TOKEN: ingestToken,
        FORCE_COLOR: '0',
      },
    },
  );
  // The whole log goes to backend.log in the temporary folder (kept with --keep).
  const logFile = createWriteStream(join(dir, 'backend.log'));
  for (const stream of [child.stdout, child.stderr]) {
    stream?.pipe(logFile, { end: false });
    stream?.on('data', chunk => {
      log.push(...String(chunk).split('\n').filter(Boolean));
      if (log.length > 2000) log.splice(0, log.length - 2000);
    });
  }
  child.on('exit', (code, signal) => {
    exitNote = `the backend exited (${signal ?? `code ${code}`})`;
  });
  child.on('error', e => {
    exitNote = `the backend could not start: ${e.message}`;
  });

  let stopped = false;
  const portal: Portal = {
    url,
    dir,
    data,
    repos,
    ingestToken,
    exited: () => exitNote,
    logTail: (lines = 40) => log.slice(-lines).join('\n'),
    guestToken: async () => {
      const res = await fetch(`${url}/api/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      if (!res.ok) {
        throw new Error(
          `guest sign-in answered ${res.status}: ${(await res.text()).slice(
            0,
            200,
          )}`,
        );
      }
      const body = (await res.json()) as {
        backstageIdentity?: {
          token?: string;
          identity?: { ownershipEntityRefs?: string[] };
        };
      };
      if (!body.backstageIdentity?.token) {
        throw new Error('guest sign-in returned no token');
      }
      return {
        token: body.backstageIdentity.token,
        ownershipEntityRefs:
          body.backstageIdentity.identity?.ownershipEntityRefs ?? [],
      };
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (!exitNote && child.pid) {
        const gone = new Promise(r => child.once('exit', r));
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        const killer = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
        }, 10_000);
        await gone;
        clearTimeout(killer);
      }
      await new Promise(r => logFile.end(r));
      if (!options.keep) rmSync(dir, { recursive: true, force: true });
    },
  };

  options.onSpawn?.(portal);
  try {
    await pollUntil(
      `the backend to answer at ${url}/.backstage/health/v1/readiness`,
      async () => {
        const res = await fetch(`${url}/.backstage/health/v1/readiness`, {
          signal: AbortSignal.timeout(5000),
        });
        return res.ok ? true : { waiting: `HTTP ${res.status}` };
      },
      {
        timeoutMs: options.startTimeoutMs,
        intervalMs: 500,
        alive: () => exitNote,
      },
    );
  } catch (e) {
    await portal.stop();
    throw e;
  }
  return portal;
}
