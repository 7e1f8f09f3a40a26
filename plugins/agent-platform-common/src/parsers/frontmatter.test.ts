import { parseFrontmatter, splitFrontmatter } from './frontmatter';

const rulesAndLines = (issues: Array<{ rule: string; line?: number }>) =>
  issues.map(i => [i.rule, i.line]);

describe('splitFrontmatter', () => {
  it('splits frontmatter and body with line numbers', () => {
    const split = splitFrontmatter('---\nname: x\n---\n# Body\n');
    expect(split).toEqual({
      yaml: 'name: x',
      yamlStartLine: 2,
      closingLine: 3,
      body: '# Body\n',
      bodyStartLine: 4,
      unclosed: false,
    });
  });

  it('returns the whole text as body when there is no frontmatter', () => {
    expect(splitFrontmatter('# Title\n---\n').body).toBe('# Title\n---\n');
  });
});

describe('parseFrontmatter', () => {
  it('handles a BOM and CRLF line endings', () => {
    const fm = parseFrontmatter(
      '\uFEFF---\r\nname: pdf\r\nmetadata:\r\n  author: acme\r\n---\r\nBody\r\n',
      { file: 'SKILL.md' },
    );
    expect(fm.issues).toEqual([]);
    expect(fm.data).toEqual({ name: 'pdf', metadata: { author: 'acme' } });
    expect(fm.keyLines).toEqual({ name: 2, metadata: 3, 'metadata.author': 4 });
    expect(fm.body).toBe('Body\n');
  });

  it('reports an unclosed frontmatter on line 1', () => {
    const fm = parseFrontmatter('---\nname: x\n# Body\n', { file: 'SKILL.md' });
    expect(rulesAndLines(fm.issues)).toEqual([['frontmatter-unclosed', 1]]);
  });

  it('maps a YAML syntax error to the line in the original file', () => {
    const fm = parseFrontmatter(
      '---\nname: pdf\ndescription: Use when: the user asks\n---\n',
      { file: 'SKILL.md' },
    );
    expect(rulesAndLines(fm.issues)).toEqual([['frontmatter-yaml-syntax', 3]]);
    expect(fm.issues[0].message).toMatch(/^Invalid YAML in the frontmatter/);
  });

  it('maps a YAML error after a CRLF/BOM prefix to the right line', () => {
    const fm = parseFrontmatter(
      '\uFEFF---\r\nname: x\r\nlist: [a, b\r\nother: 1\r\n---\r\n',
      { file: 'SKILL.md' },
    );
    // yaml detects the unclosed "[" of line 3 on line 4.
    expect(rulesAndLines(fm.issues)).toEqual([['frontmatter-yaml-syntax', 4]]);
  });

  it('reports a duplicate key with its line', () => {
    const fm = parseFrontmatter('---\nname: a\nlicense: MIT\nname: b\n---\n', {
      file: 'SKILL.md',
    });
    expect(rulesAndLines(fm.issues)).toEqual([
      ['frontmatter-duplicate-key', 4],
    ]);
  });

  it('reports frontmatter that is not a mapping', () => {
    const fm = parseFrontmatter('---\n- a\n- b\n---\n', { file: 'SKILL.md' });
    expect(rulesAndLines(fm.issues)).toEqual([['frontmatter-not-mapping', 2]]);
  });

  it('accepts an empty frontmatter', () => {
    const fm = parseFrontmatter('---\n---\nBody', { file: 'SKILL.md' });
    expect(fm.present).toBe(true);
    expect(fm.data).toEqual({});
    expect(fm.issues).toEqual([]);
  });
});
