import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as core from '.';

// The public entry exports what other packages use, and nothing else: this test
// reads the other workspaces' sources (plugins/*, packages/*) and fails on a value
// that the entry exports and none of them imports. Code inside this package
// imports from the module that defines a thing, so it never needs the entry.
// Types are not values at run time; the API report (`yarn check:api-reports`)
// keeps those to the ones other packages import and the ones public signatures name.

const CORE = '@agent-platform/plugin-agent-platform-common';
const REPO = join(__dirname, '..', '..', '..');
const SKIP = new Set(['node_modules', 'dist', 'dist-types', 'coverage']);

// Values no other package imports but public types are written with
// (`(typeof MCP_AUTH_TYPES)[number]`, `typeof AGENT_PLATFORM_API_VERSION`):
// a type the entry exports cannot name a value it does not.
const NAMED_BY_PUBLIC_TYPES = [
  'AGENT_PLATFORM_API_VERSION',
  'ALLOWLIST_STATUSES',
  'MCP_AUTH_TYPES',
  'MCP_RISK_LEVELS',
  'MCP_TRANSPORTS',
  'PERMISSION_MODES',
  'TOOL_ACCESS_LEVELS',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return SKIP.has(entry.name) || entry.name.startsWith('.')
        ? []
        : sourceFiles(path);
    }
    return /\.[cm]?[jt]sx?$/.test(entry.name) ? [path] : [];
  });
}

/** The names other workspaces import or re-export from the core's entry. */
function importedFromCore(): Set<string> {
  const workspaces = ['plugins', 'packages'].flatMap(group =>
    readdirSync(join(REPO, group), { withFileTypes: true })
      .filter(e => e.isDirectory() && e.name !== 'agent-platform-common')
      .map(e => join(REPO, group, e.name)),
  );
  const names = new Set<string>();
  for (const file of workspaces.flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes(CORE)) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      if (
        !(
          ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)
        ) ||
        !statement.moduleSpecifier ||
        !ts.isStringLiteral(statement.moduleSpecifier) ||
        statement.moduleSpecifier.text !== CORE
      ) {
        continue;
      }
      const bindings = ts.isImportDeclaration(statement)
        ? statement.importClause?.namedBindings
        : statement.exportClause;
      if (
        bindings &&
        (ts.isNamedImports(bindings) || ts.isNamedExports(bindings))
      ) {
        for (const element of bindings.elements) {
          names.add((element.propertyName ?? element.name).text);
        }
      }
    }
  }
  return names;
}

describe('the public entry', () => {
  const imported = importedFromCore();

  it('finds the imports of the other packages', () => {
    // Guards the scan itself: the backend and the scaffolder module import these.
    expect(imported).toContain('PlatformSnapshot');
    expect(imported).toContain('parseMcpJson');
  });

  it('exports only values another package imports', () => {
    const unused = Object.keys(core).filter(
      name => !imported.has(name) && !NAMED_BY_PUBLIC_TYPES.includes(name),
    );
    expect(unused).toEqual([]);
  });

  it('exports the values public types are written with', () => {
    expect(Object.keys(core)).toEqual(
      expect.arrayContaining(NAMED_BY_PUBLIC_TYPES),
    );
  });
});
