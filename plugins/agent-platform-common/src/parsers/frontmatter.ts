import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { createParseIssue, ParseIssue } from '../errors';
import { createLineLocator, normalizeText } from './text';

/**
 * The frontmatter block of a Markdown file, split from its body but not parsed.
 *
 * @public
 */
export type FrontmatterSplit = {
  /** The YAML between the delimiters, or undefined when the file has no (closed) frontmatter. */
  yaml?: string;
  /** 1-based line of the first YAML line (the line after the opening `---`). */
  yamlStartLine: number;
  /** 1-based line of the closing `---`, when there is one. */
  closingLine?: number;
  /** Everything after the closing delimiter (the whole text when there is no frontmatter). */
  body: string;
  /** 1-based line in the original file where `body` starts. */
  bodyStartLine: number;
  /** True when the file opens with `---` but no closing `---` follows. */
  unclosed: boolean;
};

/**
 * The parsed frontmatter of a Markdown file.
 *
 * @public
 */
export type Frontmatter = FrontmatterSplit & {
  /** Whether the file starts with a frontmatter block. */
  present: boolean;
  /** The parsed mapping; empty when absent, empty or invalid. */
  data: Record<string, unknown>;
  /**
   * 1-based line of every mapping key in the original file, by dotted path
   * (`name`, `metadata.author`, `hooks.PreToolUse.0.matcher`).
   */
  keyLines: Record<string, number>;
  /** Problems found while splitting and parsing. */
  issues: ParseIssue[];
};

const DELIMITER = /^---[ \t]*$/;

/**
 * Splits `---` delimited YAML frontmatter from a Markdown text. A byte order mark and CRLF line
 * endings are accepted; the opening delimiter must be the first line.
 *
 * @public
 */
export function splitFrontmatter(text: string): FrontmatterSplit {
  const normalized = normalizeText(text);
  const lines = normalized.split('\n');
  if (!DELIMITER.test(lines[0])) {
    return {
      yamlStartLine: 1,
      body: normalized,
      bodyStartLine: 1,
      unclosed: false,
    };
  }
  for (let i = 1; i < lines.length; i++) {
    if (DELIMITER.test(lines[i])) {
      return {
        yaml: lines.slice(1, i).join('\n'),
        yamlStartLine: 2,
        closingLine: i + 1,
        body: lines.slice(i + 1).join('\n'),
        bodyStartLine: i + 2,
        unclosed: false,
      };
    }
  }
  return {
    yamlStartLine: 2,
    body: normalized,
    bodyStartLine: 1,
    unclosed: true,
  };
}

function collectKeyLines(
  node: unknown,
  prefix: string,
  lineOf: (offset: number) => number,
  out: Record<string, number>,
) {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key;
      const keyText = isScalar(key) ? String(key.value) : String(key);
      const path = prefix ? `${prefix}.${keyText}` : keyText;
      const range = isScalar(key) ? key.range : undefined;
      if (range && !(path in out)) {
        out[path] = lineOf(range[0]);
      }
      collectKeyLines(pair.value, path, lineOf, out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const path = prefix ? `${prefix}.${index}` : String(index);
      const range = (item as { range?: [number, number, number] } | null)
        ?.range;
      if (range) {
        out[path] = lineOf(range[0]);
      }
      collectKeyLines(item, path, lineOf, out);
    });
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Splits and parses the YAML frontmatter of a Markdown text with the `yaml` package. YAML errors
 * become {@link ParseIssue}s whose line is the line in the original file.
 *
 * Rules: `frontmatter-unclosed`, `frontmatter-yaml-syntax`, `frontmatter-duplicate-key`,
 * `frontmatter-not-mapping`, `frontmatter-yaml-warning`.
 *
 * @public
 */
