/* Small helpers shared by scripts/adoption-test.mjs and its modules. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** Runs a command to completion and returns its stdout; stderr shows unless `quiet`. */
export function sh(cmd, cmdArgs, options = {}) {
  return execFileSync(cmd, cmdArgs, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: options.quiet
      ? ['ignore', 'pipe', 'pipe']
      : ['ignore', 'pipe', 'inherit'],
    ...options,
  });
}

export const readJson = file => JSON.parse(readFileSync(file, 'utf8'));
export const writeJson = (file, data) =>
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);

/** Commits everything in the app's git, as the harness (not the adopter). */
export function commitAll(dir, message) {
  sh('git', ['add', '-A'], { cwd: dir });
  sh(
    'git',
    [
      '-c',
      'user.name=adoption',
      '-c',
      'user.email=adoption@localhost',
      'commit',
      '-qm',
      message,
    ],
    { cwd: dir },
  );
}

/** Polls `check` every `everyMs` until it returns something truthy, else throws naming `what`. */
export async function waitFor(what, check, seconds, everyMs = 1000) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result) return result;
    } catch (error) {
      last = error;
    }
    await new Promise(r => setTimeout(r, everyMs));
  }
  throw new Error(
    `${what} not within ${seconds} s${last ? `: ${last.message}` : ''}`,
  );
}
