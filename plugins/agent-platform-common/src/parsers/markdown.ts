import { createLineLocator } from './text';

/**
 * An HTML comment found in Markdown prose (not inside code).
 *
 * @public
 */
export type MarkdownComment = {
  /** Offset of `<!--`. */
  start: number;
  /** Offset just after `-->` (or the end of the region when unclosed). */
  end: number;
  /** 1-based line of `<!--`. */
  line: number;
  /** The text between `<!--` and `-->`. */
  content: string;
  /** Whether the comment was closed by `-->`. */
  closed: boolean;
};

/**
 * The result of {@link scanMarkdown}.
 *
 * @public
 */
export type MarkdownScan = {
  /** The text with fenced code blocks and inline code spans blanked out. */
  withoutCode: string;
  /** The text with code and HTML comments blanked out: only prose remains. */
  prose: string;
  /** HTML comments found outside code. */
  comments: MarkdownComment[];
};

const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})(.*)$/;

function blank(chars: string[], start: number, end: number) {
  for (let i = start; i < end; i++) {
    if (chars[i] !== '\n') {
      chars[i] = ' ';
    }
  }
}

function findFences(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let offset = 0;
  let open: { char: string; length: number; start: number } | undefined;
  for (const line of text.split('\n')) {
    const lineEnd = offset + line.length;
    if (!open) {
      const match = FENCE_OPEN.exec(line);
      if (match && !(match[1][0] === '`' && match[2].includes('`'))) {
        open = { char: match[1][0], length: match[1].length, start: offset };
      }
    } else {
      const trimmed = line.trim();
      if (
        trimmed.length >= open.length &&
        trimmed === open.char.repeat(trimmed.length)
      ) {
        ranges.push([open.start, lineEnd]);
        open = undefined;
      }
    }
    offset = lineEnd + 1;
  }
  if (open) {
    // An unclosed fence runs to the end of the document (CommonMark).
    ranges.push([open.start, text.length]);
  }
  return ranges;
}

/**
 * Finds the closing backtick run of each opening candidate in linear time: the runs of a region
 * are grouped by paragraph and length, and a cursor per group only moves forward, because the
 * scan that asks only moves forward.
 */
class BacktickRuns {
  private readonly groups = new Map<
    string,
    { starts: number[]; cursor: number }
  >();
  private readonly paragraphStarts: number[] = [];
  readonly lengthAt = new Map<number, number>();

  constructor(text: string, start: number, end: number) {
    this.paragraphStarts.push(start);
    const blankLine = /\n[ \t]*\n/g;
    blankLine.lastIndex = start;
    let match: RegExpExecArray | null = blankLine.exec(text);
    while (match && match.index < end) {
      this.paragraphStarts.push(match.index + 1);
      blankLine.lastIndex = match.index + 1;
      match = blankLine.exec(text);
    }
    let paragraph = 0;
    for (let i = start; i < end; ) {
      if (text[i] !== '`') {
        i++;
        continue;
      }
      let runEnd = i;
      while (runEnd < end && text[runEnd] === '`') {
        runEnd++;
      }
      while (
        paragraph + 1 < this.paragraphStarts.length &&
        this.paragraphStarts[paragraph + 1] <= i
      ) {
        paragraph++;
      }
      const length = runEnd - i;
      this.lengthAt.set(i, length);
      const key = `${paragraph}:${length}`;
      const group = this.groups.get(key) ?? { starts: [], cursor: 0 };
      group.starts.push(i);
      this.groups.set(key, group);
      i = runEnd;
    }
  }

  /** The start of the run closing the run at `at`, or -1. */
  closing(at: number): number {
    const length = this.lengthAt.get(at);
    if (length === undefined) {
      return -1;
    }
    let paragraph = 0;
    let lo = 0;
    let hi = this.paragraphStarts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.paragraphStarts[mid] <= at) {
        paragraph = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const group = this.groups.get(`${paragraph}:${length}`);
    if (!group) {
      return -1;
    }
    while (
      group.cursor < group.starts.length &&
      group.starts[group.cursor] <= at
    ) {
      group.cursor++;
    }
    return group.cursor < group.starts.length ? group.starts[group.cursor] : -1;
  }
}

function isLineStart(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) {
    i--;
  }
  return i < 0 || text[i] === '\n';
}

/**
 * Scans Markdown for the places where a tool would not read directives: fenced code blocks
 * (``` and ~~~, unclosed fences run to the end), inline code spans (any backtick run length,
 * within a paragraph) and HTML comments. Offsets and line breaks are preserved in the masked
 * strings, so a match found in them has the same offset and line as in the input.
 *
 * Indented code blocks are not recognized (they are hard to tell from list continuations
 * without a full Markdown parser); text in them counts as prose.
 *
 * @public
 */
export function scanMarkdown(text: string): MarkdownScan {
  const withoutCode = text.split('');
  const prose = text.split('');
  const comments: MarkdownComment[] = [];
  const lineOf = createLineLocator(text);

  const fences = findFences(text);
  for (const [start, end] of fences) {
    blank(withoutCode, start, end);
    blank(prose, start, end);
  }

  // Scan the prose between fences for code spans and comments, left to right.
  const regions: Array<[number, number]> = [];
  let cursor = 0;
  for (const [start, end] of fences) {
    regions.push([cursor, start]);
    cursor = end;
  }
  regions.push([cursor, text.length]);

  for (const [regionStart, regionEnd] of regions) {
    const runs = new BacktickRuns(text, regionStart, regionEnd);
    // The first "-->" at or after `closeFrom` is `close` (Infinity when there is none).
    let closeFrom = -1;
    let close = -1;
    let i = regionStart;
    while (i < regionEnd) {
      const ch = text[i];
      if (ch === '\\' && i + 1 < regionEnd && text[i + 1] !== '\n') {
        i += 2;
        continue;
      }
      if (ch === '`') {
        // Past an escaped first backtick, the rest of its run is read as literal text (rare).
        const run = runs.lengthAt.get(i);
        if (run === undefined) {
          i++;
          continue;
        }
        const closeAt = runs.closing(i);
        if (closeAt >= 0) {
          const spanEnd = closeAt + run;
          blank(withoutCode, i, spanEnd);
          blank(prose, i, spanEnd);
          i = spanEnd;
        } else {
          i += run;
        }
        continue;
      }
      if (ch === '<' && text.startsWith('<!--', i)) {
        if (closeFrom < 0 || i + 4 < closeFrom || i + 4 > close) {
          const found = text.indexOf('-->', i + 4);
          closeFrom = i + 4;
          close = found < 0 ? Infinity : found;
        }
        if (close + 3 <= regionEnd) {
          comments.push({
            start: i,
            end: close + 3,
            line: lineOf(i),
            content: text.slice(i + 4, close),
            closed: true,
          });
          blank(prose, i, close + 3);
          i = close + 3;
          continue;
        }
        if (isLineStart(text, i)) {
          // An HTML block comment that is never closed runs to the end of the region.
          comments.push({
            start: i,
            end: regionEnd,
            line: lineOf(i),
            content: text.slice(i + 4, regionEnd),
            closed: false,
          });
          blank(prose, i, regionEnd);
          i = regionEnd;
          continue;
        }
      }
      i++;
    }
  }

  return {
    withoutCode: withoutCode.join(''),
    prose: prose.join(''),
    comments,
  };
}
