#!/usr/bin/env node
/*
 * End-to-end run for CI: starts the portal (`yarn start`: app on :3000, backend on :7007, embedded SQLite
 * in a temporary folder, with the example organisation), waits until both answer, runs the browser suite
 * (plugins/agent-platform/e2e/portal.e2e.mjs, Debian's chromium through playwright-core), then the
 * production step (scripts/e2e-production.mjs: the built app served by the backend on a fresh PostgreSQL
 * database, sign-in through the oauth2Proxy provider, a cold team page timed against this development
 * portal, still up) and stops the portal again. Exits non-zero when either fails.
 *
 *   node scripts/run-e2e.mjs [-- <portal.e2e.mjs options, e.g. --bench-runs=0>]
 *
 * E2E_APP_PORT and E2E_BACKEND_PORT move the development portal (3000, 7007), E2E_PRODUCTION_PORT the
 * production backend (7010). Without PostgreSQL on BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
 * (or 127.0.0.1:5432) the production step is skipped, saying so.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  process.stdout.write(
    `[e2e] No Chromium at ${chromium}: the end-to-end run is skipped. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.\n`,
  );
  process.exit(0);
}
const suiteArgs = process.argv.slice(2).filter(a => a !== '--');
const log = line => process.stdout.write(`[e2e] ${line}\n`);

// A fresh catalog in a temporary folder, so the run sees exactly the example
// organisation and leaves the developer's data/sqlite alone.
const sqliteDir = mkdtempSync(join(tmpdir(), 'agent-platform-e2e-'));
const appPort = process.env.E2E_APP_PORT ?? '3000';
const backendPort = process.env.E2E_BACKEND_PORT ?? '7007';
const appUrl = `http://localhost:${appPort}`;
const backend = `http://localhost:${backendPort}`;

const portal = spawn(
  process.execPath,
  [join(root, '.yarn/releases/yarn-4.13.0.cjs'), 'start'],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: {
      ...process.env,
      APP_CONFIG_backend_database_connection_directory: sqliteDir,
      APP_CONFIG_app_baseUrl: appUrl,
      APP_CONFIG_backend_baseUrl: backend,
      APP_CONFIG_backend_listen_port: backendPort,
      APP_CONFIG_backend_cors_origin: appUrl,
    },
  },
);
const portalLog = [];
for (const stream of [portal.stdout, portal.stderr]) {
  stream.on('data', chunk => {
    portalLog.push(chunk.toString());
    if (portalLog.length > 400) portalLog.shift();
  });
}

function portalAlive() {
  try {
    process.kill(-portal.pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killPortal(signal) {
  try {
    process.kill(-portal.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Stops the portal's whole process group: SIGTERM, up to 20 s for a graceful stop, then
 * SIGKILL, so that no backend outlives the run holding its port (and CI's output pipe).
 */
async function stopPortal() {
  killPortal('SIGTERM');
  for (let i = 0; i < 40 && portalAlive(); i++) {
    await new Promise(r => setTimeout(r, 500));
  }
  if (portalAlive()) {
    log('The portal did not stop within 20 s of SIGTERM; killing it.');
    killPortal('SIGKILL');
  }
  rmSync(sqliteDir, { recursive: true, force: true });
}
// On an early exit (an exception, a signal) there is no time to wait: kill outright.
process.on('exit', () => {
  if (portalAlive()) killPortal('SIGKILL');
  rmSync(sqliteDir, { recursive: true, force: true });
});
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

async function waitFor(url, what, seconds) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return;
    } catch {
      // not yet
    }
    if (portal.exitCode !== null) {
      throw new Error(`the portal exited (code ${portal.exitCode})`);
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} did not answer at ${url} within ${seconds} s`);
    }
    await new Promise(r => setTimeout(r, 2000));
  }
}

/**
 * A fresh catalog first holds the example files; the repo configs follow once the
 * repos provider has read each Component's agent files, and the agent-platform
 * snapshot picks them up on its next refresh. The suite asserts rules from repo
 * layers, so wait until the backend answers with one (as the guest user).
 */
async function waitForRepoConfigs(seconds) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      const session = await fetch(`${backend}/api/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      }).then(r => r.json());
      const token = session.backstageIdentity?.token;
      const res = await fetch(
        `${backend}/api/agent-platform/entities/component/default/cart-service/effective-config`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (res.ok && (await res.json()).configs?.repo) {
        log('The repo configs are in the catalog and the snapshot.');
        return;
      }
    } catch {
      // not yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the repo configs did not reach the agent-platform snapshot within ${seconds} s`,
      );
    }
    await new Promise(r => setTimeout(r, 3000));
  }
}

/** The production step, with this development portal up for the comparison. */
async function production() {
  const pg = new URL(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
      'postgresql://postgres@127.0.0.1:5432',
  );
  const reachable = await new Promise(resolve => {
    const socket = connect(Number(pg.port || 5432), pg.hostname);
    socket.setTimeout(3000);
    socket.on('connect', () => resolve(true) || socket.destroy());
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => resolve(false) || socket.destroy());
  });
  if (!reachable) {
    log(
      `No PostgreSQL at ${pg.host}: the production step is skipped (it needs one; set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING).`,
    );
    return 0;
  }
  log('Production step: the built app served by the backend, on PostgreSQL.');
  return new Promise(resolve => {
    const step = spawn(
      process.execPath,
      [
        join(root, 'scripts/e2e-production.mjs'),
        '--port',
        process.env.E2E_PRODUCTION_PORT ?? '7010',
        '--dev-portal',
        appUrl,
        '--pg',
        pg.href,
      ],
      { cwd: root, stdio: 'inherit' },
    );
    step.on('exit', c => resolve(c ?? 1));
    step.on('error', () => resolve(1));
  });
}

let code = 1;
try {
  await waitFor(
    `${backend}/.backstage/health/v1/readiness`,
    'the backend',
    600,
  );
  await waitFor(`${appUrl}/`, 'the app', 600);
  await waitForRepoConfigs(600);
  log('The portal answers; running the browser suite.');
  code = await new Promise(resolve => {
    const suite = spawn(
      process.execPath,
      [join(root, 'plugins/agent-platform/e2e/portal.e2e.mjs'), ...suiteArgs],
      {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, PORTAL_URL: appUrl },
      },
    );
    suite.on('exit', c => resolve(c ?? 1));
    suite.on('error', () => resolve(1));
  });
  if (code === 0) code = await production();
} catch (e) {
  log(`${e.message}`);
}
if (code !== 0) {
  log('The end-to-end run failed; the last portal output:');
  process.stdout.write(portalLog.join('').slice(-8000));
}
await stopPortal();
process.exit(code);
