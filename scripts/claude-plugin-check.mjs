#!/usr/bin/env node
/*
 * The org base's Claude Code plugin checked by the real client, in CI: installs Claude Code
 * (@anthropic-ai/claude-code, pinned below; about 400 MB with its native binary) into
 * node_modules/.cache/claude-code when it is not there yet, then runs the backend's marketplace
 * route test with CLAUDE_CODE_BIN set, so `claude plugin validate` reads the marketplace.json and
 * the unzipped plugin the portal serves (offline; no Anthropic account is used).
 *
 *   node scripts/claude-plugin-check.mjs
 *
 * Fails when the install fails: the package is on the npm registry, so a missing client is an
 * error here, not a skip. CLAUDE_CODE_BIN set beforehand uses that binary instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLAUDE_CODE_VERSION = '2.1.332';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prefix = join(
  root,
  'node_modules',
  '.cache',
  'claude-code',
  CLAUDE_CODE_VERSION,
);
let claude =
  process.env.CLAUDE_CODE_BIN ?? join(prefix, 'node_modules', '.bin', 'claude');
const log = line => process.stdout.write(`[claude-plugin] ${line}\n`);

if (!existsSync(claude)) {
  if (process.env.CLAUDE_CODE_BIN) {
    throw new Error(`CLAUDE_CODE_BIN is ${claude}, which does not exist`);
  }
  log(
    `installing @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION} into ${prefix}`,
  );
  mkdirSync(prefix, { recursive: true });
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--no-save',
      `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`,
    ],
    { stdio: 'inherit' },
  );
  claude = join(prefix, 'node_modules', '.bin', 'claude');
}
log(
  `claude ${execFileSync(claude, ['--version'], { encoding: 'utf8' }).trim()}`,
);
execFileSync(
  process.execPath,
  [
    join(root, '.yarn/releases/yarn-4.13.0.cjs'),
    'backstage-cli',
    'package',
    'test',
    'src/releases/createMarketplaceRouter.test.ts',
  ],
  {
    cwd: join(root, 'plugins/agent-platform-backend'),
    env: { ...process.env, CI: 'true', CLAUDE_CODE_BIN: claude },
    stdio: 'inherit',
  },
);
