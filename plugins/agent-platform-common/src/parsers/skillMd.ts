import { ParseIssue } from '../errors';
import { readFrontmatterFields } from './frontmatter';
import { quote } from './text';

/**
 * The frontmatter fields of the Agent Skills specification (agentskills.io).
 *
 * @public
 */
export const SKILL_SPEC_FIELDS = [
  'name',
  'description',
  'license',
  'compatibility',
  'metadata',
  'allowed-tools',
] as const;

/**
 * Extra frontmatter fields Claude Code reads in a SKILL.md, which the reference validator
 * (skills-ref) rejects.
 *
 * @public
 */
export const CLAUDE_CODE_SKILL_FIELDS = [
  'when_to_use',
  'model',
  'disable-model-invocation',
  'user-invocable',
  'argument-hint',
  'context',
  'agent',
  'hooks',
  'paths',
  'version',
] as const;

/**
 * A parsed SKILL.md.
 *
 * @public
 */
export type SkillMd = {
  /** `name`, when it is a string. */
  name?: string;
  /** `description`, when it is a string. */
  description?: string;
  /** `license`, when it is a string. */
  license?: string;
  /** `compatibility`, when it is a string. */
  compatibility?: string;
  /** `metadata` entries with string values. */
  metadata: Record<string, string>;
  /** `allowed-tools` split into tools (spaces inside parentheses are kept). */
  allowedTools: string[];
  /** Every frontmatter field as parsed, unknown ones included. */
  fields: Record<string, unknown>;
  /** The Markdown after the frontmatter. */
  body: string;
  /** 1-based line where the body starts. */
  bodyStartLine: number;
};

/**
 * The result of {@link parseSkillMd}.
 *
 * @public
 */
export type SkillMdResult = {
  /** The skill; undefined only when the file has no readable frontmatter. */
  skill?: SkillMd;
  /** Problems found, with lines. */
  issues: ParseIssue[];
};

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Splits an `allowed-tools` value on spaces outside parentheses, so that
 * `Read Grep Bash(git diff:*)` and `Bash(git log *)` stay whole.
 *
 * @public
 */
export function splitAllowedTools(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of value) {
    if (ch === '(') {
      depth++;
    } else if (ch === ')' && depth > 0) {
      depth--;
    }
    if (/\s/.test(ch) && depth === 0) {
      if (current !== '') {
        out.push(current);
      }
      current = '';
    } else {
      current += ch;
    }
  }
  if (current !== '') {
    out.push(current);
  }
  return out;
}

function describeNameProblem(name: string): string {
  if (/[A-Z]/.test(name)) {
    return `contains uppercase letters; use ${quote(name.toLowerCase())}`;
  }
  if (name.startsWith('-') || name.endsWith('-')) {
    return 'starts or ends with "-"';
  }
  if (name.includes('--')) {
    return 'contains "--"';
  }
  return 'may only contain lowercase letters, digits and single "-" between them';
}

/**
 * Parses and validates a SKILL.md against the Agent Skills specification: `name` (required,
 * 1-64 characters, `^[a-z0-9]+(-[a-z0-9]+)*$`, equal to the folder name), `description`
 * (required, 1-1024 characters), `license`, `compatibility` (at most 500 characters), `metadata`
 * (string to string) and `allowed-tools` (a space-separated string). Fields outside the spec are
 * warnings that say which tool accepts and which rejects them.
 *
 * Rules: `skill-frontmatter-missing`, the `frontmatter-*` rules, `skill-name-missing`,
 * `skill-name-invalid`, `skill-name-too-long`, `skill-name-mismatch`, `skill-name-reserved`
 * (warning), `skill-description-missing`, `skill-description-too-long`, `skill-field-invalid`,
 * `skill-compatibility-too-long`, `skill-metadata-invalid`, `skill-allowed-tools-invalid`,
 * `skill-allowed-tools-list` (warning), `skill-field-claude-code-only` (warning),
 * `skill-field-unknown` (warning), `skill-body-empty` (warning).
 *
 * @param options - `file` names the file in issues; `folderName` is the skill's directory name,
 * which `name` must equal (skipped when not given)
 * @public
 */
