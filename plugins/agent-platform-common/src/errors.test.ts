import {
  createParseIssue,
  formatParseIssue,
  hasParseErrors,
  isParseIssueRuleId,
  ParseIssuesError,
  sortParseIssues,
} from './errors';

describe('errors', () => {
  it('creates issues with error severity by default and no undefined line', () => {
    const issue = createParseIssue({
      file: 'CLAUDE.md',
      rule: 'pin-conflict',
      message: 'Two pins',
    });
    expect(issue).toEqual({
      file: 'CLAUDE.md',
      rule: 'pin-conflict',
      message: 'Two pins',
      severity: 'error',
    });
    expect('line' in issue).toBe(false);
  });

  it('formats, sorts and summarizes issues', () => {
    const a = createParseIssue({
      file: 'b.md',
      line: 3,
      rule: 'x-y',
      message: 'm1',
    });
    const b = createParseIssue({
      file: 'a.md',
      line: 9,
      rule: 'x-z',
      message: 'm2',
      severity: 'warning',
    });
    expect(formatParseIssue(a)).toBe('b.md:3: error [x-y] m1');
    expect(formatParseIssue({ ...b, line: undefined })).toBe(
      'a.md: warning [x-z] m2',
    );
    expect(sortParseIssues([a, b])).toEqual([b, a]);
    expect(hasParseErrors([b])).toBe(false);
    expect(hasParseErrors([a, b])).toBe(true);
  });

  it('checks rule ids and throws a typed error', () => {
    expect(isParseIssueRuleId('skill-name-mismatch')).toBe(true);
    expect(isParseIssueRuleId('Skill_Name')).toBe(false);
    const error = new ParseIssuesError([
      createParseIssue({ file: 'f', line: 1, rule: 'r-one', message: 'bad' }),
    ]);
    expect(error.message).toBe('f:1: error [r-one] bad');
    expect(error.issues).toHaveLength(1);
    expect(error.name).toBe('ParseIssuesError');
  });
});
