import {
  GlobPattern,
  GlobToken,
  globCovers,
  globsOverlap,
  tokenizeGlob,
} from './glob';
import {
  parsePermissionRule,
  PermissionRule,
  PermissionRuleResult,
} from './permissionRule';
import { PATH_TOOLS, SHELL_TOOLS } from './permissionTools';

type PathAnchor = 'project' | 'home' | 'absolute';

/**
 * How a relative path pattern without a slash (`.env`, `*.env`) is read. Claude Code's docs say
 * that `path` and `./path` are relative to the current directory (`Read(*.env)` matches
 * `<cwd>/*.env`): `anchored`, the reading overlap uses. They also say Read/Edit rules follow
 * the gitignore specification, where such a pattern matches at any depth: `gitignore`.
 * Coverage must hold under both readings, so that it is never claimed wrongly.
 */
type PathReading = 'anchored' | 'gitignore';

interface RuleShape {
  tool: GlobPattern;
  // undefined: every use of the tool.
  spec?: { anchor?: PathAnchor; alternatives: GlobPattern[] };
}

// Beyond this many `**/` segments we stop expanding alternatives.
const MAX_EXPANSIONS = 6;

const ANY: GlobToken = { kind: 'star', crossesSlash: true };

function lit(text: string): GlobToken[] {
  return Array.from(text, char => ({ kind: 'literal' as const, char }));
}

function toolGlob(rule: PermissionRule): GlobPattern {
  // `mcp__github` (also written `mcp__github__*`) covers every tool of the server.
  return rule.mcp && rule.mcp.tool === undefined
    ? [...lit(`${rule.tool}__`), ANY]
    : lit(rule.tool);
}

// Expands each `**/` into "nothing" or "any directories", as gitignore reads it.
function expandPath(text: string): GlobPattern[] {
  const parts = text.split('**/');
  if (parts.length === 1 || parts.length - 1 > MAX_EXPANSIONS) {
    return [tokenizeGlob(text, { paths: true })];
  }
  let results: string[] = [parts[0]];
  for (const part of parts.slice(1)) {
    results = results.flatMap(prefix => [prefix + part, `${prefix}**/${part}`]);
  }
  return results.map(r => tokenizeGlob(r, { paths: true }));
}

function pathShape(specifier: string, reading: PathReading): RuleShape['spec'] {
  let anchor: PathAnchor = 'project';
  let rest = specifier;
  let anchored = true;
  if (rest.startsWith('//')) {
    anchor = 'absolute';
    rest = rest.slice(1);
  } else if (rest.startsWith('~/')) {
    anchor = 'home';
    rest = rest.slice(2);
  } else if (rest.startsWith('/')) {
    // Relative to the settings file, i.e. the project root for project settings.
    rest = rest.slice(1);
  } else if (rest === '.') {
    // The parser's spelling of `./`: the current directory itself.
    rest = '';
  } else if (reading === 'gitignore') {
    // gitignore: a pattern without a slash matches at any depth.
    anchored = rest.replace(/\/$/, '').includes('/');
  }
  rest = rest.replace(/\/+$/, '');
  let variants = [rest];
  if (!anchored) {
    variants.push(`**/${rest}`);
  }
  // A pattern that names a directory also covers everything below it.
  variants = variants.flatMap(v =>
    v.endsWith('**') || v === '' ? [v || '**'] : [v, `${v}/**`],
  );
  return { anchor, alternatives: variants.flatMap(expandPath) };
}

function shellShape(tokens: GlobToken[]): RuleShape['spec'] {
  // `Bash(ls *)` also matches the bare `ls`.
  const last = tokens[tokens.length - 1];
  const beforeLast = tokens[tokens.length - 2];
  if (
    last?.kind === 'star' &&
    beforeLast?.kind === 'literal' &&
    beforeLast.char === ' '
  ) {
    return { alternatives: [tokens, tokens.slice(0, -2)] };
  }
  return { alternatives: [tokens] };
}

function shapeOf(rule: PermissionRule, reading: PathReading): RuleShape {
  const tool = toolGlob(rule);
  if (rule.specifier === undefined) {
    return { tool };
  }
  if (PATH_TOOLS.includes(rule.tool)) {
    return { tool, spec: pathShape(rule.specifier, reading) };
  }
  const tokens = tokenizeGlob(rule.specifier);
  if (tokens.length === 1 && tokens[0].kind === 'star') {
    // `Bash(**)` matches every command, like `Bash(*)`, which the parser spells `Bash`.
    return { tool };
  }
  if (SHELL_TOOLS.includes(rule.tool)) {
    return { tool, spec: shellShape(tokens) };
  }
  return { tool, spec: { alternatives: [tokens] } };
}

// Puts a project- or home-relative path into absolute space: somewhere below `/`.
function toAbsolute(alternatives: GlobPattern[]): GlobPattern[] {
  return alternatives.map(alt => [...lit('/'), ANY, ...lit('/'), ...alt]);
}

function alignAnchors(
  a: NonNullable<RuleShape['spec']>,
  b: NonNullable<RuleShape['spec']>,
): [GlobPattern[], GlobPattern[]] | undefined {
  if (a.anchor === b.anchor) {
    return [a.alternatives, b.alternatives];
  }
  if (a.anchor === 'absolute') {
    return [a.alternatives, toAbsolute(b.alternatives)];
  }
  if (b.anchor === 'absolute') {
    return [toAbsolute(a.alternatives), b.alternatives];
  }
  // Project and home paths cannot be told apart without a machine; assume distinct.
  return undefined;
}

