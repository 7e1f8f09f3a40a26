/**
 * One token of a glob: a literal character, or a star that matches any
 * sequence of characters (`crossesSlash`) or any sequence without `/`.
 *
 * @internal
 */
export type GlobToken =
  | { kind: 'literal'; char: string }
  | { kind: 'star'; crossesSlash: boolean };

/**
 * A glob as a token sequence.
 *
 * @internal
 */
export type GlobPattern = readonly GlobToken[];

// Beyond this many states (the product of the two patterns' lengths) a
// comparison gives its cautious answer rather than spend the time and memory.
const MAX_GLOB_STATES = 4_000_000;

/**
 * Turns text into literal tokens, except the given wildcard spellings:
 * with `paths`, `**` is a slash-crossing star and `*` stays within one path
 * segment; without, every run of `*` is a slash-crossing star.
 *
 * @internal
 */
export function tokenizeGlob(
  text: string,
  options: { paths?: boolean } = {},
): GlobToken[] {
  const tokens: GlobToken[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char !== '*') {
      tokens.push({ kind: 'literal', char });
      continue;
    }
    let run = 1;
    while (text[i + run] === '*') {
      run++;
    }
    i += run - 1;
    const crossesSlash = !options.paths || run >= 2;
    const previous = tokens[tokens.length - 1];
    // Adjacent stars add nothing; keep the broader one.
    if (previous?.kind === 'star') {
      previous.crossesSlash = previous.crossesSlash || crossesSlash;
    } else {
      tokens.push({ kind: 'star', crossesSlash });
    }
  }
  return tokens;
}

function starAccepts(star: { crossesSlash: boolean }, char: string): boolean {
  return star.crossesSlash || char !== '/';
}

/**
 * True when some string matches both globs (the languages intersect).
 * Exact: a search over the product of the two patterns' automata; beyond
 * 4,000,000 states it answers `true`, the cautious answer for overlap.
 *
 * @internal
 */
export function globsOverlap(a: GlobPattern, b: GlobPattern): boolean {
  const width = b.length + 1;
  if ((a.length + 1) * width > MAX_GLOB_STATES) {
    return true;
  }
  const seen = new Set<number>();
  const stack: Array<[number, number]> = [[0, 0]];
  const push = (i: number, j: number) => {
    const key = i * width + j;
    if (!seen.has(key)) {
      seen.add(key);
      stack.push([i, j]);
    }
  };
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    if (i === a.length && j === b.length) {
      return true;
    }
    const x = a[i];
    const y = b[j];
    // A star may match the empty string.
    if (x?.kind === 'star') push(i + 1, j);
    if (y?.kind === 'star') push(i, j + 1);
    if (x && y) {
      if (x.kind === 'literal' && y.kind === 'literal') {
        if (x.char === y.char) push(i + 1, j + 1);
      } else if (x.kind === 'literal' && y.kind === 'star') {
        if (starAccepts(y, x.char)) push(i + 1, j);
      } else if (x.kind === 'star' && y.kind === 'literal') {
        if (starAccepts(x, y.char)) push(i, j + 1);
      }
    }
  }
  return false;
}

function tokenWithin(token: GlobToken, star: { crossesSlash: boolean }) {
  return token.kind === 'literal'
    ? starAccepts(star, token.char)
    : star.crossesSlash || !token.crossesSlash;
}

/**
 * True when glob `a` matches every string glob `b` matches (`a` covers `b`).
 * Sound: a `true` is always right. It reads `b`'s stars as symbols that only
 * an equally broad star of `a` can absorb, which decides every case the
 * permission rules of Claude Code produce in practice. Dynamic programming
 * over the two token lists, row by row (no recursion, no regular
 * expressions); beyond 4,000,000 states it answers `false`.
 *
 * @internal
 */
export function globCovers(a: GlobPattern, b: GlobPattern): boolean {
  const n = b.length;
  if ((a.length + 1) * (n + 1) > MAX_GLOB_STATES) {
    return false;
  }
  // next[j]: a[i + 1..] covers b[j..]; cur[j]: a[i..] covers b[j..].
  let next: boolean[] = new Array(n + 1).fill(false);
  next[n] = true;
  for (let i = a.length - 1; i >= 0; i--) {
    const x = a[i];
    const cur: boolean[] = new Array(n + 1).fill(false);
    for (let j = n; j >= 0; j--) {
      if (x.kind === 'star') {
        cur[j] = next[j] || (j < n && tokenWithin(b[j], x) && cur[j + 1]);
      } else {
        const y = b[j];
        cur[j] = y?.kind === 'literal' && y.char === x.char && next[j + 1];
      }
    }
    next = cur;
  }
  return next[0];
}

/**
 * True when the concrete string matches the glob. Used by tests as the
 * reference meaning of a glob.
 *
 * @internal
 */
export function globMatches(pattern: GlobPattern, text: string): boolean {
  return globsOverlap(
    pattern,
    Array.from(text, char => ({ kind: 'literal' as const, char })),
  );
}
