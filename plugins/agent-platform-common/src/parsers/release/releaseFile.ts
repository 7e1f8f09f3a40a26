import { createParseIssue, hasParseErrors, ParseIssue } from '../../errors';
import { AgentConfigContent } from '../../model/AgentConfigEntity';
import { isValidEntityName } from '../../model/entityName';
import { normalizeEntityRef } from '../../model/entityRef';
import { parseFrontmatter } from '../frontmatter';

const RELEASE_KEYS: readonly string[] = Object.freeze([
  'version',
  'date',
  'security',
  'deprecated',
  'withdrawn',
  'skills',
  'subagents',
  'modelRouting',
  'budget',
]);

// The lists of registry assets a release ships, by name or `airesource` ref.
const REF_LISTS = {
  skills: { field: 'skills', one: 'skill', example: 'code-review' },
  subagents: {
    field: 'subagents',
    one: 'subagent',
    example: 'security-reviewer',
  },
} as const;

/** Where a field people put in RELEASE.md by mistake comes from instead. */
const RELEASE_KEY_HINTS: Readonly<Record<string, string>> = Object.freeze({
  mcpServers: "MCP servers are the keys of the release folder's .mcp.json",
  permissions:
    "permissions come from the release folder's .claude/settings.json",
  notes: 'the release notes are the body of RELEASE.md, below the frontmatter',
  latest: 'semver decides which release is the latest',
  name: 'the base name is set in agent-base.yaml',
});

const STRICT_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const match = STRICT_DATE.exec(value);
  if (!match) {
    return false;
  }
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/**
 * What a release's `RELEASE.md` says: its date and notes, its flags, and the
 * parts of the release's config that the frontmatter carries.
 *
 * @public
 */
export type ReleaseFileFields = {
  /** `date`, when it is a calendar date written YYYY-MM-DD. */
  date?: string;
  /** The body below the frontmatter, trimmed; absent when empty. */
  notes?: string;
  /**
   * The `security`, `deprecated` and `withdrawn` flags, false when not set;
   * undefined when `flagsReadable` is false.
   */
  security?: boolean;
  deprecated?: boolean;
  withdrawn?: boolean;
  /**
   * False when a flag is not a boolean: such a release must be left out
   * rather than published with a guessed flag.
   */
  flagsReadable: boolean;
  /** `skills`, `subagents`, `modelRouting` and `budget`, as far as they are valid. */
  config: Pick<
    AgentConfigContent,
    'skills' | 'subagents' | 'modelRouting' | 'budget'
  >;
};

type AddIssue = (
  rule: string,
  message: string,
  key?: string,
  severity?: 'warning',
) => void;

/**
 * Reads the `RELEASE.md` of release `version`: YAML frontmatter with `date`,
 * `security`, `deprecated`, `withdrawn`, `skills`, `subagents`,
 * `modelRouting` and `budget`, and the notes below it. Problems are added to `issues`. Returns
 * undefined when the frontmatter cannot be read, so the release must be left
 * out.
 *
 * @public
 */
export function parseReleaseFile(
  text: string,
  options: { file: string; version: string },
  issues: ParseIssue[],
): ReleaseFileFields | undefined {
  const { file, version } = options;
  const fm = parseFrontmatter(text, { file });
  issues.push(...fm.issues);
  if (hasParseErrors(fm.issues)) {
    issues.push(
      createParseIssue({
        file,
        line: 1,
        rule: 'release-unreadable',
        message: `${file}: the frontmatter cannot be read, so release ${version} is skipped`,
      }),
    );
    return undefined;
  }
  const add: AddIssue = (rule, message, key, severity) =>
    issues.push(
      createParseIssue({
        file,
        line: key ? fm.keyLines[key] ?? 1 : 1,
        rule,
        message: `${file}: ${message}`,
        severity,
      }),
    );
  if (!fm.present) {
    add(
      'release-frontmatter-missing',
      `no "---" frontmatter with the date, flags and skills of release ${version}`,
    );
  }
  const data = fm.data;

  for (const key of Object.keys(data)) {
    if (!RELEASE_KEYS.includes(key)) {
      add(
        'release-unknown-field',
        `"${key}" is not a release field (${RELEASE_KEYS.join(', ')})${
          RELEASE_KEY_HINTS[key] ? `: ${RELEASE_KEY_HINTS[key]}` : ''
        }; it is ignored`,
        key,
        'warning',
      );
    }
  }
  if (data.version !== undefined && String(data.version) !== version) {
    add(
      'release-version-mismatch',
      `version ${JSON.stringify(
        data.version,
      )} does not match the folder name ${version}; the folder name is the version`,
      'version',
    );
  }

  const fields: ReleaseFileFields = { flagsReadable: true, config: {} };
  if (data.date === undefined) {
    if (fm.present) {
      add('release-date-missing', `no "date" for release ${version}`);
    }
  } else if (typeof data.date === 'string' && isCalendarDate(data.date)) {
    fields.date = data.date;
  } else {
    add(
      'release-date-invalid',
      `date ${JSON.stringify(
        data.date,
      )} is not a calendar date written YYYY-MM-DD, such as 2026-10-28`,
      'date',
    );
  }

  const notes = fm.body.trim();
  if (notes) {
    fields.notes = notes;
  } else {
    add(
      'release-notes-missing',
      `RELEASE.md has no notes below the frontmatter; say what changed in ${version}`,
      undefined,
      'warning',
    );
  }

  for (const flag of ['security', 'deprecated', 'withdrawn'] as const) {
    const value = data[flag];
    if (value === undefined || typeof value === 'boolean') {
      fields[flag] = value === true;
    } else {
      fields.flagsReadable = false;
      add(
        'release-flag-invalid',
        `"${flag}" must be true or false, found ${JSON.stringify(
          value,
        )}; release ${version} is skipped rather than published with a guessed flag`,
        flag,
      );
    }
  }

  const skills = readRefs(REF_LISTS.skills, data.skills, fm.keyLines, add);
  if (skills) {
    fields.config.skills = skills;
  }
  const subagents = readRefs(
    REF_LISTS.subagents,
    data.subagents,
    fm.keyLines,
    add,
  );
  if (subagents) {
    fields.config.subagents = subagents;
  }
  const modelRouting = readModelRouting(data.modelRouting, add);
  if (modelRouting) {
    fields.config.modelRouting = modelRouting;
  }
  const budget = readBudget(data.budget, add);
  if (budget) {
    fields.config.budget = budget;
  }
  return fields;
}