export function parseFrontmatter(
  text: string,
  options: { file: string },
): Frontmatter {
  const { file } = options;
  const split = splitFrontmatter(text);
  const result: Frontmatter = {
    ...split,
    present: split.yaml !== undefined || split.unclosed,
    data: {},
    keyLines: {},
    issues: [],
  };
  if (split.unclosed) {
    result.issues.push(
      createParseIssue({
        file,
        line: 1,
        rule: 'frontmatter-unclosed',
        message: `The frontmatter opened by "---" on line 1 is never closed by a "---" line`,
      }),
    );
    return result;
  }
  if (split.yaml === undefined) {
    return result;
  }

  const yamlText = split.yaml;
  const localLine = createLineLocator(yamlText);
  const toFileLine = (offset: number) =>
    split.yamlStartLine + localLine(offset) - 1;
  const doc = parseDocument(yamlText, {
    prettyErrors: false,
    uniqueKeys: true,
  });

  for (const error of doc.errors) {
    const line = toFileLine(error.pos[0]);
    const duplicate = error.code === 'DUPLICATE_KEY';
    result.issues.push(
      createParseIssue({
        file,
        line,
        rule: duplicate
          ? 'frontmatter-duplicate-key'
          : 'frontmatter-yaml-syntax',
        message: `Invalid YAML in the frontmatter: ${firstLine(error.message)}`,
      }),
    );
  }
  for (const warning of doc.warnings) {
    const line = toFileLine(warning.pos[0]);
    result.issues.push(
      createParseIssue({
        file,
        line,
        rule: 'frontmatter-yaml-warning',
        severity: 'warning',
        message: `YAML warning in the frontmatter: ${firstLine(
          warning.message,
        )}`,
      }),
    );
  }
  if (doc.errors.length > 0) {
    return result;
  }

  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return result;
  }
  if (!isMap(contents)) {
    result.issues.push(
      createParseIssue({
        file,
        line: split.yamlStartLine,
        rule: 'frontmatter-not-mapping',
        message: `The frontmatter must be a YAML mapping of "key: value" lines, found ${
          isSeq(contents) ? 'a list' : 'a single value'
        }`,
      }),
    );
    return result;
  }

  try {
    const data = doc.toJS({ maxAliasCount: 100 });
    result.data = data as Record<string, unknown>;
  } catch (e) {
    result.issues.push(
      createParseIssue({
        file,
        line: split.yamlStartLine,
        rule: 'frontmatter-yaml-syntax',
        message: `The frontmatter YAML cannot be read: ${(e as Error).message}`,
      }),
    );
    return result;
  }
  collectKeyLines(contents, '', toFileLine, result.keyLines);
  return result;
}

/**
 * A frontmatter-led file (SKILL.md, a subagent) read for its fields: the
 * parsed frontmatter, the issues so far, a way to add one at a line, and the
 * line of a key (the frontmatter's first line when the key is absent).
 * `readable` is false when the file has no frontmatter (reported with
 * `missingRule`) or its YAML has errors: there are no fields to check then.
 *
 * @public
 */
export interface FrontmatterFields {
  fm: Frontmatter;
  issues: ParseIssue[];
  readable: boolean;
  add(
    rule: string,
    line: number | undefined,
    message: string,
    severity?: 'error' | 'warning',
  ): void;
  lineOf(key: string): number;
}

/**
 * Parses a file's frontmatter for a parser that checks its fields (see
 * {@link FrontmatterFields}).
 *
 * @public
 */
export function readFrontmatterFields(
  text: string,
  options: { file: string; missingRule: string; missingMessage: string },
): FrontmatterFields {
  const { file } = options;
  const fm = parseFrontmatter(text, { file });
  const issues: ParseIssue[] = [...fm.issues];
  const add: FrontmatterFields['add'] = (
    rule,
    line,
    message,
    severity = 'error',
  ) => {
    issues.push(createParseIssue({ file, line, rule, message, severity }));
  };
  const top = fm.yamlStartLine - 1;
  const lineOf = (key: string) => fm.keyLines[key] ?? top;
  if (!fm.present) {
    add(options.missingRule, 1, options.missingMessage);
  }
  const readable = fm.present && !fm.issues.some(i => i.severity === 'error');
  return { fm, issues, readable, add, lineOf };
}
