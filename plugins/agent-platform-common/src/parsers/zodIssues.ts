import type { ZodError } from 'zod';
import { createParseIssue, ParseIssue, ParseIssueSeverity } from '../errors';
import { formatJsonPath, JsonPath } from './jsonLocator';

/**
 * Options of {@link zodErrorToParseIssues}.
 *
 * @public
 */
export type ZodIssueMapping = {
  /** The file the validated value came from. */
  file: string;
  /** The rule id every issue gets, e.g. `mcp-invalid-field`. */
  rule: string;
  /** Where the validated value sits in the file (prepended to zod's paths). */
  basePath?: JsonPath;
  /** Maps a full path to its line, e.g. `JsonDocument.lineOf`. */
  lineOf?: (path: JsonPath) => number | undefined;
  /** Severity of the issues; default `error`. */
  severity?: ParseIssueSeverity;
};

/**
 * Turns the issues of a failed zod `safeParse` into {@link ParseIssue}s that name the offending
 * field and, when a line lookup is given, its line.
 *
 * @public
 */
export function zodErrorToParseIssues(
  error: ZodError,
  mapping: ZodIssueMapping,
): ParseIssue[] {
  return error.issues.map(issue => {
    const path: Array<string | number> = [
      ...(mapping.basePath ?? []),
      ...issue.path.map(p => (typeof p === 'number' ? p : String(p))),
    ];
    return createParseIssue({
      file: mapping.file,
      line: mapping.lineOf?.(path),
      rule: mapping.rule,
      severity: mapping.severity,
      message: `${formatJsonPath(path)}: ${issue.message}`,
    });
  });
}
