#!/usr/bin/env node
/*
 * A cold team page in production mode next to the development server, in one run.
 *
 *   node scripts/measure-production.mjs [--runs 5] [--skip-build] [--pg postgresql://postgres@127.0.0.1:5432]
 *
 * Production mode (scripts/production-portal.mjs): the app built by `yarn workspace app build` and served
 * by the backend's app-backend plugin, NODE_ENV=production, app-config.yaml + app-config.production.yaml
 * on the local PostgreSQL (fresh databases prefixed `measure_prod_<random>_`, dropped afterwards), backend
 * on :7162, signed in through the oauth2Proxy provider (the browser sends the proxy's X-Forwarded-User).
 * Development: `backstage-cli package start` for the backend (:7161, SQLite in memory) and the app's
 * development server (:3161), as `yarn start` runs them, signed in as guest.
 *
 * Each run opens the team page /catalog/default/group/checkout in a fresh browser context (empty
 * cache) and times it until the Base version card shows the team's pin; it also sums the JavaScript
 * transferred and names the last requests to finish. Runs alternate between the two portals.
 * `yarn test:e2e` runs the same comparison (3 runs) in its production step.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildApp,
  CHROMIUM_ARGS,
  coldTeamPage,
  dropDatabases,
  guestSession,
  guestSignIn,
  median,
  proxyHeaders,
  proxySignIn,
  startProcess,
  startProductionBackend,
  TEAM_PAGE,
  waitFor,
  yarn,
} from './production-portal.mjs';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const { chromium } = require('playwright-core');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'skip-build': { type: 'boolean', default: false },
    pg: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432' },
  },
});
const PROD = 7162;
const DEV_BACKEND = 7161;
const DEV_APP = 3161;
const prefix = `measure_prod_${randomBytes(3).toString('hex')}_`;
const log = (...m) => console.log('measure:', ...m);
const children = [];
process.on('exit', () => children.forEach(c => c.stop()));
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

async function teamConfigAnswers(backend, token) {
  return (
    await fetch(
      `${backend}/api/agent-platform/entities/group/default/checkout/effective-config`,
      { headers: { Authorization: `Bearer ${token}` } },
    )
  ).ok;
}

async function main() {
  const t0 = Date.now();
  if (!args['skip-build']) {
    log('building the app (yarn workspace app build)');
    buildApp();
    log(`built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  const prod = `http://localhost:${PROD}`;
  children.push(
    startProductionBackend({
      port: PROD,
      pg: args.pg,
      prefix,
      env: { AGENT_PLATFORM_OTLP_TOKEN: randomBytes(24).toString('hex') },
    }),
  );
  const devEnv = {
    ...process.env,
    APP_CONFIG_app_baseUrl: `http://localhost:${DEV_APP}`,
    APP_CONFIG_backend_baseUrl: `http://localhost:${DEV_BACKEND}`,
    APP_CONFIG_backend_listen_port: String(DEV_BACKEND),
    APP_CONFIG_backend_cors_origin: `http://localhost:${DEV_APP}`,
    APP_CONFIG_backend_database_connection: '":memory:"',
  };
  for (const dir of ['packages/backend', 'packages/app'])
    children.push(
      startProcess(process.execPath, [yarn, 'start'], {
        cwd: join(root, dir),
        env: devEnv,
      }),
    );
  await waitFor(
    'the production portal',
    async () => {
      const { token } = await proxySignIn(prod, proxyHeaders('dana.kim'));
      return token && teamConfigAnswers(prod, token);
    },
    600,
  );
  log(
    `production portal ready after ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  const devBackend = `http://localhost:${DEV_BACKEND}`;
  await waitFor(
    'the development portal',
    async () => {
      const { token } = await guestSignIn(devBackend);
      return (
        token &&
        (await teamConfigAnswers(devBackend, token)) &&
        (await fetch(`http://localhost:${DEV_APP}`)).ok
      );
    },
    600,
  );
  log(
    `development portal ready after ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const portals = {
    production: {
      url: prod,
      options: { extraHTTPHeaders: proxyHeaders('dana.kim') },
    },
    development: {
      url: `http://localhost:${DEV_APP}`,
      options: {
        storageState: await guestSession(
          browser,
          `http://localhost:${DEV_APP}`,
        ),
      },
    },
  };
  // Warm the servers (compilation, caches), not counted.
  for (const { url, options } of Object.values(portals))
    await coldTeamPage(browser, url, options);
  const results = { production: [], development: [] };
  for (let i = 0; i < Number(args.runs); i++) {
    for (const [name, { url, options }] of Object.entries(portals)) {
      const r = await coldTeamPage(browser, url, options);
      results[name].push(r);
      log(
        `${name} run ${i + 1}: ${r.ms.toFixed(0)} ms, ${r.jsMB.toFixed(
          1,
        )} MB of JavaScript, ${r.requests} requests; last: ${r.slowest
          .slice(0, 3)
          .join(', ')}`,
      );
    }
  }
  await browser.close();
  console.log(
    `\nCold team page (${TEAM_PAGE}, fresh browser context, until the Base version card shows the pin), ${args.runs} runs each, alternating:\n`,
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
}

main()
  .catch(error => {
    console.error(`measure: failed: ${error.stack ?? error}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of children) c.stop();
    await Promise.all(children.map(c => c.exited));
    await dropDatabases(args.pg, prefix).catch(() => undefined);
    process.exit(process.exitCode ?? 0);
  });
