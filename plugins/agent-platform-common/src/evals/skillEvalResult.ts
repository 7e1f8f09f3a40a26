import { z } from 'zod';
import { isExactSemver } from '../model/values';

/**
 * The outcome of one evaluation run of a skill version.
 *
 * @public
 */
export type SkillEvalOutcome = 'passed' | 'failed';

/**
 * Case counts of an evaluation run. `total` is `passed + failed + skipped`.
 *
 * @public
 */
export interface SkillEvalCounts {
  /** Cases that passed. */
  passed: number;
  /** Cases that failed (errors included). */
  failed: number;
  /** Cases skipped. */
  skipped: number;
  /** Every case of the suite. */
  total: number;
}

/**
 * An evaluation result as a skill's CI (or `agent-context eval`) posts it.
 *
 * @public
 */
export interface SkillEvalPost {
  /** The skill version evaluated: exact semver, as in SKILL.md `metadata.version`. */
  version: string;
  /** `passed` or `failed`. */
  outcome: SkillEvalOutcome;
  /** The suite's name, e.g. `golden-prompts`. */
  suite: string;
  /** The case counts. */
  counts: SkillEvalCounts;
  /** Link to the CI run, when any (http or https). */
  runUrl?: string;
  /** When the run finished (ISO 8601). */
  ranAt: string;
  /** Unique per run: a result posted twice with one key is refused. */
  idempotencyKey: string;
}

/**
 * A stored evaluation result.
 *
 * @public
 */
export interface SkillEvalResult extends Omit<SkillEvalPost, 'idempotencyKey'> {
  /** The skill, `airesource:<namespace>/<name>` (lower case). */
  skillRef: string;
  /** When the portal received it (ISO 8601). */
  receivedAt: string;
  /** Subject of the credential that posted it. */
  postedBy: string;
}

const count = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(10_000_000, 'must be at most 10000000');

/**
 * zod schema of {@link SkillEvalPost}; unknown fields are refused.
 *
 * @public
 */
export const skillEvalPostSchema = z.strictObject({
  version: z
    .string()
    .refine(isExactSemver, 'must be an exact semver version such as 1.2.0'),
  outcome: z.enum(['passed', 'failed']),
  suite: z.string().trim().min(1, 'must not be empty').max(200),
  counts: z.strictObject({
    passed: count,
    failed: count,
    skipped: count,
    total: count,
  }),
  runUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048)
    .optional(),
  ranAt: z.iso.datetime({
    offset: true,
    error: 'must be an ISO 8601 date-time such as 2026-12-06T09:00:00Z',
  }),
  idempotencyKey: z.string().trim().min(8, 'must be at least 8 characters').max(255),
});

/**
 * Checks a posted evaluation result: its shape ({@link skillEvalPostSchema}),
 * counts that add up (`passed + failed + skipped = total`, at least one case
 * run), an outcome that agrees with them (`passed` has no failed case,
 * `failed` at least one), and a run time no later than `now` plus five
 * minutes (clock skew) and no older than `maxAgeDays`. Every problem is
 * returned, each naming its field.
 *
 * @public
 */
export function checkSkillEvalPost(
  body: unknown,
  options: { now: Date; maxAgeDays?: number },
): { ok: true; value: SkillEvalPost } | { ok: false; problems: string[] } {
  const parsed = skillEvalPostSchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map(
        i => `${i.path.join('.') || 'body'} ${i.message}`,
      ),
    };
  }
  const value = parsed.data;
  const problems: string[] = [];
  const { passed, failed, skipped, total } = value.counts;
  if (passed + failed + skipped !== total) {
    problems.push(
      `counts do not add up: passed ${passed} + failed ${failed} + skipped ${skipped} = ${
        passed + failed + skipped
      }, not total ${total}`,
    );
  }
  if (passed + failed === 0) {
    problems.push('counts: no case ran (passed and failed are both 0)');
  }
  if (value.outcome === 'passed' && failed > 0) {
    problems.push(
      `outcome is passed but counts.failed is ${failed}; a passing run has no failed case`,
    );
  }
  if (value.outcome === 'failed' && failed === 0) {
    problems.push(
      'outcome is failed but counts.failed is 0; count the failing cases (errors included)',
    );
  }
  const ranAt = Date.parse(value.ranAt);
  const now = options.now.getTime();
  if (ranAt > now + 5 * 60_000) {
    problems.push(`ranAt ${value.ranAt} is in the future`);
  }
  const maxAgeDays = options.maxAgeDays ?? 30;
  if (ranAt < now - maxAgeDays * 86_400_000) {
    problems.push(
      `ranAt ${value.ranAt} is more than ${maxAgeDays} days ago`,
    );
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

/**
 * The subject an external-access token must carry to post results for a
 * skill: `skill-eval:<namespace>/<name>`, lower case. One token per skill,
 * so a skill's CI cannot post for another skill.
 *
 * @public
 */
export function skillEvalTokenSubject(skill: {
  namespace?: string;
  name: string;
}): string {
  return `skill-eval:${skill.namespace ?? 'default'}/${skill.name}`.toLocaleLowerCase(
    'en-US',
  );
}

/**
 * The latest result (by `ranAt`, then `receivedAt`) for a version, if any.
 *
 * @public
 */
export function latestSkillEval<T extends Pick<SkillEvalResult, 'version' | 'ranAt' | 'receivedAt'>>(
  results: readonly T[],
  version: string | undefined,
): T | undefined {
  let latest: T | undefined;
  for (const r of results) {
    if (version === undefined || r.version !== version) continue;
    if (
      !latest ||
      r.ranAt > latest.ranAt ||
      (r.ranAt === latest.ranAt && r.receivedAt > latest.receivedAt)
    ) {
      latest = r;
    }
  }
  return latest;
}
