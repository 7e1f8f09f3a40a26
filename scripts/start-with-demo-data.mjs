#!/usr/bin/env node
/*
 * Starts the portal (app and backend, `yarn start`) and, once the backend answers, sends the demo
 * telemetry of the example organisation (packages/tools/src/generate-telemetry.ts)
 * once, so a fresh portal already shows spend. The portal stays in the foreground; Ctrl-C stops
 * everything.
 *
 *   node scripts/start-with-demo-data.mjs [--backend http://localhost:7007] [-- <generator options>]
 *
 * Generator options, e.g. `-- --days 30 --seed 7`, are passed on; by default it waits until the
 * catalog holds the example teams and users (spend is attributed when it arrives). The token is the
 * static external-access token the generator finds in app-config.yaml (or --token, or
 * AGENT_PLATFORM_TOKEN). AGENT_PLATFORM_START_COMMAND replaces the start command (tests).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const { values, positionals: generatorArgs } = parseArgs({
  options: {
    backend: { type: 'string', default: 'http://localhost:7007' },
    'ready-timeout': { type: 'string', default: '600' },
  },
  allowPositionals: true,
});
const backend = values.backend.replace(/\/+$/, '');

const log = line => process.stdout.write(`[demo-data] ${line}\n`);

const startCommand = process.env.AGENT_PLATFORM_START_COMMAND
  ? ['sh', ['-c', process.env.AGENT_PLATFORM_START_COMMAND]]
  : [process.execPath, [join(root, '.yarn/releases/yarn-4.13.0.cjs'), 'start']];

// The portal gets its own process group, so that one signal reaches yarn, the
// app's dev server and the backend alike.
const portal = spawn(startCommand[0], startCommand[1], {
  cwd: root,
  stdio: 'inherit',
  detached: true,
});
let generator;
let stopping = false;

function stop(signal) {
  if (stopping) return;
  stopping = true;
  log(`Stopping (${signal})...`);
  generator?.kill('SIGTERM');
  try {
    process.kill(-portal.pid, signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
  } catch {
    // already gone
  }
  // If something ignores the signal, make sure it ends.
  setTimeout(() => {
    try {
      process.kill(-portal.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 10_000).unref();
}

process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGHUP', () => stop('SIGTERM'));

portal.on('exit', (code, signal) => {
  generator?.kill('SIGTERM');
  if (!stopping && code !== 0) {
    log(`The portal exited (${signal ?? `code ${code}`}).`);
  }
  process.exit(code ?? (stopping ? 0 : 1));
});

async function waitForBackend() {
  const deadline = Date.now() + Number(values['ready-timeout']) * 1000;
  const url = `${backend}/.backstage/health/v1/readiness`;
  while (!stopping) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      log(
        `The backend did not become ready at ${url} within ${values['ready-timeout']} s; no demo data sent.`,
      );
      return false;
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  return false;
}

async function sendDemoData() {
  if (!(await waitForBackend())) return;
  log(`The backend answers at ${backend}; sending the demo telemetry.`);
  const args = [
    '-r',
    '@backstage/cli/config/nodeTransform.cjs',
    'src/generate-telemetry.ts',
    '--portal',
    backend,
    '--wait-for-catalog',
    ...generatorArgs,
  ];
  const code = await new Promise(resolve => {
    generator = spawn(process.execPath, args, {
      cwd: join(root, 'packages/tools'),
      stdio: 'inherit',
    });
    generator.on('exit', c => resolve(c));
    generator.on('error', e => {
      log(`Could not start the generator: ${e.message}`);
      resolve(1);
    });
  });
  generator = undefined;
  if (stopping) return;
  log(
    code === 0
      ? 'Demo telemetry sent. The portal keeps running; Ctrl-C stops it.'
      : `The generator failed (exit code ${code}); the portal keeps running without demo data.`,
  );
}

sendDemoData();
