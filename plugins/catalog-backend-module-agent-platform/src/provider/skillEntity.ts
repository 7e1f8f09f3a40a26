import {
  ANNOTATION_SKILL_NAME,
  ANNOTATION_SOURCE_ISSUES,
  createParseIssue,
  EVAL_STATUSES,
  isExactSemver,
  LIFECYCLES,
  parseContextFile,
  ParseIssue,
  parseSkillMd,
  SKILL_SCOPES,
} from '@agent-platform/plugin-agent-platform-common';
import { Entity } from '@backstage/catalog-model';
import {
  entityNameFrom,
  locationAnnotations,
  readSourceText,
  SourceEntityResult,
  SourceFile,
  toOwnerRef,
} from './sourceFile';

/**
 * Options for {@link skillEntityFromFile}.
 *
 * @public
 */
export interface SkillEntityOptions {
  /** Owner of skills whose SKILL.md names none; skills it owns are org-wide by default. */
  defaultOwner: string;
}

const oneOf = <T extends string>(values: readonly T[], value?: string) =>
  values.find(v => v === value);

/**
 * Maps a `<folder>/SKILL.md` file to an `AiResource` of type `skill`.
 *
 * The agentskills `metadata` map carries the governance fields, so the skill's
 * own folder stays the single source: `owner`, `version`, `scope` (org or
 * team), `lifecycle`, `eval-status`, `replaced-by`, and `deprecated: "true"`.
 * Problems in the file are recorded on the entity (`agent-platform.io/source-issues`)
 * so that they surface on the skill's own page.
 *
 * @public
 */
export function skillEntityFromFile(
  file: SourceFile,
  options: SkillEntityOptions,
): SourceEntityResult {
  const segments = file.path.split('/');
  const folderName = segments[segments.length - 2] ?? '';
  const name = entityNameFrom(folderName);
  const issues: ParseIssue[] = [];
  if (!name) {
    issues.push(
      createParseIssue({
        file: file.path,
        rule: 'skill-folder-invalid',
        message: `${file.path}: the folder name "${folderName}" cannot name a catalog entity`,
      }),
    );
    return { issues };
  }

  const read = readSourceText(file);
  const parsed =
    'text' in read
      ? parseSkillMd(read.text, { file: file.path, folderName })
      : { skill: undefined, issues: [read.issue] };
  issues.push(...parsed.issues);
  const skill = parsed.skill;
  const meta = skill?.metadata ?? {};

  const owner = meta.owner ? toOwnerRef(meta.owner) : options.defaultOwner;
  if (skill && !meta.owner) {
    issues.push(
      createParseIssue({
        file: file.path,
        rule: 'skill-owner-missing',
        severity: 'warning',
        message: `${file.path}: metadata.owner is not set; the skill is assigned to ${options.defaultOwner}`,
      }),
    );
  }
  if (meta.version && !isExactSemver(meta.version)) {
    issues.push(
      createParseIssue({
        file: file.path,
        rule: 'skill-version-invalid',
        message: `${file.path}: metadata.version "${meta.version}" is not an exact semver version such as 1.2.0`,
      }),
    );
  }

  const deprecated = meta.deprecated === 'true';
  const lifecycle =
    oneOf(LIFECYCLES, meta.lifecycle) ??
    (deprecated ? 'deprecated' : 'production');
  const scope =
    oneOf(SKILL_SCOPES, meta.scope) ??
    (owner === options.defaultOwner ? 'org' : 'team');
  // The list form is off-spec (reported) but Claude Code reads it: keep its tools.
  const allowedTools = skill?.allowedTools.join(' ') ?? '';
  // The first level-1 heading of the instructions, never a "#" line inside a code block.
  const title = skill
    ? parseContextFile(skill.body, { file: file.path }).headings.find(
        h => h.depth === 1,
      )?.text
    : undefined;
  // A valid skill name may have 64 characters; an entity name at most 63.
  const skillName = skill?.name ?? folderName;

  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: {
      name,
      ...(title ? { title } : {}),
      description:
        skill?.description ?? `SKILL.md in ${folderName} could not be read`,
      tags: [`${scope}-skill`],
      annotations: {
        ...locationAnnotations(file),
        ...(skillName !== name ? { [ANNOTATION_SKILL_NAME]: skillName } : {}),
        ...(issues.length > 0
          ? { [ANNOTATION_SOURCE_ISSUES]: JSON.stringify(issues) }
          : {}),
      },
    },
    spec: {
      type: 'skill',
      lifecycle,
      owner,
      scope,
      ...(meta.version && isExactSemver(meta.version)
        ? { version: meta.version }
        : {}),
      ...(allowedTools.trim() ? { allowedTools: allowedTools.trim() } : {}),
      ...(skill?.license ? { license: skill.license } : {}),
      ...(skill?.compatibility ? { compatibility: skill.compatibility } : {}),
      ...(oneOf(EVAL_STATUSES, meta['eval-status'])
        ? { evalStatus: meta['eval-status'] }
        : {}),
      ...(meta['replaced-by']
        ? {
            replacedBy: meta['replaced-by'].includes(':')
              ? meta['replaced-by']
              : `airesource:default/${meta['replaced-by']}`,
          }
        : {}),
    },
  };
  return { entity, issues };
}
