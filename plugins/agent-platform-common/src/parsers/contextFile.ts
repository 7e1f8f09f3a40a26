import { ParseIssue } from '../errors';
import { parseFrontmatter } from './frontmatter';
import { scanMarkdown } from './markdown';
import { posixBasename } from './paths';
import { ExtendsPin, parsePins } from './pin';
import { createLineLocator, normalizeText } from './text';

/**
 * How an `@import` names its target, per Claude Code's memory docs.
 *
 * @public
 */
export type ContextImportKind = 'relative' | 'absolute' | 'home';

/**
 * One `@path` import of a context file.
 *
 * @public
 */
export type ContextImport = {
  /** The path as written, with `\ ` escapes resolved and without the `@`. */
  path: string;
  /** Relative to the importing file, absolute, or under the home directory (`~/`). */
  kind: ContextImportKind;
  /** 1-based line of the import. */
  line: number;
  /**
   * True when the path has neither `/` nor `.` (trailing punctuation aside), e.g. `@README` or
   * a mention such as `@alice.`. Claude Code tries to import these too.
   */
  bare: boolean;
};

/**
 * An ATX heading (`#` to `######`) of a context file.
 *
 * @public
 */
export type ContextHeading = {
  /** 1 to 6. */
  depth: number;
  /** The heading text without the `#` marks and HTML comments. */
  text: string;
  /** 1-based line. */
  line: number;
};

/**
 * A parsed CLAUDE.md, AGENTS.md or imported context file.
 *
 * @public
 */
export type ContextFile = {
  /** The file name the caller gave. */
  file: string;
  /** Every well-formed `extends:` pin in the file. */
  pins: ExtendsPin[];
  /** The file's pin (the first well-formed one), if any. */
  pin?: ExtendsPin;
  /** The `@path` imports, in file order. */
  imports: ContextImport[];
  /** ATX headings outside code. */
  headings: ContextHeading[];
  /** The YAML frontmatter, e.g. the `paths:` globs of a `.claude/rules/*.md` file. */
  frontmatter?: Record<string, unknown>;
  /**
   * When the file only imports an `AGENTS.md` (the usual CLAUDE.md bridge), the import path as
   * written, e.g. `AGENTS.md`.
   */
  bridgeTo?: string;
  /** Problems found in the file. */
  issues: ParseIssue[];
};