export function parseSkillMd(
  text: string,
  options: { file: string; folderName?: string },
): SkillMdResult {
  const { file, folderName } = options;
  const { fm, issues, readable, add, lineOf } = readFrontmatterFields(text, {
    file,
    missingRule: 'skill-frontmatter-missing',
    missingMessage:
      'SKILL.md must start with a "---" YAML frontmatter block holding at least name and description',
  });
  if (!readable) {
    return { issues };
  }
  const data = fm.data;
  const top = fm.yamlStartLine - 1;
  const skill: SkillMd = {
    metadata: {},
    allowedTools: [],
    fields: data,
    body: fm.body,
    bodyStartLine: fm.bodyStartLine,
  };

  const stringField = (key: string): string | undefined => {
    const value = data[key];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== 'string') {
      add(
        key === 'name' ? 'skill-name-invalid' : 'skill-field-invalid',
        lineOf(key),
        `The field "${key}" must be a string, found ${
          Array.isArray(value) ? 'a list' : typeof value
        }`,
      );
      return undefined;
    }
    return value;
  };

  // name
  const name = stringField('name');
  if (!('name' in data) || data.name === null || name === '') {
    add(
      'skill-name-missing',
      'name' in data ? lineOf('name') : top,
      'The required field "name" is missing or empty',
    );
  } else if (name !== undefined) {
    skill.name = name;
    if (name.length > 64) {
      add(
        'skill-name-too-long',
        lineOf('name'),
        `The name is ${name.length} characters long; at most 64 are allowed`,
      );
    } else if (!NAME.test(name)) {
      add(
        'skill-name-invalid',
        lineOf('name'),
        `The name ${quote(name)} ${describeNameProblem(name)}`,
      );
    }
    if (folderName !== undefined && name !== folderName) {
      add(
        'skill-name-mismatch',
        lineOf('name'),
        `The name ${quote(name)} differs from the skill's folder ${quote(
          folderName,
        )}; they must be equal`,
      );
    }
    if (/anthropic|claude/.test(name)) {
      add(
        'skill-name-reserved',
        lineOf('name'),
        `The name ${quote(
          name,
        )} contains a reserved word ("anthropic" or "claude"); the Claude API rejects such skill names`,
        'warning',
      );
    }
  }

  // description
  const description = stringField('description');
  if (
    !('description' in data) ||
    data.description === null ||
    (description !== undefined && description.trim() === '')
  ) {
    add(
      'skill-description-missing',
      'description' in data ? lineOf('description') : top,
      'The required field "description" is missing or empty; it tells the agent when to use the skill',
    );
  } else if (description !== undefined) {
    skill.description = description;
    if (description.length > 1024) {
      add(
        'skill-description-too-long',
        lineOf('description'),
        `The description is ${description.length} characters long; at most 1024 are allowed`,
      );
    }
  }

  // license, compatibility
  const license = stringField('license');
  if (license !== undefined) {
    skill.license = license;
  }
  const compatibility = stringField('compatibility');
  if (compatibility !== undefined) {
    skill.compatibility = compatibility;
    if (compatibility.length > 500) {
      add(
        'skill-compatibility-too-long',
        lineOf('compatibility'),
        `The compatibility field is ${compatibility.length} characters long; at most 500 are allowed`,
      );
    }
  }

  // metadata
  if ('metadata' in data && data.metadata !== null) {
    const metadata = data.metadata;
    if (
      typeof metadata !== 'object' ||
      Array.isArray(metadata) ||
      metadata === null
    ) {
      add(
        'skill-metadata-invalid',
        lineOf('metadata'),
        'The field "metadata" must be a mapping of string keys to string values',
      );
    } else {
      for (const [key, value] of Object.entries(metadata)) {
        if (typeof value === 'string') {
          skill.metadata[key] = value;
        } else {
          add(
            'skill-metadata-invalid',
            lineOf(`metadata.${key}`),
            `metadata.${key} must be a string, found ${
              Array.isArray(value) ? 'a list' : typeof value
            }${
              typeof value === 'number' || typeof value === 'boolean'
                ? `; quote it: "${String(value)}"`
                : ''
            }`,
          );
        }
      }
    }
  }

  // allowed-tools
  if ('allowed-tools' in data && data['allowed-tools'] !== null) {
    const tools = data['allowed-tools'];
    if (typeof tools === 'string') {
      skill.allowedTools = splitAllowedTools(tools);
    } else if (
      Array.isArray(tools) &&
      tools.every(t => typeof t === 'string')
    ) {
      skill.allowedTools = tools as string[];
      add(
        'skill-allowed-tools-list',
        lineOf('allowed-tools'),
        'The field "allowed-tools" is a list; the spec asks for one space-separated string (the agentskills reference validator (skills-ref) would reject it; Claude Code accepts it)',
        'warning',
      );
    } else {
      add(
        'skill-allowed-tools-invalid',
        lineOf('allowed-tools'),
        'The field "allowed-tools" must be a space-separated string, e.g. "Read Grep Bash(git diff:*)"',
      );
    }
  }

  // fields outside the spec
  for (const key of Object.keys(data)) {
    if ((SKILL_SPEC_FIELDS as readonly string[]).includes(key)) {
      continue;
    }
    if ((CLAUDE_CODE_SKILL_FIELDS as readonly string[]).includes(key)) {
      add(
        'skill-field-claude-code-only',
        lineOf(key),
        `The field "${key}" is not in the Agent Skills spec: the agentskills reference validator (skills-ref) would reject it; Claude Code accepts it`,
        'warning',
      );
    } else {
      add(
        'skill-field-unknown',
        lineOf(key),
        `The field "${key}" is not in the Agent Skills spec and no known tool reads it (skills-ref would reject it; Claude Code ignores it)`,
        'warning',
      );
    }
  }

  if (fm.body.trim() === '') {
    add(
      'skill-body-empty',
      fm.bodyStartLine,
      'The skill has no instructions after the frontmatter',
      'warning',
    );
  }

  return { skill, issues };
}

/**
 * The rules of {@link parseSkillMd} that mean the file breaks the Agent
 * Skills spec where Claude Code would still load it (fields outside the spec,
 * `allowed-tools` as a list): a warning on the entity, but such a skill is
 * not published in the skills index, whose consumers validate against the spec.
 *
 * @public
 */
export const AGENT_SKILLS_SPEC_RULES: readonly string[] = [
  'skill-field-claude-code-only',
  'skill-field-unknown',
  'skill-allowed-tools-list',
];

/**
 * The issues that keep a skill out of the published skills index: errors,
 * and the warnings of {@link AGENT_SKILLS_SPEC_RULES}.
 *
 * @public
 */
export function skillPublicationBlockers(
  issues: ReadonlyArray<ParseIssue>,
): ParseIssue[] {
  return issues.filter(
    issue =>
      issue.severity === 'error' ||
      AGENT_SKILLS_SPEC_RULES.includes(issue.rule),
  );
}
