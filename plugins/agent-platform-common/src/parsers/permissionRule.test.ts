import { normalizePermissionRule, parsePermissionRule } from './permissionRule';

const rulesAndLines = (issues: Array<{ rule: string; line?: number }>) =>
  issues.map(i => [i.rule, i.line]);

describe('parsePermissionRule', () => {
  it.each([
    ['Bash', 'Bash'],
    ['Bash(npm run test *)', 'Bash(npm run test *)'],
    ['Bash(git push:*)', 'Bash(git push *)'],
    ['Bash(npm  test:*)', 'Bash(npm test *)'],
    ['PowerShell(Get-Item:*)', 'PowerShell(Get-Item *)'],
    ['Bash(*)', 'Bash'],
    ['  Read(./.env) ', 'Read(.env)'],
    ['Read(./secrets/**)', 'Read(secrets/**)'],
    ['Edit(//tmp/scratch.txt)', 'Edit(//tmp/scratch.txt)'],
    ['WebFetch(domain:*.Example.com)', 'WebFetch(domain:*.example.com)'],
    ['mcp__github', 'mcp__github'],
    ['mcp__github__*', 'mcp__github'],
    ['mcp__github__create_issue', 'mcp__github__create_issue'],
    ['mcp__my-server__get_thing', 'mcp__my-server__get_thing'],
    ['Bash(echo (hi))', 'Bash(echo (hi))'],
    // The specifier runs from the first "(" to the final ")", balanced or not.
    ['Bash(echo (x)', 'Bash(echo (x)'],
    ['Read(**)', 'Read(**)'],
  ])('normalizes %s to %s', (input, expected) => {
    expect(normalizePermissionRule(input)).toBe(expected);
  });

  it('describes MCP rules', () => {
    expect(parsePermissionRule('mcp__github__*').rule?.mcp).toEqual({
      server: 'github',
    });
    expect(parsePermissionRule('mcp__github__create_issue').rule?.mcp).toEqual({
      server: 'github',
      tool: 'create_issue',
    });
  });

  it.each([
    ['', 'permission-rule-empty'],
    ['Bash(npm run test', 'permission-rule-unbalanced-parens'],
    ['Bash npm)', 'permission-rule-unbalanced-parens'],
    ['Bash(ls) extra', 'permission-rule-unbalanced-parens'],
    ['(npm test)', 'permission-rule-empty-tool'],
    ['Bash()', 'permission-rule-empty-specifier'],
    ['Ba sh', 'permission-rule-invalid-tool'],
    ['mcp__', 'permission-rule-invalid-tool'],
    ['mcp__github__create issue', 'permission-rule-invalid-tool'],
    ['mcp__*', 'permission-rule-invalid-tool'],
    ['mcp__github__get_*', 'permission-rule-invalid-tool'],
    ['Read(./.env) extra', 'permission-rule-unbalanced-parens'],
  ])(
    'reports the malformed rule %j as %s with the given line',
    (input, rule) => {
      const result = parsePermissionRule(input, {
        file: 'settings.json',
        line: 7,
      });
      expect(result.rule).toBeUndefined();
      expect(rulesAndLines(result.issues)).toEqual([[rule, 7]]);
    },
  );

  it('returns undefined for the canonical text of a malformed rule', () => {
    expect(normalizePermissionRule('not a rule ')).toBeUndefined();
  });

  it('warns about a tool name with the wrong case', () => {
    const result = parsePermissionRule('bash(ls)', { file: 's.json', line: 2 });
    expect(result.rule).toBeDefined();
    expect(rulesAndLines(result.issues)).toEqual([
      ['permission-rule-tool-case', 2],
    ]);
  });
});
