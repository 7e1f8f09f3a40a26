import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

// The core is described as pure: no state lives in a module. A cache belongs
// to the object whose lifetime it shares (an index, a snapshot, a resolution
// cache), never to a module. This test reads every source file and fails on a
// module-level `let` or `var`; a module-level Map, Set, WeakMap or WeakSet (or
// an object holding one), whatever its declared type; and a module-level array
// literal that is neither `as const` nor typed readonly. Frozen values are fine.

const ROOT = __dirname;
const MUTABLE = new Set(['Map', 'Set', 'WeakMap', 'WeakSet']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__testUtils__' ? [] : sourceFiles(path);
    }
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
      ? [path]
      : [];
  });
}

function holdsCollection(node: ts.Expression | undefined): boolean {
  if (!node) return false;
  if (
    ts.isAsExpression(node) ||
    ts.isParenthesizedExpression(node) ||
    ts.isSatisfiesExpression(node)
  ) {
    return holdsCollection(node.expression);
  }
  if (ts.isNewExpression(node)) {
    return (
      ts.isIdentifier(node.expression) && MUTABLE.has(node.expression.text)
    );
  }
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.some(
      p => ts.isPropertyAssignment(p) && holdsCollection(p.initializer),
    );
  }
  return false;
}

const isConstAssertion = (node: ts.Expression): boolean =>
  (ts.isAsExpression(node) && node.type.getText() === 'const') ||
  (ts.isSatisfiesExpression(node) && isConstAssertion(node.expression));

function mutableArray(node: ts.Expression | undefined): boolean {
  if (!node) return false;
  if (ts.isArrayLiteralExpression(node)) return true;
  if (ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)) {
    return mutableArray(node.expression);
  }
  return false;
}

// A readonly type guards an array; a Set or Map is state whatever its type says.
const readonlyType = (declaration: ts.VariableDeclaration) =>
  /^(ReadonlyArray<|readonly )/.test(declaration.type?.getText() ?? '');

const frozen = (node: ts.Expression | undefined) =>
  !!node &&
  ts.isCallExpression(node) &&
  node.expression.getText() === 'Object.freeze';

function moduleStateOf(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of list.declarations) {
      const name = declaration.name.getText();
      const line =
        source.getLineAndCharacterOfPosition(declaration.getStart()).line + 1;
      const init = declaration.initializer;
      if (!isConst) {
        found.push(`${file}:${line} ${name} (let/var)`);
      } else if (frozen(init) || readonlyType(declaration)) {
        continue;
      } else if (holdsCollection(init)) {
        found.push(`${file}:${line} ${name}`);
      } else if (init && mutableArray(init) && !isConstAssertion(init)) {
        found.push(`${file}:${line} ${name} (array)`);
      }
    }
  }
  return found;
}

describe('module-level state', () => {
  it('finds a memo map, a let and a frozen list correctly', () => {
    expect(
      moduleStateOf(
        'x.ts',
        [
          'const memo = new Map<string, number>();',
          'let count = 0;',
          'const answers = { covers: new Map() };',
          'const KINDS = Object.freeze([1, 2]);',
          'const PATTERN = /x/;',
          'function f() { const local = new Map(); return local; }',
          "const WORDS: ReadonlySet<string> = new Set(['a']);",
          "const TOOLS: readonly string[] = ['a'];",
          "const LEVELS = ['a', 'b'] as const;",
          "const NAMES = ['a', 'b'];",
          'const SCHEMA = { type: "object", required: ["a"] };',
        ].join('\n'),
      ),
    ).toEqual([
      'x.ts:1 memo',
      'x.ts:2 count (let/var)',
      'x.ts:3 answers',
      'x.ts:7 WORDS',
      'x.ts:10 NAMES (array)',
    ]);
  });

  it('the core has none', () => {
    const found = sourceFiles(ROOT).flatMap(path =>
      moduleStateOf(relative(ROOT, path), readFileSync(path, 'utf8')),
    );
    expect(found).toEqual([]);
  });
});
