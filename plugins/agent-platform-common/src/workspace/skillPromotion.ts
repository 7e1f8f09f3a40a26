import { isMap, parseDocument } from 'yaml';
import { createParseIssue, ParseIssue } from '../errors';
import { splitFrontmatter } from '../parsers/frontmatter';
import { parseSkillMd } from '../parsers/skillMd';
import { isExactSemver } from '../model/values';
import { latestSkillEval, SkillEvalResult } from '../evals/skillEvalResult';

/**
 * The shortest description the org registry accepts: long enough to say what
 * the skill does and when to use it, which is what the agent matches on.
 *
 * @public
 */
export const PROMOTION_MIN_DESCRIPTION = 50;

/**
 * Input of {@link checkSkillPromotion}.
 *
 * @public
 */
export interface SkillPromotionInput {
  /** The team skill's SKILL.md, as read from its folder. */
  skillMd: string;
  /** The skill's folder name (its entity name), which `name` must equal. */
  folderName: string;
  /** `spec.scope` of the skill's catalog entity. */
  scope?: string;
  /** `spec.lifecycle` of the skill's catalog entity. */
  lifecycle?: string;
  /**
   * The evaluation results posted for the skill (any version). When given,
   * the bar is the latest result for the SKILL.md's `metadata.version`, and
   * a self-declared `eval-status` counts for nothing. When left out (a check
   * with no portal to ask), the self-declared `eval-status: passing` is
   * checked instead.
   */
  evals?: ReadonlyArray<
    Pick<
      SkillEvalResult,
      'version' | 'outcome' | 'suite' | 'counts' | 'ranAt' | 'receivedAt'
    >
  >;
}

/**
 * Checks a team skill against the Agent Skills spec and the org registry's
 * bar before it is promoted. The bar: the skill is team-scoped and not
 * deprecated, its SKILL.md names an `owner`, carries an exact semver
 * `version`, a description of at least {@link PROMOTION_MIN_DESCRIPTION}
 * characters, and a passing evaluation: the latest posted result for its
 * version when `input.evals` is given, else `eval-status: passing`.
 *
 * Rules: the `skill-*` errors of {@link parseSkillMd}, `promote-scope-not-team`,
 * `promote-deprecated`, `promote-owner-missing`, `promote-version-missing`,
 * `promote-version-invalid`, `promote-description-short`,
 * `promote-eval-not-passing`. Only errors are returned; every one of them
 * blocks the promotion.
 *
 * @public
 */
export function checkSkillPromotion(input: SkillPromotionInput): ParseIssue[] {
  const file = `${input.folderName}/SKILL.md`;
  const parsed = parseSkillMd(input.skillMd, {
    file,
    folderName: input.folderName,
  });
  const issues = parsed.issues.filter(i => i.severity === 'error');
  const add = (rule: string, message: string) =>
    issues.push(createParseIssue({ file, rule, message }));

  if (input.scope !== undefined && input.scope !== 'team') {
    add(
      'promote-scope-not-team',
      `The skill's scope is ${JSON.stringify(
        input.scope,
      )}; only team skills are promoted`,
    );
  }
  if (input.lifecycle === 'deprecated') {
    add(
      'promote-deprecated',
      'The skill is deprecated; a deprecated skill is not promoted',
    );
  }
  const skill = parsed.skill;
  if (!skill) return issues;
  const meta = skill.metadata;
  if (!meta.owner) {
    add(
      'promote-owner-missing',
      'metadata.owner is not set; the registry needs the team that maintains the skill',
    );
  }
  if (!meta.version) {
    add(
      'promote-version-missing',
      "metadata.version is not set; org skills carry an exact semver version such as '1.0.0'",
    );
  } else if (!isExactSemver(meta.version)) {
    add(
      'promote-version-invalid',
      `metadata.version ${JSON.stringify(
        meta.version,
      )} is not an exact semver version such as '1.0.0'`,
    );
  }
  if (
    skill.description !== undefined &&
    skill.description.trim().length < PROMOTION_MIN_DESCRIPTION
  ) {
    add(
      'promote-description-short',
      `The description is ${
        skill.description.trim().length
      } characters long; the registry asks for at least ${PROMOTION_MIN_DESCRIPTION} that say what the skill does and when to use it`,
    );
  }
  if (input.evals) {
    const version = meta.version;
    const latest = latestSkillEval(input.evals, version);
    const declared =
      meta['eval-status'] === undefined
        ? ''
        : ` (metadata.eval-status ${JSON.stringify(
            meta['eval-status'],
          )} is self-declared and not counted)`;
    if (!latest) {
      add(
        'promote-eval-not-passing',
        `No evaluation result was posted for version ${
          version ?? '(none)'
        }${declared}; the registry accepts only skills whose latest evaluation run for their version passed`,
      );
    } else if (latest.outcome !== 'passed') {
      add(
        'promote-eval-not-passing',
        `The latest evaluation of version ${version} (suite ${latest.suite}, run ${latest.ranAt}) failed: ${latest.counts.failed} of ${latest.counts.total} cases failed`,
      );
    }
  } else if (meta['eval-status'] !== 'passing') {
    add(
      'promote-eval-not-passing',
      `metadata.eval-status is ${
        meta['eval-status'] === undefined
          ? 'not set'
          : JSON.stringify(meta['eval-status'])
      }; the registry accepts only skills whose evals pass ("passing")`,
    );
  }
  return issues;
}

/**
 * Sets (or, with `undefined`, removes) entries of a SKILL.md's `metadata`
 * map, keeping the rest of the frontmatter (order, comments, quoting) and the
 * body as they are. The values are strings, as the Agent Skills spec asks.
 * `options.name` renames the skill (its folder must be renamed to match).
 * Throws when the file has no readable frontmatter mapping.
 *
 * @public
 */
export function setSkillMetadata(
  skillMd: string,
  changes: Record<string, string | undefined>,
  options: { name?: string } = {},
): string {
  const split = splitFrontmatter(skillMd);
  if (split.yaml === undefined) {
    throw new Error('SKILL.md has no frontmatter');
  }
  const doc = parseDocument(split.yaml);
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    throw new Error('The frontmatter of SKILL.md is not a YAML mapping');
  }
  if (options.name !== undefined) {
    doc.set('name', options.name);
  }
  if (!isMap(doc.get('metadata'))) {
    doc.set('metadata', doc.createNode({}));
  }
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) doc.deleteIn(['metadata', key]);
    else doc.setIn(['metadata', key], value);
  }
  const yamlText = doc.toString({ lineWidth: 0 });
  return `---\n${yamlText}---\n${split.body}`;
}
