/**
 * How serious a {@link ParseIssue} is. Errors make the input unusable or wrong;
 * warnings point at something a real tool would treat differently than expected.
 *
 * @public
 */
export type ParseIssueSeverity = 'error' | 'warning';

/**
 * One problem found in an input file. This is the single error vocabulary of the
 * whole suite, from the parsers up to the entity page.
 *
 * @public
 */
export type ParseIssue = {
  /** The file the problem is in, as the caller named it (usually repo-relative). */
  file: string;
  /** 1-based line in the original file, when known. */
  line?: number;
  /** Stable kebab-case rule id, e.g. `skill-name-mismatch`. */
  rule: string;
  /** A human message saying what is wrong and where. */
  message: string;
  /** Whether the problem is an error or a warning. */
  severity: ParseIssueSeverity;
};

/**
 * Input of {@link createParseIssue}: a {@link ParseIssue} whose severity defaults to `error`.
 *
 * @public
 */
export type ParseIssueInput = Omit<ParseIssue, 'severity' | 'line'> & {
  line?: number;
  severity?: ParseIssueSeverity;
};

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Returns whether `rule` is a well-formed rule id (kebab-case, lowercase letters and digits).
 *
 * @public
 */
export function isParseIssueRuleId(rule: string): boolean {
  return RULE_ID.test(rule);
}

/**
 * Creates a {@link ParseIssue}. The severity defaults to `error`; an undefined line is left out
 * so that issues compare and serialize cleanly.
 *
 * @public
 */
export function createParseIssue(input: ParseIssueInput): ParseIssue {
  const issue: ParseIssue = {
    file: input.file,
    rule: input.rule,
    message: input.message,
    severity: input.severity ?? 'error',
  };
  if (input.line !== undefined) {
    issue.line = input.line;
  }
  return issue;
}

/**
 * Returns whether any of the issues is an error (warnings do not count).
 *
 * @public
 */
export function hasParseErrors(issues: ReadonlyArray<ParseIssue>): boolean {
  return issues.some(issue => issue.severity === 'error');
}

/**
 * Formats an issue the way compilers and linters do: `file:line: severity [rule] message`.
 *
 * @public
 */
export function formatParseIssue(issue: ParseIssue): string {
  const where =
    issue.line !== undefined ? `${issue.file}:${issue.line}` : issue.file;
  return `${where}: ${issue.severity} [${issue.rule}] ${issue.message}`;
}

/**
 * Returns a copy of the issues sorted by file, then line (unknown lines first), then rule.
 *
 * @public
 */
export function sortParseIssues(
  issues: ReadonlyArray<ParseIssue>,
): ParseIssue[] {
  return [...issues].sort((a, b) => {
    if (a.file !== b.file) {
      return a.file < b.file ? -1 : 1;
    }
    const la = a.line ?? 0;
    const lb = b.line ?? 0;
    if (la !== lb) {
      return la - lb;
    }
    if (a.rule !== b.rule) {
      return a.rule < b.rule ? -1 : 1;
    }
    return 0;
  });
}

/**
 * An error carrying the {@link ParseIssue}s that made an input unusable, for callers that
 * prefer throwing (for example a scaffolder action) over inspecting result objects.
 *
 * @public
 */
export class ParseIssuesError extends Error {
  /** The issues, errors and warnings alike. */
  readonly issues: ParseIssue[];

  constructor(issues: ReadonlyArray<ParseIssue>, message?: string) {
    const errors = issues.filter(issue => issue.severity === 'error');
    const summary =
      message ??
      (errors.length === 1
        ? formatParseIssue(errors[0])
        : `${errors.length} errors, first: ${
            errors[0] ? formatParseIssue(errors[0]) : 'none'
          }`);
    super(summary);
    this.name = 'ParseIssuesError';
    this.issues = [...issues];
  }
}