const IMPORT_START = /^(?:\.{1,2}\/|~\/|\/[^/\s]|[A-Za-z0-9._-])/;
const ATX_OPEN = /^ {0,3}(#{1,6})(?:[ \t]|$)/;

/** Reads an ATX heading without a backtracking regular expression (lines may be huge). */
function parseAtxHeading(
  line: string,
): { depth: number; text: string } | undefined {
  const open = ATX_OPEN.exec(line);
  if (!open) {
    return undefined;
  }
  let rest = line.slice(open[0].length).trim();
  let end = rest.length;
  while (end > 0 && rest[end - 1] === '#') {
    end--;
  }
  if (end === 0) {
    rest = '';
  } else if (end < rest.length && /[ \t]/.test(rest[end - 1])) {
    rest = rest.slice(0, end).trim();
  }
  return { depth: open[1].length, text: rest };
}

function blankRanges(
  text: string,
  ranges: Array<{ start: number; end: number }>,
): string {
  const chars = text.split('');
  for (const { start, end } of ranges) {
    for (let i = start; i < end; i++) {
      if (chars[i] !== '\n') {
        chars[i] = ' ';
      }
    }
  }
  return chars.join('');
}

function readImportToken(
  prose: string,
  from: number,
): { raw: string; path: string; end: number } {
  let i = from;
  let path = '';
  while (i < prose.length) {
    const ch = prose[i];
    if (ch === '\\' && prose[i + 1] === ' ') {
      path += ' ';
      i += 2;
      continue;
    }
    if (/\s/.test(ch)) {
      break;
    }
    path += ch;
    i++;
  }
  return { raw: prose.slice(from, i), path, end: i };
}

// Characters that end a sentence rather than a path.
const TRAILING_PUNCTUATION = '.,;:!?)]\'"';

function trimTrailingPunctuation(path: string): string {
  let end = path.length;
  while (end > 0 && TRAILING_PUNCTUATION.includes(path[end - 1])) {
    end--;
  }
  return path.slice(0, end);
}

function importKind(path: string): ContextImportKind {
  if (path.startsWith('~/')) {
    return 'home';
  }
  if (path.startsWith('/')) {
    return 'absolute';
  }
  return 'relative';
}

/**
 * Parses a CLAUDE.md / AGENTS.md text (or a file they import): the `extends:` pin, the `@path`
 * imports and the headings. Imports follow Claude Code's memory docs: `@` at the start of a line
 * or after whitespace (so `a@b.com` is not one), relative to the importing file, absolute, or
 * `~/`; never inside code spans, fenced code blocks or HTML comments.
 *
 * An optional YAML frontmatter is read (rules files use `paths:`). In `.claude/rules/` files its
 * problems are reported; elsewhere a leading `---` block that is not valid YAML is read as
 * Markdown, since `---` is also a horizontal rule.
 *
 * @public
 */
export function parseContextFile(
  text: string,
  options: { file: string },
): ContextFile {
  const { file } = options;
  const normalized = normalizeText(text);
  const issues: ParseIssue[] = [];
  const result: ContextFile = {
    file,
    pins: [],
    imports: [],
    headings: [],
    issues,
  };

  // Frontmatter lines are not Markdown: keep them away from the import and heading scans.
  const frontmatter = parseFrontmatter(normalized, { file });
  let skipUntil = 0;
  if (frontmatter.present) {
    const isRule = /(^|\/)\.claude\/rules\//.test(file);
    const valid = frontmatter.issues.every(i => i.severity !== 'error');
    if (isRule) {
      issues.push(...frontmatter.issues);
    }
    // Outside rules files, a leading "---" that is not valid YAML is Markdown (a rule line).
    if (frontmatter.closingLine !== undefined && (isRule || valid)) {
      result.frontmatter = frontmatter.data;
      skipUntil =
        normalized.split('\n').slice(0, frontmatter.closingLine).join('\n')
          .length + 1;
    }
  }

  const scan = scanMarkdown(normalized);
  const pins = parsePins(normalized, { file, scan });
  result.pins = pins.pins;
  result.pin = pins.pin;
  issues.push(...pins.issues);

  const prose = scan.prose;
  const lineOf = createLineLocator(normalized);
  const importRanges: Array<{ start: number; end: number }> = [];
  for (let i = skipUntil; i < prose.length; i++) {
    // The character before "@" is checked in the original text: code blanked out in `prose`
    // must not make "`x`@y" look like an import.
    if (prose[i] !== '@' || (i > 0 && !/\s/.test(normalized[i - 1]))) {
      continue;
    }
    const token = readImportToken(prose, i + 1);
    if (token.path === '' || !IMPORT_START.test(token.path)) {
      continue;
    }
    result.imports.push({
      path: token.path,
      kind: importKind(token.path),
      line: lineOf(i),
      bare: !/[./]/.test(trimTrailingPunctuation(token.path)),
    });
    importRanges.push({ start: i, end: token.end });
    i = token.end - 1;
  }

  const withoutComments = blankRanges(normalized, scan.comments);
  const withoutCommentsLines = withoutComments.split('\n');
  const withoutCodeLines = scan.withoutCode.split('\n');
  const proseLines = prose.split('\n');
  const firstBodyLine = skipUntil === 0 ? 0 : lineOf(skipUntil - 1);
  withoutCommentsLines.forEach((lineText, index) => {
    if (index < firstBodyLine) {
      return;
    }
    const proseLine = proseLines[index];
    if (
      !ATX_OPEN.test(withoutCodeLines[index]) ||
      !/^ {0,3}#/.test(proseLine)
    ) {
      return;
    }
    const heading = parseAtxHeading(lineText);
    if (heading) {
      result.headings.push({ ...heading, line: index + 1 });
    }
  });

  // The bridge: nothing but comments, whitespace and imports of an AGENTS.md.
  const rest = blankRanges(withoutComments, importRanges).slice(skipUntil);
  if (
    rest.trim() === '' &&
    result.imports.length > 0 &&
    result.imports.every(imp => posixBasename(imp.path) === 'AGENTS.md')
  ) {
    result.bridgeTo = result.imports[0].path;
  }
  return result;
}
