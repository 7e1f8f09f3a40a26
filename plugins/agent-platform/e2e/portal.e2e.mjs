// End-to-end check of the agent-platform plugin against the running portal
// (`yarn start`: app on :3000, backend on :7007) with the example org.
//
//   node plugins/agent-platform/e2e/portal.e2e.mjs [--bench-runs=7]
//
// Signs in as the guest (dana.kim, platform team), visits a team, a
// component, an MCP server, a skill and the platform page, asserts that the
// cards show the example org's real values, writes screenshots to
// e2e-test-report/screenshots/ (git-ignored; with --update-screenshots to
// the tracked docs/images/ instead, so a test run leaves the tree as it
// was), and measures the Spend tab with 365 days x 10 models (served from a
// route fixture) against 30 days x 3 models in the same run.
// Exits non-zero on the first failed assertion.
/* eslint-disable no-console */
// playwright-core is a devDependency of the repository root, not of this package.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const updateScreenshots = process.argv.includes('--update-screenshots');
const images = join(
  root,
  updateScreenshots ? 'docs/images' : 'e2e-test-report/screenshots',
);
const imagesShown = relative(root, images);
const portal = process.env.PORTAL_URL ?? 'http://localhost:3000';
const benchRuns = Number(
  process.argv.find(a => a.startsWith('--bench-runs='))?.split('=')[1] ?? 7,
);
mkdirSync(images, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const pageErrors = [];
page.on('pageerror', e => pageErrors.push(e.message));

const timeout = 60_000;
const card = title =>
  page
    .locator('.MuiCard-root')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
    .first();

async function shot(locator, name) {
  await locator.scrollIntoViewIfNeeded();
  await locator.screenshot({ path: join(images, name) });
  console.log(`  wrote ${imagesShown}/${name}`);
}

async function visit(path) {
  // Each check then waits for what it reads; on a narrow window the sidebar
  // becomes a bottom bar, so the page shell is not a useful marker.
  await page.goto(portal + path);
}

async function expectText(locator, text) {
  await locator.getByText(text, { exact: false }).first().waitFor({ timeout });
}

// Guest sign-in, as scripts/screenshot.mjs does.
await page.goto(portal);
await page.getByRole('button', { name: 'Enter' }).click({ timeout });
await page
  .getByRole('navigation', { name: 'sidebar nav' })
  .waitFor({ state: 'attached', timeout });

console.log('team page: group:default/checkout');
await visit('/catalog/default/group/checkout');
{
  const base = card('Base version');
  await expectText(base, 'org-base@2.3.0');
  await expectText(base, '1 release behind');
  await expectText(base, '<!-- agent-platform: extends: org-base@2.4.0 -->');
  await base
    .getByRole('table', { name: 'Repository pins by release' })
    .waitFor({ timeout });
  await shot(base, 'ui-base-version-team.png');
  const scopes = card('Permission scopes');
  await expectText(scopes, 'deny-overridden');
  await shot(scopes, 'ui-permission-scopes-team.png');
  const spend = card('Agent spend');
  await spend
    .getByText(/No spend recorded|Spend$/)
    .first()
    .waitFor({ timeout });
  await shot(spend, 'ui-spend-card-team.png');
  await page.screenshot({ path: join(images, 'ui-team-page.png') });
  console.log(`  wrote ${imagesShown}/ui-team-page.png`);
}

console.log('component page: component:default/mobile-app');
await visit('/catalog/default/component/mobile-app');
{
  const base = card('Base version');
  await expectText(base, 'org-base@1.8.0');
  await expectText(base, 'Missed security release');
  await expectText(base, 'Deprecated pin');
  await shot(base, 'ui-base-version-component.png');
}

console.log('component page: component:default/cart-service');
await visit('/catalog/default/component/cart-service');
{
  const scopes = card('Permission scopes');
  const rules = scopes.getByRole('table', {
    name: 'Effective permission rules',
  });
  await rules.waitFor({ timeout });
  const first = await rules.getByRole('row').nth(1).innerText();
  assert.match(
    first,
    /Deny\s+Read\(\.\/\.env\)\s+Violation\s+base@2\.2\.0 \(also repo:cart-service-repo-config\)/,
  );
  const servers = scopes.getByRole('table', { name: 'MCP servers in use' });
  await expectText(servers, 'GitHub');
  await expectText(servers, 'Write (');
  await shot(scopes, 'ui-permission-scopes-component.png');
}

console.log('MCP server page: api:default/github');
await visit('/catalog/default/api/github');
{
  const server = card('MCP server');
  await expectText(server, 'approved');
  await expectText(server, 'PR/issue write access through the Acme GitHub App');
  await server.getByText('Tools and scopes (11)').waitFor({ timeout });
  // The base lists it, and every repository wires it in its agent tool's
  // MCP config (.mcp.json, .cursor/mcp.json, .codex/config.toml, ...).
  const repos = server.getByText('Repositories', { exact: true }).locator('..');
  await repos.getByRole('link').nth(12).waitFor({ timeout });
  assert.equal(await repos.getByRole('link').count(), 13);
  await shot(server, 'ui-mcp-server-card.png');
  await expectText(card('Permission scopes'), 'Tools by access class');
}

console.log('org base page: airesource:default/org-base');
await visit('/catalog/default/airesource/org-base');
{
  const releases = card('Releases');
  const latest = releases.getByRole('region', { name: '2.4.0' });
  await latest.waitFor({ timeout });
  await expectText(latest, 'Latest');
  await expectText(latest, 'What changed since 2.3.0');
  await latest
    .getByRole('link', { name: /^managed-settings\.json/ })
    .waitFor({ timeout });
  // 1.8.0 is deprecated and the mobile team still pins it.
  const old = releases.getByRole('region', { name: '1.8.0' });
  await expectText(old, 'Deprecated');
  await expectText(old, 'Mobile');
  await shot(releases, 'ui-org-base-releases.png');
}

console.log('skill page: airesource:default/changelog-writer');
await visit('/catalog/default/airesource/changelog-writer');
{
  const skill = card('Skill');
  await expectText(skill, 'Deprecated.');
  await expectText(skill, '0.6.3');
  // No team config lists it itself; three teams still pin base releases that
  // list it (the snapshot's usage, the same answer the platform page has).
  await expectText(skill, 'Teams still on a base release that lists it');
  const base = skill.getByText('Through base', { exact: true }).locator('..');
  await base.getByRole('link').nth(2).waitFor({ timeout });
  assert.equal(await base.getByRole('link').count(), 3);
  await shot(skill, 'ui-skill-card.png');
}

console.log('platform page: /agent-platform');
await visit('/agent-platform');
{
  const totals = page.getByRole('group', { name: 'Totals' });
  await totals.waitFor({ timeout });
  assert.match(await totals.innerText(), /Teams\s+7\s+Repositories\s+13/);
  const drift = page.getByRole('table', { name: 'Teams by drift' });
  assert.match(
    await drift.getByRole('row').nth(1).innerText(),
    /org-base@1\.8\.0/,
  );
  await page
    .getByRole('table', { name: 'Deprecated assets in use' })
    .getByText(/changelog.writer/i)
    .first()
    .waitFor({ timeout });
  await page.getByRole('table', { name: 'Skill reuse' }).waitFor({ timeout });
  await page
    .getByText(/No spend recorded|Spend by team table/)
    .first()
    .waitFor({ timeout });
  await page.screenshot({
    path: join(images, 'ui-platform-overview.png'),
    fullPage: true,
  });
  console.log(`  wrote ${imagesShown}/ui-platform-overview.png`);
}

console.log('narrow window (420 px): team page');
await page.setViewportSize({ width: 420, height: 900 });
await visit('/catalog/default/group/checkout');
{
  const base = card('Base version');
  await expectText(base, '1 release behind');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(
    width <= 440,
    `the page scrolls sideways at 420 px (${width} px wide)`,
  );
  await shot(base, 'ui-base-version-narrow.png');
}
await page.setViewportSize({ width: 1280, height: 900 });

// ---- Spend tab benchmark: 365 days x 10 models, served from a route fixture.
const MODELS = [
  'claude-sonnet-4-6',
  'claude-opus-4-8',
  'claude-haiku-4-5',
  'claude-sonnet-4-5',
  'claude-opus-4-6',
  'claude-haiku-4-0',
  'claude-sonnet-4-0',
  'claude-opus-4-1',
  'claude-3-7-sonnet',
  'claude-3-5-haiku',
];
function report(days, models) {
  const end = Date.UTC(2026, 10, 20);
  const tokens = n => ({
    input: n,
    output: n / 4,
    cacheRead: n * 3,
    cacheCreation: n / 2,
  });
  const byDay = Array.from({ length: days }, (_, i) => ({
    date: new Date(end - (days - 1 - i) * 86400000).toISOString().slice(0, 10),
    cost: 20 + 10 * Math.sin(i / 7) + (i % 5),
    tokens: tokens(1000 * (i + 1)),
  }));
  const cost = byDay.reduce((s, d) => s + d.cost, 0);
  const row = (key, share) => ({
    key,
    cost: cost * share,
    tokens: tokens(Math.round(1e6 * share)),
  });
  const w = MODELS.slice(0, models).map((_, k) => models - k);
  const ws = w.reduce((a, b) => a + b, 0);
  return {
    entityRef: 'group:default/checkout',
    range: { from: byDay[0].date, to: byDay[days - 1].date },
    currency: 'USD',
    totals: {
      cost,
      tokens: tokens(1e6),
      sessions: 900,
      commits: 1200,
      pullRequests: 300,
      linesAdded: 1e5,
      linesRemoved: 3e4,
      activeSeconds: 1e6,
    },
    cacheHitRatio: 0.71,
    costPerPullRequest: cost / 300,
    costPerSession: cost / 900,
    previous: {
      range: { from: '2024-11-21', to: '2025-11-20' },
      cost: cost * 0.8,
      change: 0.25,
    },
    byDay,
    byModel: MODELS.slice(0, models).map((m, k) => row(m, w[k] / ws)),
    bySkill: [
      row('code-review', 0.3),
      row('pci-checklist', 0.1),
      row(null, 0.6),
    ],
    byMcpServer: [row('github', 0.2), row('jira', 0.1), row(null, 0.7)],
    byUser: [
      row('user:default/jonas.berg', 0.5),
      row('user:default/nina.petrova', 0.5),
    ],
    byRepo: [
      row('component:default/cart-service', 0.6),
      row('component:default/checkout-web', 0.4),
    ],
    budget: {
      month: '2026-11',
      monthlyUsd: 2500,
      source: 'airesource:default/checkout-agent-config',
      monthToDate: 1800,
      forecast: 2700,
      state: 'at-risk',
    },
  };
}

let fixture = report(30, 3);
// The fixture answers the spend reports only; a team's reconciliation (the
// Spend tab's last section) comes from the real backend.
await page.route('**/api/agent-platform/spend/entities/**', route =>
  new URL(route.request().url()).pathname.endsWith('/reconciliation')
    ? route.continue()
    : route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify(fixture),
      }),
);

