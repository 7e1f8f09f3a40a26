/*
 * The release loop's local side: running commands, the scaffolded repository's git, its files.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A failed expectation: the loop stops with this message. */
export class LoopError extends Error {}

/**
 * Runs a command to its end (at most `timeoutMs`, default 2 minutes), collecting its output; never
 * throws on a non-zero exit.
 */
export function run(
  command: string,
  commandArgs: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(command, commandArgs, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Killed (exit code null, reported as 1) when it runs longer.
      timeout: options.timeoutMs ?? 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', c => (stdout += c));
    child.stderr.on('data', c => (stderr += c));
    child.on('error', fail);
    child.on('exit', code => ok({ code: code ?? 1, stdout, stderr }));
  });
}

/** Runs git in `cwd` as the loop's committer; throws with git's message when it fails. */
export async function git(cwd: string, ...gitArgs: string[]) {
  const res = await run(
    'git',
    [
      '-c',
      'user.name=Release Loop',
      '-c',
      'user.email=release-loop@acme.example',
      ...gitArgs,
    ],
    { cwd },
  );
  if (res.code !== 0) {
    throw new LoopError(`git ${gitArgs.join(' ')} failed: ${res.stderr}`);
  }
  return res.stdout;
}

/** Every file under `dir` (paths relative to it), `.git` left out. */
export function filesUnder(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === '.git') continue;
      const f = join(d, name);
      if (statSync(f).isDirectory()) walk(f);
      else files.push(relative(dir, f));
    }
  };
  walk(dir);
  return files;
}
