// The start that every parser of a JSON file shares; not part of the package API.
import type { ZodError } from 'zod';
import { createParseIssue, ParseIssue, ParseIssueSeverity } from '../errors';
import {
  formatJsonPath,
  JsonDocument,
  JsonPath,
  parseJsonWithLines,
} from './jsonLocator';
import { zodErrorToParseIssues } from './zodIssues';

/** A JSON file being checked: its document, the issues so far and a way to add one. */
export type JsonFileCheck = {
  doc: JsonDocument;
  issues: ParseIssue[];
  /** Reports an issue at the line of the value at `path`. */
  add(
    rule: string,
    path: JsonPath,
    message: string,
    severity?: ParseIssueSeverity,
  ): void;
  /** Reports each issue of a zod error under `rule`, at the line of its path below `basePath`. */
  addZodError(error: ZodError, rule: string, basePath?: JsonPath): void;
};

/**
 * Parses a JSON file with lines and reports what every JSON file can get wrong:
 * `json-syntax` (then `doc.value` is undefined and the caller should stop) and
 * `json-duplicate-key` (warning).
 */
export function checkJsonFile(text: string, file: string): JsonFileCheck {
  const doc = parseJsonWithLines(text);
  const issues: ParseIssue[] = [];
  const add: JsonFileCheck['add'] = (rule, path, message, severity) => {
    issues.push(
      createParseIssue({
        file,
        line: doc.lineOf(path),
        rule,
        message,
        severity,
      }),
    );
  };
  const addZodError: JsonFileCheck['addZodError'] = (error, rule, basePath) => {
    issues.push(
      ...zodErrorToParseIssues(error, {
        file,
        rule,
        basePath,
        lineOf: doc.lineOf,
      }),
    );
  };
  if (doc.error) {
    issues.push(
      createParseIssue({
        file,
        line: doc.error.line,
        rule: 'json-syntax',
        message: `Invalid JSON: ${doc.error.message}`,
      }),
    );
    return { doc, issues, add, addZodError };
  }
  for (const dup of doc.duplicateKeys) {
    issues.push(
      createParseIssue({
        file,
        line: dup.line,
        rule: 'json-duplicate-key',
        severity: 'warning',
        message: `${formatJsonPath(
          dup.path,
        )} is defined twice; only the last one counts`,
      }),
    );
  }
  return { doc, issues, add, addZodError };
}
