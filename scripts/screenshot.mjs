// Opens portal pages in Debian's headless Chromium and saves screenshots.
// Usage: node scripts/screenshot.mjs <out-dir> <path> [<path> ...]
// The portal must be running (yarn start). Signs in as the guest user first.
// FULL_PAGE=1 captures the whole page instead of the 1280x900 viewport.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [outDir, ...paths] = process.argv.slice(2);
const base = process.env.PORTAL_URL ?? 'http://localhost:3000';
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(base);
const enter = page.getByRole('button', { name: 'Enter' });
await enter.waitFor({ timeout: 30000 });
await enter.click();
await page
  .getByRole('navigation', { name: 'sidebar nav' })
  .waitFor({ state: 'attached', timeout: 30000 });
for (const p of paths) {
  await page.goto(base + p);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(Number(process.env.SETTLE_MS ?? 1500));
  const file = join(outDir, `${p.replace(/[^a-z0-9]+/gi, '_') || 'root'}.png`);
  await page.screenshot({
    path: file,
    fullPage: process.env.FULL_PAGE === '1',
  });
  console.log(file);
}
await browser.close();
