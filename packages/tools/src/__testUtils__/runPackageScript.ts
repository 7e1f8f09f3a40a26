import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const packageRoot = resolve(__dirname, '../..');

/**
 * Runs one of this package's `src/*.ts` scripts in a child process, as a user
 * would from the package folder (the OpenTelemetry exporters load their
 * transport with a dynamic import, which Jest's module system refuses).
 * `AGENT_PLATFORM_TOKEN` is cleared so that only the arguments count.
 */
export function runPackageScript(
  script: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(done => {
    execFile(
      process.execPath,
      ['-r', '@backstage/cli/config/nodeTransform.cjs', script, ...args],
      { cwd: packageRoot, env: { ...process.env, AGENT_PLATFORM_TOKEN: '' } },
      (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