function shapesOverlap(x: RuleShape, y: RuleShape): boolean {
  if (!globsOverlap(x.tool, y.tool)) {
    return false;
  }
  if (!x.spec || !y.spec) {
    return true;
  }
  const aligned = alignAnchors(x.spec, y.spec);
  if (!aligned) {
    return false;
  }
  const [xs, ys] = aligned;
  return xs.some(alt => ys.some(other => globsOverlap(alt, other)));
}

function shapeCovers(x: RuleShape, y: RuleShape): boolean {
  if (!globCovers(x.tool, y.tool)) {
    return false;
  }
  if (!x.spec) {
    return true;
  }
  if (!y.spec) {
    return false;
  }
  if (y.spec.anchor !== x.spec.anchor && x.spec.anchor !== 'absolute') {
    return false;
  }
  const aligned = alignAnchors(x.spec, y.spec);
  if (!aligned) {
    return false;
  }
  const [xs, ys] = aligned;
  return ys.every(other => xs.some(alt => globCovers(alt, other)));
}

/**
 * Answers about permission rules, kept by their owner (a resolution cache)
 * for as long as it lives: the inheritance engine asks the same questions for
 * every team and repo. Answers depend on the rules' canonical texts alone.
 *
 * @public
 */
export interface PermissionRuleMemo {
  /** Parsed rules by text. */
  parsed: Map<string, PermissionRuleResult>;
  /** `covers` answers by the two canonical texts. */
  covers: Map<string, boolean>;
  /** `overlap` answers by the two canonical texts. */
  overlap: Map<string, boolean>;
}

/**
 * A new, empty {@link PermissionRuleMemo}.
 *
 * @public
 */
export function createPermissionRuleMemo(): PermissionRuleMemo {
  return { parsed: new Map(), covers: new Map(), overlap: new Map() };
}

/** Parses a rule once per memo (without one, every time). */
export function memoizedRule(
  text: string,
  memo: PermissionRuleMemo | undefined,
): PermissionRuleResult {
  if (!memo) return parsePermissionRule(text);
  let result = memo.parsed.get(text);
  if (!result) {
    result = parsePermissionRule(text);
    memo.parsed.set(text, result);
  }
  return result;
}

const toRule = (
  rule: PermissionRule | string,
  memo: PermissionRuleMemo | undefined,
) => (typeof rule === 'string' ? memoizedRule(rule, memo).rule : rule);

/** Compares two rules: the same canonical text answers `true`, a malformed one `false`. */
function compareRules(
  a: PermissionRule | string,
  b: PermissionRule | string,
  question: 'covers' | 'overlap',
  compare: (x: PermissionRule, y: PermissionRule) => boolean,
  memo: PermissionRuleMemo | undefined,
): boolean {
  const x = toRule(a, memo);
  const y = toRule(b, memo);
  if (!x || !y) {
    return false;
  }
  if (x.normalized === y.normalized) {
    return true;
  }
  if (!memo) return compare(x, y);
  const answers = memo[question];
  const key = `${x.normalized}\u0000${y.normalized}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = compare(x, y);
    answers.set(key, answer);
  }
  return answer;
}

const hasPathPattern = (rule: PermissionRule) =>
  PATH_TOOLS.includes(rule.tool) && rule.specifier !== undefined;

/**
 * True when some tool use matches both rules, e.g. `Bash` and `Bash(curl *)`, or `Bash(curl *)`
 * and `Bash(* evil.com)`. Rules compare as {@link parsePermissionRule} reads them; a relative
 * path pattern is rooted at the current directory, as Claude Code's docs show (`Read(*.env)` is
 * `<cwd>/*.env`, so it does not overlap `Read(config/prod.env)`). False when either rule is
 * malformed. Exact on the globs; errs towards `true` only where a comparison would be too large.
 *
 * @public
 */
export function permissionRulesOverlap(
  a: PermissionRule | string,
  b: PermissionRule | string,
  memo?: PermissionRuleMemo,
): boolean {
  return compareRules(
    a,
    b,
    'overlap',
    (x, y) => shapesOverlap(shapeOf(x, 'anchored'), shapeOf(y, 'anchored')),
    memo,
  );
}

/**
 * True when rule `a` matches every tool use rule `b` matches, e.g. to find a team rule the
 * base's deny list covers. Exact matches cover; a tool-wide rule (`Bash`) covers all its
 * specifiers; Bash and PowerShell patterns compare as globs where `*` matches anything and a
 * trailing ` *` also matches the bare command (`Bash(npm *)` covers `Bash(npm run test *)`);
 * path patterns compare gitignore-style (`Read(./secrets/**)` covers
 * `Read(./secrets/prod/key.pem)`; `//` is absolute, `~/` home, `/x` below the project root and
 * `x` or `./x` below the current directory, both compared as project paths);
 * WebFetch domains compare as globs (`domain:*.example.com` covers `domain:api.example.com`); a
 * server-wide MCP rule (`mcp__github`, `mcp__github__*`) covers the server's tools.
 *
 * Sound: never `true` when `a` misses part of `b`, also under the gitignore reading of a relative
 * pattern without a slash (matching at any depth); when unsure it says `false`. False when
 * either rule is malformed.
 *
 * @public
 */
export function permissionRuleCovers(
  a: PermissionRule | string,
  b: PermissionRule | string,
  memo?: PermissionRuleMemo,
): boolean {
  return compareRules(
    a,
    b,
    'covers',
    (x, y) => {
      const readings: PathReading[] =
        hasPathPattern(x) || hasPathPattern(y)
          ? ['anchored', 'gitignore']
          : ['anchored'];
      return readings.every(reading =>
        shapeCovers(shapeOf(x, reading), shapeOf(y, reading)),
      );
    },
    memo,
  );
}
