import {
  ANNOTATION_SOURCE_ISSUES,
  ASSET_SCOPES,
  AssetScope,
  createParseIssue,
  isExactSemver,
  LIFECYCLES,
  ParseIssue,
  parseRuleMd,
  parseSubagentMd,
} from '@agent-platform/plugin-agent-platform-common';
import {
  DEFAULT_NAMESPACE,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  entityNameFrom,
  locationAnnotations,
  readSourceText,
  SourceEntityResult,
  SourceFile,
  toOwnerRef,
} from './sourceFile';

/**
 * Annotation naming the one file a subagent or rule was read from
 * (`file:<path>` or `url:<url>`), so the portal can render it.
 *
 * @public
 */
export const ANNOTATION_SOURCE_FILE = 'agent-platform.io/source-file';

/**
 * Options for {@link subagentEntityFromFile} and {@link ruleEntityFromFile}.
 *
 * @public
 */
export interface AgentAssetEntityOptions {
  /** Owner of registry assets whose file names none; such assets are org-wide. */
  defaultOwner: string;
  /**
   * For a file read from a repository: the repository's Component. The asset
   * is then repo-scoped, owned by the Component's owner, and named after both.
   */
  component?: Entity;
}

const oneOf = <T extends string>(values: readonly T[], value?: string) =>
  values.find(v => v === value);

/** Name, owner, scope, version and lifecycle from the file's `metadata` map. */
function governance(
  file: SourceFile,
  stem: string,
  metadata: Record<string, string>,
  options: AgentAssetEntityOptions,
  issues: ParseIssue[],
  what: string,
) {
  const { component } = options;
  const ownerOfComponent =
    typeof component?.spec?.owner === 'string'
      ? toOwnerRef(component.spec.owner)
      : undefined;
  const owner = metadata.owner
    ? toOwnerRef(metadata.owner)
    : ownerOfComponent ?? options.defaultOwner;
  if (!metadata.owner && !component) {
    issues.push(
      createParseIssue({
        file: file.path,
        rule: `${what}-owner-missing`,
        severity: 'warning',
        message: `${file.path}: metadata.owner is not set; the ${what} is assigned to ${options.defaultOwner}`,
      }),
    );
  }
  if (metadata.version && !isExactSemver(metadata.version)) {
    issues.push(
      createParseIssue({
        file: file.path,
        rule: `${what}-version-invalid`,
        message: `${file.path}: metadata.version "${metadata.version}" is not an exact semver version such as 1.2.0`,
      }),
    );
  }
  const scope: AssetScope = component
    ? 'repo'
    : oneOf(ASSET_SCOPES, metadata.scope) ??
      (owner === options.defaultOwner ? 'org' : 'team');
  const name = entityNameFrom(
    component ? `${component.metadata.name}-${stem}` : stem,
  );
  return {
    name,
    owner,
    scope,
    lifecycle: oneOf(LIFECYCLES, metadata.lifecycle) ?? 'production',
    ...(metadata.version && isExactSemver(metadata.version)
      ? { version: metadata.version }
      : {}),
    ...(component
      ? {
          component: stringifyEntityRef({
            kind: 'Component',
            namespace: component.metadata.namespace ?? DEFAULT_NAMESPACE,
            name: component.metadata.name,
          }),
        }
      : {}),
  };
}

function annotations(
  file: SourceFile,
  issues: ParseIssue[],
): Record<string, string> {
  return {
    ...locationAnnotations(file),
    [ANNOTATION_SOURCE_FILE]: `${file.locationType}:${file.target}`,
    ...(issues.length > 0
      ? { [ANNOTATION_SOURCE_ISSUES]: JSON.stringify(issues) }
      : {}),
  };
}

/**
 * The governance fields of a subagent or rule file, or undefined (with a
 * `<type>-file-invalid` issue) when its name cannot name a catalog entity.
 */
