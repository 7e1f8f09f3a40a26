import {
  checkSkillEvalPost,
  parseSkillMd,
  SkillEvalPost,
} from '@agent-platform/plugin-agent-platform-common';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { CheckIo, EXIT_ERROR, EXIT_FAILED, EXIT_OK } from './check';

export const EVAL_USAGE = `Usage: agent-context eval [skill-dir] --portal <url> --suite <name> --passed <n> --failed <n> [options]

Posts a skill's evaluation result to the portal (POST /api/agent-platform/skills/<namespace>/<name>/evals),
from the skill's CI. The skill and its version are read from <skill-dir>/SKILL.md (default: .).

Options:
  --portal <url>          the portal (backend) URL
  --token <token>         the skill's eval token (or AGENT_CONTEXT_EVAL_TOKEN); its subject must be
                          skill-eval:<namespace>/<name>
  --suite <name>          the evaluation suite's name
  --passed <n>            cases that passed
  --failed <n>            cases that failed (errors included)
  --skipped <n>           cases skipped (default 0)
  --outcome <o>           passed or failed (default: failed when --failed > 0, else passed)
  --namespace <ns>        the skill's namespace (default: default)
  --version <v>           the version evaluated (default: metadata.version of SKILL.md)
  --run-url <url>         the CI run (default on GitHub Actions: the workflow run)
  --ran-at <iso>          when the run finished (default: now)
  --idempotency-key <k>   unique per run (default on GitHub Actions: the run id, attempt and suite)

Exit codes: 0 stored, 1 refused by the portal (or a replay), 2 the command could not run.`;

class UsageError extends Error {}

interface EvalOptions {
  dir: string;
  portal?: string;
  token?: string;
  suite?: string;
  passed?: string;
  failed?: string;
  skipped?: string;
  outcome?: string;
  namespace: string;
  version?: string;
  runUrl?: string;
  ranAt?: string;
  idempotencyKey?: string;
}

const FLAGS: Record<string, keyof EvalOptions> = {
  '--portal': 'portal',
  '--token': 'token',
  '--suite': 'suite',
  '--passed': 'passed',
  '--failed': 'failed',
  '--skipped': 'skipped',
  '--outcome': 'outcome',
  '--namespace': 'namespace',
  '--version': 'version',
  '--run-url': 'runUrl',
  '--ran-at': 'ranAt',
  '--idempotency-key': 'idempotencyKey',
};

function parseArgs(args: string[], env: Record<string, string | undefined>) {
  const options: EvalOptions = { dir: '.', namespace: 'default' };
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const key = FLAGS[arg];
    if (key) {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`${arg} needs a value`);
      }
      options[key] = next;
    } else if (arg.startsWith('--')) {
      throw new UsageError(`Unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length > 1) {
    throw new UsageError(
      `Expected one skill folder, got ${positional.join(' ')}`,
    );
  }
  options.dir = positional[0] ?? '.';
  options.token ??= env.AGENT_CONTEXT_EVAL_TOKEN;
  for (const required of ['portal', 'suite', 'passed', 'failed'] as const) {
    if (options[required] === undefined) {
      throw new UsageError(`--${required} is required`);
    }
  }
  if (!options.token) {
    throw new UsageError('--token (or AGENT_CONTEXT_EVAL_TOKEN) is required');
  }
  // GitHub Actions: the run's URL and identity, unless given.
  if (env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY) {
    options.runUrl ??= `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${
      env.GITHUB_REPOSITORY
    }/actions/runs/${env.GITHUB_RUN_ID}`;
    options.idempotencyKey ??= `github:${env.GITHUB_REPOSITORY}:${
      env.GITHUB_RUN_ID
    }:${env.GITHUB_RUN_ATTEMPT ?? '1'}:${options.suite}`;
  }
  if (!options.idempotencyKey) {
    throw new UsageError(
      '--idempotency-key is required outside GitHub Actions (unique per run, e.g. the CI run id)',
    );
  }
  return options;
}

/** A count as given on the command line; anything else is left for the portal's checks to name. */
const toCount = (text: string | undefined) =>
  text !== undefined && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;

/**
 * `agent-context eval`: posts an evaluation result of the skill in a folder.
 * Checks the result as the portal does first, so that a mistake is named
 * before anything is sent.
 */
export async function runEval(
  args: string[],
  io: CheckIo & { env?: Record<string, string | undefined> },
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${EVAL_USAGE}\n`);
    return 0;
  }
  let options: EvalOptions;
  try {
    options = parseArgs(args, io.env ?? process.env);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${e.message}\n\n${EVAL_USAGE}\n`);
      return EXIT_ERROR;
    }
    throw e;
  }
  const dir = resolve(options.dir);
  let skillMd: string;
  try {
    skillMd = await readFile(join(dir, 'SKILL.md'), 'utf8');
  } catch (e) {
    io.stderr(
      `Cannot read ${join(dir, 'SKILL.md')}: ${(e as Error).message}\n`,
    );
    return EXIT_ERROR;
  }
  const parsed = parseSkillMd(skillMd, {
    file: 'SKILL.md',
    folderName: basename(dir),
  });
  const name = parsed.skill?.name ?? basename(dir);
  const version = options.version ?? parsed.skill?.metadata.version;
  const counts = {
    passed: toCount(options.passed),
    failed: toCount(options.failed),
    skipped: toCount(options.skipped ?? '0'),
  };
  const numeric = [counts.passed, counts.failed, counts.skipped].every(
    c => typeof c === 'number',
  );
  const total = numeric
    ? (counts.passed as number) +
      (counts.failed as number) +
      (counts.skipped as number)
    : undefined;
  const body = {
    version,
    outcome:
      options.outcome ??
      (typeof counts.failed === 'number' && counts.failed > 0
        ? 'failed'
        : 'passed'),
    suite: options.suite,
    counts: { ...counts, total },
    ...(options.runUrl ? { runUrl: options.runUrl } : {}),
    ranAt: options.ranAt ?? io.now().toISOString(),
    idempotencyKey: options.idempotencyKey,
  };
  const checked = checkSkillEvalPost(body, { now: io.now(), maxAgeDays: 3650 });
  if (!checked.ok) {
    io.stderr(
      `Not sent: the result for ${name} is invalid:\n- ${checked.problems.join(
        '\n- ',
      )}\n`,
    );
    return EXIT_ERROR;
  }
  const post: SkillEvalPost = checked.value;
  const url = `${options.portal!.replace(
    /\/+$/,
    '',
  )}/api/agent-platform/skills/${encodeURIComponent(
    options.namespace,
  )}/${encodeURIComponent(name)}/evals`;
  let res: Response;
  try {
    res = await io.fetch(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${options.token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(post),
    });
  } catch (e) {
    io.stderr(`POST ${url} failed: ${(e as Error).message}\n`);
    return EXIT_ERROR;
  }
  const text = await res.text();
  let message = text;
  try {
    message = JSON.parse(text)?.error?.message ?? text;
  } catch {
    // not JSON: print as it is
  }
  if (res.status === 201) {
    io.stdout(
      `Stored: ${name}@${post.version} ${post.outcome} (${post.suite}: ${post.counts.passed} passed, ${post.counts.failed} failed, ${post.counts.skipped} skipped)\n`,
    );
    return EXIT_OK;
  }
  io.stderr(`The portal refused the result (${res.status}): ${message}\n`);
  return res.status >= 400 && res.status < 500 ? EXIT_FAILED : EXIT_ERROR;
}