async function timeSpendTab() {
  await page.goto(`${portal}/catalog/default/group/checkout`);
  await card('Base version').waitFor({ timeout });
  const tab = page.getByRole('link', { name: 'Spend', exact: true });
  await tab.waitFor({ timeout });
  // Timed inside the page: from the click on the tab to the first frame in
  // which the trend chart, every model bar and the tables are in the DOM.
  // (Playwright's own waits poll at up to 500 ms intervals: too coarse.)
  return page.evaluate(
    ({ bars }) =>
      new Promise((finish, reject) => {
        const link = [...document.querySelectorAll('a')].find(
          el => el.textContent === 'Spend',
        );
        const done = () =>
          document.querySelector('table[aria-label="Model mix"]') &&
          document.querySelector('.recharts-area-area') &&
          document.querySelectorAll('.recharts-bar-rectangle').length >= bars;
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          requestAnimationFrame(() => finish(performance.now() - t0));
        });
        observer.observe(document.body, { childList: true, subtree: true });
        setTimeout(
          () => reject(new Error('the Spend tab did not render in 60 s')),
          60000,
        );
        link.click();
      }),
    { bars: fixture.byModel.length },
  );
}

const stats = xs => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    median: s[Math.floor(s.length / 2)],
    min: s[0],
    max: s[s.length - 1],
  };
};

