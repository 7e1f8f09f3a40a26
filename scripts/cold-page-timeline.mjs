#!/usr/bin/env node
/*
 * Where a cold team page's time goes, against production portals that are already running
 * (scripts/production-portal.mjs's startProductionBackend, or `measure-production.mjs`'s :7162):
 *
 *   node scripts/cold-page-timeline.mjs [--runs 5] [--requests] http://localhost:7010[,http://localhost:7011]
 *
 * Each run opens /catalog/default/group/checkout in a fresh browser context (empty cache), signed in
 * through the proxy headers, and notes when the page first shows: the app shell (the sidebar nav),
 * the entity's header, any entity card, and the Base version pin (when `coldTeamPage` stops its
 * clock). Several portals (comma-separated) are opened in turn, run by run, so a build before a
 * change and one after it meet the same machine load. A first, uncounted run warms each portal.
 * `--requests` prints every request (start and end in ms since the navigation, size, type).
 * Chromium's own counters follow each run (script, task, layout and style time).
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CHROMIUM_ARGS,
  median,
  proxyHeaders,
  TEAM_PAGE,
  TEAM_PIN,
} from './production-portal.mjs';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const { chromium } = require('playwright-core');
const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '5' },
    requests: { type: 'boolean', default: false },
  },
});
const portals = (positionals[0] ?? 'http://localhost:7010').split(',');
const STEPS = ['shell', 'entityHeader', 'anyCard', 'pin'];

async function run(browser, portal) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    extraHTTPHeaders: proxyHeaders('dana.kim'),
  });
  const page = await context.newPage();
  await page.addInitScript(pin => {
    const marks = {};
    window.__coldPageMarks = marks;
    const mark = (step, seen) => {
      if (!marks[step] && seen) marks[step] = Math.round(performance.now());
    };
    new MutationObserver(() => {
      const text = document.body?.innerText ?? '';
      mark('shell', document.querySelector('nav'));
      mark('entityHeader', text.includes('checkout'));
      mark('anyCard', document.querySelector('.MuiCard-root'));
      mark('pin', text.includes(pin));
    }).observe(document, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  }, TEAM_PIN);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const requests = [];
  const navigationStart = Date.now();
  page.on('requestfinished', async request => {
    const timing = request.timing();
    const sizes = await request.sizes().catch(() => ({}));
    requests.push({
      url: request.url().replace(portal, '').split('?')[0],
      type: request.resourceType(),
      start: timing.startTime - navigationStart,
      end: timing.startTime + timing.responseEnd - navigationStart,
      kb: Math.round((sizes.responseBodySize ?? 0) / 1024),
    });
  });
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
  const marks = await page.evaluate(() => window.__coldPageMarks);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map(x => [x.name, x.value * 1000]));
  await context.close();
  return {
    ms,
    marks,
    counters: `script ${m.ScriptDuration.toFixed(
      0,
    )} ms, task ${m.TaskDuration.toFixed(
      0,
    )} ms, layout ${m.LayoutDuration.toFixed(
      0,
    )} ms, style ${m.RecalcStyleDuration.toFixed(0)} ms`,
    requests: requests.sort((a, b) => a.start - b.start),
  };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
const results = Object.fromEntries(portals.map(p => [p, []]));
try {
  for (const portal of portals) await run(browser, portal); // warm-up
  for (let i = 1; i <= Number(args.runs); i++) {
    for (const portal of portals) {
      const r = await run(browser, portal);
      results[portal].push(r);
      console.log(
        `${portal} run ${i}: ${r.ms.toFixed(0)} ms; ${STEPS.map(
          s => `${s} ${r.marks[s]}`,
        ).join(', ')}; ${r.counters}`,
      );
      if (args.requests)
        for (const q of r.requests)
          console.log(
            `  ${q.start.toFixed(0).padStart(6)} ${q.end
              .toFixed(0)
              .padStart(6)} ${String(q.kb).padStart(5)} KB ${q.type.padEnd(
              10,
            )} ${q.url}`,
          );
    }
  }
} finally {
  await browser.close();
}
console.log(
  '\n| portal | to the pin | to the shell | shell to entity header | header to cards | cards to pin |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [portal, rs] of Object.entries(results)) {
  const step = (from, to) =>
    median(rs.map(r => r.marks[to] - (from ? r.marks[from] : 0))).toFixed(0);
  console.log(
    `| ${portal} | ${median(rs.map(r => r.ms)).toFixed(0)} ms | ${step(
      undefined,
      'shell',
    )} | ${step('shell', 'entityHeader')} | ${step(
      'entityHeader',
      'anyCard',
    )} | ${step('anyCard', 'pin')} |`,
  );
}
