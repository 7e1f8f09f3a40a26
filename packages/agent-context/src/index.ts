/**
 * The `agent-context` command line: `agent-context check [dir]` validates a
 * repository's agent files against the org base in the repository's own CI;
 * `agent-context upgrade [dir]` moves them to another release of the base.
 * `agent-context eval [skill-dir]` posts a skill's evaluation result.
 *
 * @packageDocumentation
 */

import { EXIT_ERROR, runCheck } from './check';
import { runUpgrade } from './upgrade';
import { runEval } from './evalCommand';

/** The top-level help; each command prints its own with `<command> --help`. */
export const MAIN_USAGE = `Usage: agent-context <command> [options]

Keeps a repository's agent files on the org base: checks them in the repository's CI, moves them
to another release, and posts skill evaluations to the portal.

Commands:
  check [dir]         check the agent files against the org base and the federation rules
  upgrade [dir]       move the agent files to another release of the org base
  eval [skill-dir]    post a skill's evaluation result to the portal
  help [command]      show this help, or a command's

Options:
  -h, --help          show this help

Exit codes: 0 ok, 1 the check or the portal found problems, 2 the command could not run.`;

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
  if (command === 'help' && rest.length > 0) {
    return main([rest[0], '--help']);
  }
  if (
    command === '--help' ||
    command === '-h' ||
    command === 'help' ||
    command === undefined
  ) {
    (command === undefined ? io.stderr : io.stdout)(`${MAIN_USAGE}\n`);
    return command === undefined ? EXIT_ERROR : 0;
  }
  io.stderr(`Unknown command ${command}\n\n${MAIN_USAGE}\n`);
  return EXIT_ERROR;
}
