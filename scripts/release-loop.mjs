#!/usr/bin/env node
/*
 * The release loop on a fresh portal (packages/tools/src/release-loop.ts): scaffold a service,
 * drift 0, telemetry on its team's spend, a new base release, drift, `agent-context upgrade`,
 * drift 0 again. Prints each step and its time; exits 1 on the first failure. Options are passed
 * on: --port <port>, --keep, --step-timeout <s>, --start-timeout <s>.
 *
 *   node scripts/release-loop.mjs
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, 'packages/tools');
const require = createRequire(join(tools, 'package.json'));
const child = spawn(
  process.execPath,
  [
    '-r',
    require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    join(tools, 'src/release-loop.ts'),
    ...process.argv.slice(2).filter(a => a !== '--'),
  ],
  { cwd: tools, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
