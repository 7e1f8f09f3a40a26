import type { SkillEntity } from '../model/SkillEntity';
import type { SkillEvalResult } from './skillEvalResult';

/**
 * A skill version's standing against the eval bar.
 *
 * @public
 */
export interface SkillEvalBar {
  /** `passing` or `failing` (measured), else what the skill declares, or `none`. */
  status: 'passing' | 'failing' | 'pending' | 'none';
  /** True when `status` comes from a posted run for this version. */
  verified: boolean;
  /** The skill's own `evalStatus` (metadata), shown as unverified. */
  declared?: string;
  /** The run behind a verified status. */
  latest?: Pick<
    SkillEvalResult,
    'suite' | 'outcome' | 'counts' | 'ranAt' | 'runUrl' | 'version'
  >;
}

/**
 * The eval bar of a skill's current version: the latest posted result for
 * `spec.version` when there is one (verified); otherwise the self-declared
 * `spec.evalStatus`, unverified. A declared status never makes a skill
 * pass the bar.
 *
 * @public
 */
export function skillEvalBar(
  skill: Pick<SkillEntity, 'spec'>,
  latest: SkillEvalBar['latest'] | undefined,
): SkillEvalBar {
  const declared = skill.spec?.evalStatus;
  if (latest && latest.version === skill.spec?.version) {
    return {
      status: latest.outcome === 'passed' ? 'passing' : 'failing',
      verified: true,
      ...(declared ? { declared } : {}),
      latest,
    };
  }
  return {
    status: declared ?? 'none',
    verified: false,
    ...(declared ? { declared } : {}),
  };
}

/**
 * Whether the published index (`/.well-known/skills`) offers a skill, given
 * its eval bar: not deprecated, no failing result (measured, or declared
 * with no measurement), and, when `requireVerified`, a measured pass for
 * its version.
 *
 * @public
 */
export function passesPublishingEvalBar(
  skill: Pick<SkillEntity, 'spec'>,
  bar: SkillEvalBar,
  options: { requireVerified: boolean },
): boolean {
  if (skill.spec?.lifecycle === 'deprecated') return false;
  if (bar.status === 'failing') return false;
  if (options.requireVerified) return bar.verified && bar.status === 'passing';
  return true;
}

/**
 * Response of `GET /skills/:namespace/:name/evals`.
 *
 * @public
 */
export interface SkillEvalHistory {
  /** `airesource:<namespace>/<name>`. */
  skill: string;
  /** The skill's version in the catalog, or null. */
  version: string | null;
  /** The current version's eval bar. */
  bar: SkillEvalBar;
  /** Posted results, every version, newest run first (at most 100). */
  results: SkillEvalResult[];
}
