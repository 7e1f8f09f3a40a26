import { createParseIssue, ParseIssue } from '../errors';
import { parseContextFile } from './contextFile';
import { parseFrontmatter } from './frontmatter';
import { quote } from './text';

const RULE_FIELDS: readonly string[] = ['paths', 'description', 'metadata'];

/**
 * A parsed Claude Code rule file (`.claude/rules/<name>.md`).
 *
 * @public
 */
export type RuleMd = {
  /** `paths:` globs; undefined means the rule loads for every file. */
  paths?: string[];
  /** `description`, when the frontmatter has one. */
  description?: string;
  /** `metadata` entries with string values (the suite's governance fields). */
  metadata: Record<string, string>;
  /** The first level-1 heading outside code, when any. */
  title?: string;
  /** The first paragraph of the body, when any. */
  summary?: string;
  /** The instructions: the Markdown after the frontmatter. */
  body: string;
};

/**
 * The result of {@link parseRuleMd}.
 *
 * @public
 */
export type RuleMdResult = { rule?: RuleMd; issues: ParseIssue[] };

/**
 * Reads a frontmatter `metadata` map: string keys to string values. Other
 * values are reported with `rule`.
 *
 * @public
 */
export function readStringMap(
  value: unknown,
  report: (message: string) => void,
): Record<string, string> {
  const map: Record<string, string> = {};
  if (value === undefined || value === null) {
    return map;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    report(
      'The field "metadata" must be a mapping of string keys to string values',
    );
    return map;
  }
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') {
      map[key] = entry;
    } else {
      report(`metadata.${key} must be a string (quote it: "${String(entry)}")`);
    }
  }
  return map;
}

function firstParagraph(body: string): string | undefined {
  let inFence = false;
  const lines: string[] = [];
  for (const line of body.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      if (lines.length > 0) break;
      continue;
    }
    if (inFence || /^\s*#/.test(line) || /^\s*<!--/.test(line)) {
      if (lines.length > 0) break;
      continue;
    }
    if (line.trim() === '') {
      if (lines.length > 0) break;
      continue;
    }
    lines.push(line.trim().replace(/^[-*]\s+/, ''));
  }
  const text = lines.join(' ').trim();
  return text ? text.slice(0, 500) : undefined;
}

/**
 * Parses a Claude Code rule file: optional YAML frontmatter with `paths`
 * (one glob or a list of globs; the rule then loads only when Claude works on
 * a matching file), `description`, and `metadata` (the suite's governance
 * fields: owner, version, scope, lifecycle, category); the body holds the
 * instructions.
 *
 * Rules: the `frontmatter-*` rules, `rule-paths-invalid`, `rule-path-outside`
 * (warning: an absolute or `..` path never matches a project file),
 * `rule-description-invalid`, `rule-metadata-invalid`, `rule-field-unknown` (warning), `rule-empty`
 * (warning).
 *
 * @public
 */
export function parseRuleMd(
  text: string,
  options: { file: string },
): RuleMdResult {
  const { file } = options;
  const fm = parseFrontmatter(text, { file });
  const issues: ParseIssue[] = [...fm.issues];
  if (issues.some(i => i.severity === 'error')) {
    return { issues };
  }
  const add = (
    rule: string,
    key: string | undefined,
    message: string,
    severity: 'error' | 'warning' = 'error',
  ) =>
    issues.push(
      createParseIssue({
        file,
        line: key ? fm.keyLines[key] ?? fm.yamlStartLine : fm.bodyStartLine,
        rule,
        message,
        severity,
      }),
    );
  const data = fm.present ? fm.data : {};

  let paths: string[] | undefined;
  if (data.paths !== undefined && data.paths !== null) {
    const raw = typeof data.paths === 'string' ? [data.paths] : data.paths;
    if (
      !Array.isArray(raw) ||
      raw.length === 0 ||
      !raw.every(p => typeof p === 'string' && p.trim() !== '')
    ) {
      add(
        'rule-paths-invalid',
        'paths',
        'The field "paths" must be a glob or a non-empty list of globs such as "src/api/**/*.ts"',
      );
    } else {
      paths = raw.map(p => (p as string).trim());
      for (const path of paths) {
        if (path.startsWith('/') || path.split('/').includes('..')) {
          add(
            'rule-path-outside',
            'paths',
            `paths: ${quote(
              path,
            )} is not a path inside the project; Claude Code matches paths relative to the project root`,
            'warning',
          );
        }
      }
    }
  }
  let description: string | undefined;
  if (data.description !== undefined) {
    if (typeof data.description === 'string' && data.description.trim()) {
      description = data.description.trim();
    } else {
      add(
        'rule-description-invalid',
        'description',
        'The field "description" must be a non-empty string',
      );
    }
  }
  const metadata = readStringMap(data.metadata, message =>
    add('rule-metadata-invalid', 'metadata', message),
  );
  for (const key of Object.keys(data)) {
    if (!RULE_FIELDS.includes(key)) {
      add(
        'rule-field-unknown',
        key,
        `The field "${key}" is not a rule field Claude Code reads (it reads paths); it is ignored`,
        'warning',
      );
    }
  }
  if (fm.body.trim() === '') {
    add(
      'rule-empty',
      undefined,
      'The rule has no instructions after the frontmatter',
      'warning',
    );
  }
  if (issues.some(i => i.severity === 'error')) {
    return { issues };
  }
  const title = parseContextFile(fm.body, { file }).headings.find(
    h => h.depth === 1,
  )?.text;
  const summary = firstParagraph(fm.body);
  return {
    rule: {
      ...(paths ? { paths } : {}),
      ...(description ? { description } : {}),
      metadata,
      ...(title ? { title } : {}),
      ...(summary ? { summary } : {}),
      body: fm.body,
    },
    issues,
  };
}
