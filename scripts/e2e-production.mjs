#!/usr/bin/env node
/*
 * The end-to-end run's production step: the portal as users run it in production
 * (scripts/production-portal.mjs: the built app served by the backend, NODE_ENV=production,
 * app-config.production.yaml on a fresh set of PostgreSQL databases, sign-in through the
 * oauth2Proxy provider). scripts/run-e2e.mjs runs it after the browser suite, with the development
 * portal still up for the comparison; it also runs alone:
 *
 *   node scripts/e2e-production.mjs [--port 7010] [--skip-build] [--runs 3]
 *     [--dev-portal http://localhost:3000] [--pg postgresql://postgres@127.0.0.1:5432]
 *
 * Checks, in order, failing on the first that does not hold:
 * 1. Without AGENT_PLATFORM_OTLP_TOKEN the backend refuses to start, saying so.
 * 2. With it, the backend starts; the proxy provider signs in a catalog user by the forwarded user
 *    name or email, and refuses a request without the proxy's headers, an unknown user, and guest.
 * 3. Spend ingestion takes the configured token and refuses a request without it.
 * 4. In Chromium, the built app signs in through the proxy with no sign-in form, and a cold team
 *    page shows the team's pin; then `--runs` cold loads are timed, alternating with the
 *    development portal when `--dev-portal` is given (the same page, signed in as guest).
 * Screenshots go to e2e-test-report/production/ (git-ignored). The databases are dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildApp,
  CHROMIUM_ARGS,
  coldTeamPage,
  dropDatabases,
  guestSession,
  median,
  proxyHeaders,
  proxySignIn,
  startProductionBackend,
  TEAM_PAGE,
  waitFor,
} from './production-portal.mjs';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '7010' },
    'skip-build': { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    'dev-portal': { type: 'string' },
    pg: {
      type: 'string',
      default:
        process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
        'postgresql://postgres@127.0.0.1:5432',
    },
  },
});
const port = Number(args.port);
const base = `http://localhost:${port}`;
const prefix = `e2e_prod_${randomBytes(3).toString('hex')}_`;
const refusedPrefix = `${prefix}refused_`;
const shots = join(root, 'e2e-test-report/production');
const log = line => process.stdout.write(`[e2e production] ${line}\n`);
let backend;
let currentCheck = 'start';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function main() {
  mkdirSync(shots, { recursive: true });
  if (!args['skip-build']) {
    currentCheck = 'build the app';
    const t = Date.now();
    buildApp();
    log(`app built in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }

  currentCheck = 'no ingestion token: the backend refuses to start';
  const refused = startProductionBackend({
    port,
    pg: args.pg,
    prefix: refusedPrefix,
    env: { AGENT_PLATFORM_OTLP_TOKEN: undefined },
  });
  const code = await Promise.race([
    refused.exited,
    new Promise(r => setTimeout(() => r('still running'), 600_000)),
  ]);
  await refused.stop();
  check(
    code !== 0 && code !== 'still running',
    `the backend did not refuse to start without AGENT_PLATFORM_OTLP_TOKEN (${code})`,
  );
  const said =
    /Missing required config value at '[^']*externalAccess[^']*'|[^"]*(ingestion token|AGENT_PLATFORM_OTLP_TOKEN)[^"]*/.exec(
      refused.output(),
    )?.[0];
  check(
    said,
    `the refusal did not name the ingestion token:\n${refused
      .output()
      .slice(-3000)}`,
  );
  log(`without a token the backend exits (${code}): ${said.trim()}`);

  currentCheck = 'the backend starts with PostgreSQL and a token';
  const token = randomBytes(24).toString('hex');
  const t0 = Date.now();
  backend = startProductionBackend({
    port,
    pg: args.pg,
    prefix,
    env: { AGENT_PLATFORM_OTLP_TOKEN: token },
  });
  await waitFor(
    'the production backend',
    async () => {
      if (backend.child.exitCode !== null)
        throw new Error(`it exited:\n${backend.output().slice(-3000)}`);
      return (await fetch(`${base}/.backstage/health/v1/readiness`)).ok;
    },
    600,
  );
  log(
    `backend ready in ${((Date.now() - t0) / 1000).toFixed(
      0,
    )} s (databases ${prefix}*)`,
  );

  currentCheck = 'sign-in through the proxy provider';
  const dana = await waitFor(
    'a sign-in as dana.kim (the catalog holding the user)',
    async () => {
      const r = await proxySignIn(base, proxyHeaders('dana.kim'));
      return r.status === 200 ? r : undefined;
    },
    300,
  );
  check(dana.user === 'user:default/dana.kim', `signed in as ${dana.user}`);
  const byEmail = await proxySignIn(base, {
    'X-Forwarded-User': 'p.raman-sso-id',
    'X-Forwarded-Email': 'priya.raman@acme.example',
  });
  check(
    byEmail.user === 'user:default/priya.raman',
    `by email: ${byEmail.status} ${byEmail.user ?? byEmail.error}`,
  );
  // Refused: no token (upstream answers 500 "Request did not contain a user" without the header,
  // 404/401 for a user the catalog does not hold).
  const noHeaders = await proxySignIn(base, {});
  check(
    noHeaders.status !== 200 && !noHeaders.token,
    `without the proxy's headers: ${noHeaders.status}`,
  );
  const stranger = await proxySignIn(
    base,
    proxyHeaders('mallory', 'mallory@elsewhere.example'),
  );
  check(
    stranger.status !== 200 && !stranger.token,
    `a user not in the catalog: ${stranger.status}`,
  );
  const guest = await fetch(`${base}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  check(guest.status !== 200, `guest sign-in answered ${guest.status}`);
  log(
    `sign-in: dana.kim by name, priya.raman by email; refused without headers (${noHeaders.status}), a stranger (${stranger.status}) and guest (${guest.status})`,
  );

  currentCheck = 'spend ingestion takes the configured token only';
  const ingest = auth =>
    fetch(`${base}/api/agent-platform/otlp/v1/metrics`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(auth ? { Authorization: `Bearer ${auth}` } : {}),
      },
      body: JSON.stringify({ resourceMetrics: [] }),
    });
  const withToken = await ingest(token);
  const without = await ingest(undefined);
  const localDefault = await ingest('local-otlp-ingest-token');
  check(
    withToken.status === 200,
    `ingestion with the token: ${withToken.status} ${await withToken.text()}`,
  );
  check(without.status === 401, `ingestion without a token: ${without.status}`);
  check(
    localDefault.status === 401,
    `ingestion with the public local token: ${localDefault.status}`,
  );
  log(`ingestion: 200 with the token, 401 without, 401 with the local default`);

  currentCheck = 'the built app in Chromium';
  await waitFor(
    "the team's config in the agent-platform snapshot",
    async () =>
      (
        await fetch(
          `${base}/api/agent-platform/entities/group/default/checkout/effective-config`,
          { headers: { Authorization: `Bearer ${dana.token}` } },
        )
      ).ok,
    300,
  );
  const html = await (await fetch(`${base}${TEAM_PAGE}`)).text();
  check(
    /<script[^>]+src="[^"]*static\/[^"]*.[0-9a-f]{8,}\.js"/.test(html),
    'the backend does not serve the built app (no hashed bundle in its index.html)',
  );
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const asDana = { extraHTTPHeaders: proxyHeaders('dana.kim') };
    // First load: also proves there is no sign-in form (the page signs in through the proxy).
    const first = await coldTeamPage(
      browser,
      base,
      asDana,
      join(shots, 'team-page.png'),
    );
    log(
      `first cold team page: ${first.ms.toFixed(
        0,
      )} ms (screenshot e2e-test-report/production/team-page.png)`,
    );
    const portals = { production: { url: base, options: asDana } };
    if (args['dev-portal']) {
      const devState = await guestSession(browser, args['dev-portal']);
      portals.development = {
        url: args['dev-portal'],
        options: { storageState: devState },
      };
      await coldTeamPage(
        browser,
        args['dev-portal'],
        portals.development.options,
      );
    }
    const results = Object.fromEntries(Object.keys(portals).map(n => [n, []]));
    for (let i = 0; i < Number(args.runs); i++) {
      for (const [name, { url, options }] of Object.entries(portals)) {
        const r = await coldTeamPage(browser, url, options);
        results[name].push(r);
        log(
          `${name} run ${i + 1}: ${r.ms.toFixed(0)} ms, ${r.jsMB.toFixed(
            1,
          )} MB of JavaScript, ${
            r.requests
          } requests; last to finish: ${r.slowest.slice(0, 3).join(', ')}`,
        );
      }
    }
    console.log(
      `\nCold team page (${TEAM_PAGE}, fresh browser context, until the Base version card shows the pin), ${args.runs} runs each, alternating:\n`,
    );
    console.log('| portal | median | min | max | JavaScript transferred |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const [name, rs] of Object.entries(results)) {
      const ms = rs.map(r => r.ms);
      console.log(
        `| ${
          name === 'production'
            ? 'production (built app, app-backend, PostgreSQL, oauth2Proxy sign-in)'
            : 'development server (yarn start)'
        } | ${median(ms).toFixed(0)} ms | ${Math.min(...ms).toFixed(
          0,
        )} ms | ${Math.max(...ms).toFixed(0)} ms | ${median(
          rs.map(r => r.jsMB),
        ).toFixed(1)} MB |`,
      );
    }
  } finally {
    await browser.close();
  }
}

async function cleanUp() {
  await backend?.stop();
  await backend?.exited;
  const dropped = await dropDatabases(args.pg, prefix).catch(e => {
    log(`could not drop the databases ${prefix}*: ${e.message}`);
    return 0;
  });
  log(`dropped ${dropped} databases (${prefix}*)`);
}

main().then(
  async () => {
    await cleanUp();
    log('passed');
    process.exit(0);
  },
  async error => {
    log(`FAILED at "${currentCheck}": ${error.stack ?? error}`);
    if (backend)
      log(`the backend's last output:\n${backend.output().slice(-6000)}`);
    await cleanUp();
    process.exit(1);
  },
);