// Interleaved, so that both rows share the machine's (varying) load.
const cases = [
  ['baseline: 30 days x 3 models', 30, 3],
  ['365 days x 10 models', 365, 10],
];
const runs = Object.fromEntries(cases.map(([name]) => [name, []]));
for (let i = -1; i < benchRuns; i++) {
  for (const [name, days, models] of cases) {
    fixture = report(days, models);
    const ms = await timeSpendTab();
    if (i >= 0) runs[name].push(ms); // run -1 warms up the lazy chunks
  }
}
const results = {};
for (const [name] of cases) {
  results[name] = stats(runs[name]);
  console.log(
    `${name}: median ${results[name].median.toFixed(0)} ms (min ${results[
      name
    ].min.toFixed(0)}, max ${results[name].max.toFixed(0)}, ${benchRuns} runs)`,
  );
}
fixture = report(365, 10);
await timeSpendTab();
const spendTab = page.locator('main');
await page.screenshot({
  path: join(images, 'ui-spend-tab.png'),
  fullPage: true,
});
console.log(`  wrote ${imagesShown}/ui-spend-tab.png`);
void spendTab;

assert.deepEqual(pageErrors, [], `page errors: ${pageErrors.join('; ')}`);
await browser.close();
console.log(`RESULT ${JSON.stringify(results)}`);
console.log('e2e: all checks passed');
