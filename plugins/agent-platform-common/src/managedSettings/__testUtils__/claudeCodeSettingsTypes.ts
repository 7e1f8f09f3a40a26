import { dirname, join } from 'node:path';
import ts from 'typescript';

/**
 * Checks a settings object against `ClaudeCodeSettings` from `@schemastore/claude-code-settings`
 * (the TypeScript types SchemaStore's updater generates from the published
 * `claude-code-settings.json` schema, pinned as a devDependency), with the TypeScript compiler.
 * An object literal assigned to the interface gets excess-property checks, so an unknown key, a
 * hook event that does not exist or a value of the wrong type is a diagnostic.
 *
 * The check file is virtual: it is handed to the compiler from memory and never written.
 *
 * @returns the compiler's messages, empty when the settings conform.
 */
export function checkAgainstClaudeCodeSettingsTypes(
  settings: unknown,
): string[] {
  const fileName = join(__dirname, '__virtual_settings_check__.ts');
  const source = [
    "import type { ClaudeCodeSettings } from '@schemastore/claude-code-settings';",
    `export const settings: ClaudeCodeSettings = ${JSON.stringify(
      settings,
      null,
      2,
    )};`,
    '',
  ].join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === fileName
      ? ts.createSourceFile(name, source, languageVersion)
      : getSourceFile.call(host, name, languageVersion, ...rest);
  host.fileExists = name => name === fileName || fileExists.call(host, name);
  host.readFile = name =>
    name === fileName ? source : readFile.call(host, name);
  host.getCurrentDirectory = () => dirname(fileName);
  const program = ts.createProgram([fileName], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