function namedGovernance(
  file: SourceFile,
  stem: string,
  metadata: Record<string, string>,
  options: AgentAssetEntityOptions,
  issues: ParseIssue[],
  type: 'subagent' | 'rule',
) {
  const gov = governance(file, stem, metadata, options, issues, type);
  if (!gov.name) {
    issues.push(
      createParseIssue({
        file: file.path,
        rule: `${type}-file-invalid`,
        message: `${file.path}: the file name cannot name a catalog entity`,
      }),
    );
    return undefined;
  }
  return { ...gov, name: gov.name };
}

const stemOf = (file: SourceFile) =>
  (file.path.split('/').pop() ?? '').replace(/\.md$/i, '');

/**
 * Maps a Claude Code subagent file (`<name>.md`, from a registry folder or a
 * repository's `.claude/agents/`) to an `AiResource` of type `subagent`. A
 * file that cannot be parsed still yields an entity (lifecycle
 * `experimental`, no tools) carrying its errors, so the problem shows on the
 * entity instead of the subagent silently vanishing.
 *
 * @public
 */
export function subagentEntityFromFile(
  file: SourceFile,
  options: AgentAssetEntityOptions,
): SourceEntityResult {
  const issues: ParseIssue[] = [];
  const read = readSourceText(file);
  const parsed =
    'text' in read
      ? parseSubagentMd(read.text, { file: file.path })
      : { subagent: undefined, issues: [read.issue] };
  issues.push(...parsed.issues);
  const agent = parsed.subagent;
  const stem = agent?.name ?? stemOf(file);
  const gov = namedGovernance(
    file,
    stem,
    agent?.metadata ?? {},
    options,
    issues,
    'subagent',
  );
  if (!gov) return { issues };
  const { name, ...spec } = gov;
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: {
      name,
      title: stem,
      description:
        agent?.description ??
        `${file.path} could not be read as a subagent; see its problems`,
      tags: [`${spec.scope}-subagent`],
      annotations: annotations(file, issues),
    },
    spec: {
      type: 'subagent',
      ...spec,
      ...(agent ? {} : { lifecycle: 'experimental' }),
      ...(agent?.tools ? { tools: agent.tools } : {}),
      ...(agent?.model ? { model: agent.model } : {}),
      ...(agent?.permissionMode
        ? { permissionMode: agent.permissionMode }
        : {}),
      ...(agent && agent.skills.length > 0
        ? {
            skills: agent.skills.map(s =>
              s.includes(':') ? s : `airesource:default/${s}`,
            ),
          }
        : {}),
    },
  };
  return { entity, issues };
}

/**
 * Maps a Claude Code rule file (`<name>.md`, from a registry folder or a
 * repository's `.claude/rules/`) to upstream's `AiResource` of type `rule`:
 * `category` from `metadata.category` (else `instructions`), `rationale` from
 * the description or the first paragraph, `paths` from the frontmatter.
 *
 * @public
 */
export function ruleEntityFromFile(
  file: SourceFile,
  options: AgentAssetEntityOptions,
): SourceEntityResult {
  const issues: ParseIssue[] = [];
  const read = readSourceText(file);
  const parsed =
    'text' in read
      ? parseRuleMd(read.text, { file: file.path })
      : { rule: undefined, issues: [read.issue] };
  issues.push(...parsed.issues);
  const rule = parsed.rule;
  const stem = stemOf(file);
  const gov = namedGovernance(
    file,
    stem,
    rule?.metadata ?? {},
    options,
    issues,
    'rule',
  );
  if (!gov) return { issues };
  const { name, ...spec } = gov;
  const description =
    rule?.description ??
    rule?.summary ??
    (rule ? `Rule ${stem}` : `${file.path} could not be read as a rule`);
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: {
      name,
      title: rule?.title ?? stem,
      description,
      tags: [`${spec.scope}-rule`],
      annotations: annotations(file, issues),
    },
    spec: {
      type: 'rule',
      ...spec,
      ...(rule ? {} : { lifecycle: 'experimental' }),
      category: rule?.metadata.category ?? 'instructions',
      rationale: description,
      ...(rule?.paths ? { paths: rule.paths } : {}),
    },
  };
  return { entity, issues };
}
