#!/usr/bin/env node
/*
 * A cold team page in production mode next to the development server, in one run.
 *
 *   node scripts/measure-production.mjs [--runs 3] [--skip-build]
 *
 * Production mode: the app built by `yarn workspace app build` and served by the backend's
 * app-backend plugin, NODE_ENV=production, app-config.yaml + app-config.production.yaml on the local
 * PostgreSQL (databases prefixed `measure_prod_`), backend on :7162. Sign-in is the one stand-in: the
 * guest provider with `dangerouslyAllowOutsideDevelopment` (production refuses guests; this run has no
 * identity provider). The backend runs its TypeScript through Backstage's transform (what
 * `backstage-cli package start` does, without its development mode); the page load measured is the
 * built app's.
 * Development: `backstage-cli package start` for the backend (:7161, SQLite in memory) and the app's
 * development server (:3161), as `yarn start` runs them.
 *
 * Each run opens the team page /catalog/default/group/checkout in a fresh browser context (empty
 * cache, signed-in session carried over) and times it until the Base version card shows the team's
 * pin; it also sums the JavaScript transferred. Runs alternate between the two portals.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const { chromium } = require('playwright-core');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'skip-build': { type: 'boolean', default: false },
    pg: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432' },
  },
});
const runs = Number(args.runs);
const yarn = join(root, '.yarn/releases/yarn-4.13.0.cjs');
const PROD = 7162;
const DEV_BACKEND = 7161;
const DEV_APP = 3161;
const TEAM_PAGE = '/catalog/default/group/checkout';
const children = [];
const log = (...m) => console.log('measure:', ...m);

function start(name, cmd, cmdArgs, options) {
  const child = spawn(cmd, cmdArgs, {
    ...options,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = [];
  child.stdout.on('data', d => out.push(String(d)));
  child.stderr.on('data', d => out.push(String(d)));
  child.on('exit', code => {
    if (!stopping) {
      log(
        `${name} exited (${code}):\n${out
          .join('')
          .split('\n')
          .slice(-40)
          .join('\n')}`,
      );
    }
  });
  children.push(child);
  return child;
}
let stopping = false;
function stopAll() {
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // gone
    }
  }
}
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

async function waitFor(what, check, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(`${what} not within ${seconds} s`);
}

/** The example catalog is in and the agent-platform snapshot knows the team. */
async function portalReady(backend) {
  const res = await fetch(`${backend}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const token = (await res.json()).backstageIdentity?.token;
  if (!token) return false;
  const config = await fetch(
    `${backend}/api/agent-platform/entities/group/default/checkout/effective-config`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  return config.ok;
}

async function measure(browser, portal, state) {
  const context = await browser.newContext({
    storageState: state,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  let jsBytes = 0;
  const sizes = [];
  page.on('requestfinished', request => {
    if (request.resourceType() === 'script') {
      sizes.push(
        request
          .sizes()
          .then(s => (jsBytes += s.responseBodySize))
          .catch(() => undefined),
      );
    }
  });
  const started = performance.now();
  await page.goto(`${portal}${TEAM_PAGE}`);
  await page
    .locator('.MuiCard-root')
    .filter({
      has: page.getByRole('heading', { name: 'Base version', exact: true }),
    })
    .getByText('org-base@2.3.0')
    .first()
    .waitFor({ timeout: 120_000 });
  const ms = performance.now() - started;
  await Promise.all(sizes);
  await context.close();
  return { ms, jsMB: jsBytes / 1024 / 1024 };
}

async function signIn(browser, portal) {
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

async function main() {
  const t0 = Date.now();
  if (!args['skip-build']) {
    log('building the app (yarn workspace app build)');
    execFileSync(process.execPath, [yarn, 'workspace', 'app', 'build'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    log(`built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  const overlay = join(
    mkdtempSync(join(tmpdir(), 'measure-prod-')),
    'measure.yaml',
  );
  const pg = new URL(args.pg);
  writeFileSync(
    overlay,
    JSON.stringify({
      app: { baseUrl: `http://localhost:${PROD}` },
      backend: {
        baseUrl: `http://localhost:${PROD}`,
        listen: { port: PROD },
        cors: { origin: `http://localhost:${PROD}` },
        database: {
          prefix: 'measure_prod_',
          connection: {
            host: pg.hostname,
            port: Number(pg.port || 5432),
            user: decodeURIComponent(pg.username),
            password: decodeURIComponent(pg.password),
          },
        },
      },
      // The stand-in for an identity provider in this run only.
      auth: {
        providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
      },
    }),
  );
  const backendDir = join(root, 'packages/backend');
  start(
    'production backend',
    process.execPath,
    [
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../app-config.production.yaml',
      '--config',
      overlay,
    ],
    { cwd: backendDir, env: { ...process.env, NODE_ENV: 'production' } },
  );
  const devEnv = {
    ...process.env,
    APP_CONFIG_app_baseUrl: `http://localhost:${DEV_APP}`,
    APP_CONFIG_backend_baseUrl: `http://localhost:${DEV_BACKEND}`,
    APP_CONFIG_backend_listen_port: String(DEV_BACKEND),
    APP_CONFIG_backend_cors_origin: `http://localhost:${DEV_APP}`,
    APP_CONFIG_backend_database_connection: '":memory:"',
  };
  start('development backend', process.execPath, [yarn, 'start'], {
    cwd: backendDir,
    env: devEnv,
  });
  start('development app server', process.execPath, [yarn, 'start'], {
    cwd: join(root, 'packages/app'),
    env: devEnv,
  });
  await waitFor(
    'the production portal',
    () => portalReady(`http://localhost:${PROD}`),
    600,
  );
  log(
    `production portal ready after ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  await waitFor(
    'the development backend',
    () => portalReady(`http://localhost:${DEV_BACKEND}`),
    600,
  );
  await waitFor(
    'the development app server',
    async () => (await fetch(`http://localhost:${DEV_APP}`)).ok,
    600,
  );
  log(
    `development portal ready after ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const portals = {
    production: `http://localhost:${PROD}`,
    development: `http://localhost:${DEV_APP}`,
  };
  const states = {};
  for (const [name, url] of Object.entries(portals)) {
    states[name] = await signIn(browser, url);
    await measure(browser, url, states[name]); // warm the servers (compile, caches), not counted
  }
  const results = { production: [], development: [] };
  for (let i = 0; i < runs; i++) {
    for (const [name, url] of Object.entries(portals)) {
      const r = await measure(browser, url, states[name]);
      results[name].push(r);
      log(
        `${name} run ${i + 1}: ${r.ms.toFixed(0)} ms, ${r.jsMB.toFixed(
          1,
        )} MB of JavaScript`,
      );
    }
  }
  await browser.close();
  const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `\nCold team page (${TEAM_PAGE}, fresh browser context, until the Base version card shows the pin), ${runs} runs each, alternating:\n`,
  );
  console.log('| Portal | median | min | max | JavaScript transferred |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [name, rs] of Object.entries(results)) {
    const ms = rs.map(r => r.ms);
    console.log(
      `| ${
        name === 'production'
          ? 'production (built app served by app-backend, PostgreSQL)'
          : 'development server (yarn start)'
      } | ${median(ms).toFixed(0)} ms | ${Math.min(...ms).toFixed(
        0,
      )} ms | ${Math.max(...ms).toFixed(0)} ms | ${median(
        rs.map(r => r.jsMB),
      ).toFixed(1)} MB |`,
    );
  }
  stopAll();
}

main().then(
  () => process.exit(0),
  error => {
    console.error(`measure: failed: ${error.stack ?? error}`);
    process.exit(1);
  },
);