function readRefs(
  list: (typeof REF_LISTS)[keyof typeof REF_LISTS],
  value: unknown,
  keyLines: Record<string, number>,
  add: AddIssue,
): string[] | undefined {
  const { field, one, example } = list;
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value)) {
    add(
      `release-${field}-invalid`,
      `"${field}" must be a list of ${one} names or refs, such as ${example} or airesource:default/${example}`,
      field,
    );
    return undefined;
  }
  const refs: string[] = [];
  value.forEach((entry, index) => {
    const ref =
      typeof entry === 'string'
        ? normalizeEntityRef(entry, 'airesource')
        : undefined;
    const name = ref?.split('/').pop() ?? '';
    if (!ref || !ref.startsWith('airesource:') || !isValidEntityName(name)) {
      add(
        `release-${one}-invalid`,
        `${field}[${index}] ${JSON.stringify(
          entry,
        )} is not a ${one} name or an airesource ref`,
        keyLines[`${field}.${index}`] !== undefined
          ? `${field}.${index}`
          : field,
      );
      return;
    }
    if (refs.includes(ref)) {
      add(
        `release-${one}-duplicate`,
        `${field}[${index}] ${ref} is listed twice`,
        `${field}.${index}`,
        'warning',
      );
      return;
    }
    refs.push(ref);
  });
  return refs;
}

function readModelRouting(
  value: unknown,
  add: AddIssue,
): Record<string, string> | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    add(
      'release-model-routing-invalid',
      '"modelRouting" must map roles (default, plan, background) to model ids',
      'modelRouting',
    );
    return undefined;
  }
  const routing: Record<string, string> = {};
  for (const [role, model] of Object.entries(value)) {
    if (typeof model === 'string' && model.trim() !== '') {
      routing[role] = model.trim();
    } else {
      add(
        'release-model-routing-invalid',
        `modelRouting.${role} must be a model id such as claude-sonnet-4-6; it is ignored`,
        `modelRouting.${role}`,
      );
    }
  }
  return routing;
}

function readBudget(
  value: unknown,
  add: AddIssue,
): { monthlyUsdCap?: number } | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    add(
      'release-budget-invalid',
      '"budget" must be a mapping such as {monthlyUsdCap: 5000}',
      'budget',
    );
    return undefined;
  }
  const budget: { monthlyUsdCap?: number } = {};
  for (const [key, amount] of Object.entries(value)) {
    if (key !== 'monthlyUsdCap') {
      add(
        'release-unknown-field',
        `budget.${key} is not a base budget field (monthlyUsdCap)${
          key === 'monthlyUsd'
            ? '; monthlyUsd is the budget of a team or repo config'
            : ''
        }; it is ignored`,
        `budget.${key}`,
        'warning',
      );
    } else if (
      typeof amount === 'number' &&
      Number.isFinite(amount) &&
      amount >= 0
    ) {
      budget.monthlyUsdCap = amount;
    } else {
      add(
        'release-budget-invalid',
        `budget.monthlyUsdCap must be a number of US dollars, 0 or more; found ${JSON.stringify(
          amount,
        )}`,
        'budget.monthlyUsdCap',
      );
    }
  }
  return budget;
}
