import { parseRuleMd } from './ruleMd';

const FILE = '.claude/rules/api-errors.md';

describe('parseRuleMd', () => {
  it('reads a path-scoped rule as Claude Code documents it', () => {
    const { rule, issues } = parseRuleMd(
      '---\npaths:\n  - "src/api/**/*.ts"\n  - "src/**/*.{ts,tsx}"\nmetadata:\n  owner: team-checkout\n---\n# API errors\n\nEvery handler returns\nProblem JSON.\n\n```\n# not a title\n```\n',
      { file: FILE },
    );
    expect(issues).toEqual([]);
    expect(rule).toMatchObject({
      paths: ['src/api/**/*.ts', 'src/**/*.{ts,tsx}'],
      metadata: { owner: 'team-checkout' },
      title: 'API errors',
      summary: 'Every handler returns Problem JSON.',
    });
  });

  it('reads a rule without frontmatter as one that always loads', () => {
    const { rule, issues } = parseRuleMd('- Use pnpm, never npm.\n', {
      file: FILE,
    });
    expect(issues).toEqual([]);
    expect(rule?.paths).toBeUndefined();
    expect(rule?.summary).toBe('Use pnpm, never npm.');
    expect(
      parseRuleMd('---\npaths: "docs/**"\n---\nx', { file: FILE }).rule?.paths,
    ).toEqual(['docs/**']);
  });

  it('reports malformed rules with file, line and rule, and returns no rule on errors', () => {
    const { rule, issues } = parseRuleMd(
      '---\npaths: [42]\nglobs: x\nmetadata: nope\n---\n',
      { file: FILE },
    );
    expect(rule).toBeUndefined();
    expect(issues.map(i => [i.file, i.line, i.rule, i.severity])).toEqual([
      [FILE, 2, 'rule-paths-invalid', 'error'],
      [FILE, 4, 'rule-metadata-invalid', 'error'],
      [FILE, 3, 'rule-field-unknown', 'warning'],
      [FILE, 6, 'rule-empty', 'warning'],
    ]);
  });

  it('warns about paths outside the project and reports broken YAML', () => {
    const outside = parseRuleMd(
      '---\npaths: ["../shared/**", "/etc/*"]\n---\nx\n',
      {
        file: FILE,
      },
    );
    expect(outside.rule).toBeDefined();
    expect(outside.issues.map(i => i.rule)).toEqual([
      'rule-path-outside',
      'rule-path-outside',
    ]);
    const broken = parseRuleMd('---\npaths: [unclosed\n---\nx\n', {
      file: FILE,
    });
    expect(broken.rule).toBeUndefined();
    expect(broken.issues[0].rule).toMatch(/^frontmatter-/);
    expect(broken.issues[0].severity).toBe('error');
  });
});
