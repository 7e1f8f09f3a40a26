/*
 * The production portal as users run it, for scripts/e2e-production.mjs and
 * scripts/measure-production.mjs: the built app served by the backend's app-backend plugin,
 * NODE_ENV=production, app-config.yaml + app-config.production.yaml on PostgreSQL (a fresh set of
 * databases under a prefix of its own), sign-in through the oauth2Proxy provider.
 *
 * The one stand-in is the authenticating proxy itself (oauth2-proxy in a deployment): the browser
 * and the checks send the X-Forwarded-User header it would set. The backend runs its TypeScript
 * through Backstage's transform (what `backstage-cli package start` does, without development
 * mode) rather than from `yarn build:backend`'s bundle; the page measured is the built app's.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'packages/backend/package.json'));
export const yarn = join(root, '.yarn/releases/yarn-4.13.0.cjs');
export const TEAM_PAGE = '/catalog/default/group/checkout';
export const TEAM_PIN = 'org-base@2.3.0';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Builds the app the backend serves (packages/app/dist). */
export function buildApp() {
  execFileSync(process.execPath, [yarn, 'workspace', 'app', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function waitFor(what, check, seconds, everyMs = 2000) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result) return result;
    } catch (error) {
      last = error;
    }
    await new Promise(r => setTimeout(r, everyMs));
  }
  throw new Error(
    `${what} not within ${seconds} s${last ? `: ${last.message}` : ''}`,
  );
}

/** A child process in its own group, its output kept; `stop()` ends the group. */
export function startProcess(cmd, cmdArgs, options) {
  const child = spawn(cmd, cmdArgs, {
    ...options,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = [];
  const keep = d => {
    out.push(String(d));
    if (out.length > 2000) out.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise(r => child.on('exit', code => r(code ?? 1)));
  return {
    child,
    exited,
    output: () => out.join(''),
    /** SIGTERM to the group, up to 20 s for a graceful stop, then SIGKILL. */
    async stop() {
      const signal = sig => {
        try {
          process.kill(-child.pid, sig);
          return true;
        } catch {
          return false; // gone
        }
      };
      if (!signal('SIGTERM')) return;
      for (let i = 0; i < 40 && signal(0); i++) {
        await new Promise(r => setTimeout(r, 500));
      }
      signal('SIGKILL');
    },
  };
}

/**
 * Starts the production backend on `port` with databases under `prefix`. `env` adds to (or, with
 * undefined values, removes from) the environment: without AGENT_PLATFORM_OTLP_TOKEN the backend
 * must refuse to start.
 */
export function startProductionBackend({ port, pg, prefix, env = {} }) {
  const url = new URL(pg);
  const base = `http://localhost:${port}`;
  const fullEnv = {
    ...process.env,
    NODE_ENV: 'production',
    POSTGRES_HOST: url.hostname,
    POSTGRES_PORT: url.port || '5432',
    POSTGRES_USER: decodeURIComponent(url.username),
    POSTGRES_PASSWORD: decodeURIComponent(url.password),
    APP_BASE_URL: base,
    BACKEND_BASE_URL: base,
    APP_CONFIG_backend_listen_port: String(port),
    APP_CONFIG_backend_database_prefix: prefix,
    ...env,
  };
  for (const [key, value] of Object.entries(fullEnv))
    if (value === undefined) delete fullEnv[key];
  return startProcess(
    process.execPath,
    [
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../app-config.production.yaml',
    ],
    { cwd: join(root, 'packages/backend'), env: fullEnv },
  );
}

/** Drops every database whose name starts with `prefix` (a run's fresh databases). */
export async function dropDatabases(pg, prefix) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: pg, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows)
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return rows.length;
  } finally {
    await client.end();
  }
}

/** The proxy's headers for a user (what oauth2-proxy sets after the IdP signed them in). */
export const proxyHeaders = (user, email) => ({
  'X-Forwarded-User': user,
  ...(email ? { 'X-Forwarded-Email': email } : {}),
});

/** `/api/auth/oauth2Proxy/refresh` with these headers: `{ status, user, token }`. */
export async function proxySignIn(base, headers) {
  const res = await fetch(`${base}/api/auth/oauth2Proxy/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest', ...headers },
  });
  const body = await res.json().catch(() => ({}));
  return {
    status: res.status,
    user: body.backstageIdentity?.identity?.userEntityRef,
    token: body.backstageIdentity?.token,
    error: body.error?.message,
  };
}

/** A guest token from a development backend. */
export async function guestSignIn(base) {
  const res = await fetch(`${base}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  return {
    status: res.status,
    token: (await res.json().catch(() => ({}))).backstageIdentity?.token,
  };
}

/**
 * A cold team page: a fresh browser context (empty cache) opens TEAM_PAGE and waits until the Base
 * version card shows the team's pin. `contextOptions` carries the sign-in (proxy headers, or a
 * development session's storage state). Returns the time, the JavaScript transferred and what the
 * page waited on longest (the slowest requests), and leaves a screenshot when `screenshot` is set.
 */
export async function coldTeamPage(
  browser,
  portal,
  contextOptions,
  screenshot,
) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    ...contextOptions,
  });
  const page = await context.newPage();
  let jsBytes = 0;
  const pending = [];
  const requests = [];
  page.on('requestfinished', request => {
    const timing = request.timing();
    requests.push({
      url: request.url().replace(portal, ''),
      type: request.resourceType(),
      // When its response ended, in ms since the navigation began.
      end: timing.startTime + timing.responseEnd - navigationStart,
    });
    if (request.resourceType() === 'script') {
      pending.push(
        request
          .sizes()
          .then(s => (jsBytes += s.responseBodySize))
          .catch(() => undefined),
      );
    }
  });
  const navigationStart = Date.now();
  const started = performance.now();
  await page.goto(`${portal}${TEAM_PAGE}`);
  await page
    .locator('.MuiCard-root')
    .filter({
      has: page.getByRole('heading', { name: 'Base version', exact: true }),
    })
    .getByText(TEAM_PIN)
    .first()
    .waitFor({ timeout: 180_000 });
  const ms = performance.now() - started;
  await Promise.all(pending);
  if (screenshot) await page.screenshot({ path: screenshot });
  await context.close();
  const slowest = requests
    .filter(r => r.type === 'fetch' || r.type === 'xhr' || r.type === 'script')
    .sort((a, b) => b.end - a.end)
    .slice(0, 5)
    .map(r => `${r.url.split('?')[0]} ${r.end.toFixed(0)} ms`);
  return {
    ms,
    jsMB: jsBytes / 1024 / 1024,
    requests: requests.length,
    slowest,
  };
}

/** A development portal's signed-in session (its guest "Enter" button). */
export async function guestSession(browser, portal) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(portal);
  await page.getByRole('button', { name: 'Enter' }).click({ timeout: 180_000 });
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .waitFor({ state: 'attached', timeout: 180_000 });
  const state = await context.storageState();
  await context.close();
  return state;
}

export const median = xs =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
