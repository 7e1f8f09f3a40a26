/**
 * The `agent-context` command line: `agent-context check [dir]` validates a
 * repository's agent files against the org base in the repository's own CI;
 * `agent-context upgrade [dir]` moves them to another release of the base.
 * `agent-context eval [skill-dir]` posts a skill's evaluation result.
 *
 * @packageDocumentation
 */

import { EXIT_ERROR, runCheck, USAGE } from './check';
import { runUpgrade, UPGRADE_USAGE } from './upgrade';
import { EVAL_USAGE, runEval } from './evalCommand';

export { runCheck, EXIT_OK, EXIT_FAILED, EXIT_ERROR } from './check';
export { runUpgrade } from './upgrade';
export type { CheckIo } from './check';
export { runEval } from './evalCommand';

/** Runs the command line with `process.argv`-style arguments; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = {
    stdout: (text: string) => process.stdout.write(text),
    stderr: (text: string) => process.stderr.write(text),
    fetch: globalThis.fetch,
    now: () => new Date(),
  };
  if (command === 'check') {
    return runCheck(rest, io);
  }
  if (command === 'upgrade') {
    return runUpgrade(rest, io);
  }
  if (command === 'eval') {
    return runEval(rest, { ...io, env: process.env });
  }
  if (command === '--help' || command === 'help' || command === undefined) {
    io.stdout(`${USAGE}\n\n${UPGRADE_USAGE}\n\n${EVAL_USAGE}\n`);
    return command === undefined ? EXIT_ERROR : 0;
  }
  io.stderr(`Unknown command ${command}\n\n${USAGE}\n\n${EVAL_USAGE}\n`);
  return EXIT_ERROR;
}
