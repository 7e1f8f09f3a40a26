/*
 * What the adoption test checks on the adopted app's running backend: the catalog discovered the
 * suite's kinds, the agent-platform routes answer, the pages render in Chromium. Timeouts are
 * generous: CI shares two cores with other jobs, and a fresh catalog and the first snapshot take
 * their time there.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { waitFor } from './util.mjs';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(join(root, 'package.json'));

/** A guest token from the adopted app's backend (development mode, as the stock app runs). */
export async function guestToken(base) {
  const res = await fetch(`${base}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const body = await res.json();
  if (!body.backstageIdentity?.token)
    throw new Error(`guest sign-in answered ${res.status}`);
  return body.backstageIdentity.token;
}

/** GET as the signed-in user: `{ status, body }`, the body parsed when it is JSON. */
export function getter(base, token) {
  return async path => {
    const res = await fetch(`${base}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(60_000),
    });
    return {
      status: res.status,
      body: res.headers.get('content-type')?.includes('json')
        ? await res.json()
        : await res.text(),
    };
  };
}

/** Waits until the catalog holds skills, agent configs, MCP servers and the org base; returns the counts. */
export function catalogDiscovers(get, seconds = 600) {
  return waitFor(
    'skills, MCP servers, the org base and team configs in the catalog',
    async () => {
      const { body } = await get(
        '/api/catalog/entities?filter=kind=airesource&filter=kind=api,spec.type=mcp-server&fields=kind,metadata.name,spec.type',
      );
      const count = type => body.filter(e => e.spec?.type === type).length;
      const found = {
        skills: count('skill'),
        'agent configs': count('agent-config'),
        'mcp servers': count('mcp-server'),
      };
      const bases = (
        await get('/api/catalog/entities/by-name/airesource/default/org-base')
      ).status;
      return found.skills > 0 &&
        found['agent configs'] > 0 &&
        found['mcp servers'] > 0 &&
        bases === 200
        ? found
        : undefined;
    },
    seconds,
    2000,
  );
}

/** Waits until each agent-platform route answers 200; returns the paths checked. */
export async function routesAnswer(get, seconds = 300) {
  const checked = [];
  const expectOk = async path => {
    const res = await waitFor(
      path,
      async () => {
        const r = await get(path);
        return r.status === 200 ? r : undefined;
      },
      seconds,
      2000,
    );
    checked.push(path);
    return res.body;
  };
  const overview = await expectOk('/api/agent-platform/overview');
  if (!overview || typeof overview !== 'object')
    throw new Error('overview is not JSON');
  await expectOk('/api/agent-platform/teams/default/payments/approved-assets');
  await expectOk(
    '/api/agent-platform/entities/group/default/payments/effective-config',
  );
  await expectOk('/.well-known/skills/index.json');
  return checked;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Opens each page of the suite in Chromium, signing in as guest whenever the sign-in page shows,
 * and waits for what the page must show once the suite's data arrived, not just its title. A page
 * shows the snapshot as it was when it loaded, and the first one may have been built before
 * discovery finished, so a page is reloaded until it shows the data (within `seconds` each).
 */
export async function pagesRender({
  base,
  chromiumPath,
  shots,
  seconds = 300,
}) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: CHROMIUM_ARGS,
  });
  mkdirSync(shots, { recursive: true });
  const checked = [];
  const errors = [];
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
    });
    page.on('pageerror', e => errors.push(e.message));
    const signInButton = page
      .getByRole('button', { name: /^(enter|sign in)$/i })
      .first();
    const visit = async (path, text) => {
      const deadline = Date.now() + seconds * 1000;
      for (;;) {
        await page.goto(`${base}${path}`, {
          waitUntil: 'domcontentloaded',
          timeout: 120_000,
        });
        const shown = page.getByText(text).first();
        try {
          // Whichever comes first: the data, or the stock app's guest sign-in page.
          await shown.or(signInButton).waitFor({ timeout: 60_000 });
          if (await signInButton.isVisible().catch(() => false)) {
            await signInButton.click();
          }
          await shown.waitFor({ timeout: 30_000 });
          break;
        } catch (error) {
          if (Date.now() > deadline) {
            await page.screenshot({ path: join(shots, 'failed.png') });
            throw new Error(
              `${path} did not show ${text} within ${seconds} s (screenshot: ${join(
                shots,
                'failed.png',
              )}): ${error.message}`,
            );
          }
        }
      }
      await page.screenshot({
        path: join(shots, `${path.replace(/\W+/g, '_') || 'root'}.png`),
      });
      checked.push(path);
    };
    await visit('/agent-platform', /2\.4\.0/);
    await visit('/catalog/default/group/payments', /org-base@\d+\.\d+\.\d+/);
    await visit(
      '/catalog/default/component/payments-api',
      /org-base@\d+\.\d+\.\d+/,
    );
  } finally {
    await browser.close();
  }
  return { checked, errors };
}
