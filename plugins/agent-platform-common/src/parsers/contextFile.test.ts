import { parseContextFile } from './contextFile';

const rulesAndLines = (issues: Array<{ rule: string; line?: number }>) =>
  issues.map(i => [i.rule, i.line]);

describe('parseContextFile', () => {
  it('reads pin, imports and headings of a realistic CLAUDE.md', () => {
    const text = [
      '<!-- agent-platform: extends: org-base@2.4.0 -->',
      '# Checkout API',
      '',
      'See @README for the project overview and @package.json for the npm scripts.',
      '',
      '## Conventions',
      '- Git workflow: @docs/git-instructions.md',
      '- Personal notes: @~/.claude/my-project-instructions.md',
      '- Shared: @/etc/claude-code/shared.md',
      '- Ask dana@acme.com or @platform-team in Slack.',
      '',
      '```bash',
      'npm run test # @not/an-import',
      '```',
      'Do not use `@also/not-an-import`. ## not a heading',
      '<!-- @hidden/in-a-comment.md -->',
      'Path with a space: @docs/my\\ notes.md',
    ].join('\n');
    const parsed = parseContextFile(text, { file: 'CLAUDE.md' });
    expect(parsed.issues).toEqual([]);
    expect(parsed.pin).toEqual({ base: 'org-base', version: '2.4.0', line: 1 });
    expect(parsed.imports).toEqual([
      { path: 'README', kind: 'relative', line: 4, bare: true },
      { path: 'package.json', kind: 'relative', line: 4, bare: false },
      {
        path: 'docs/git-instructions.md',
        kind: 'relative',
        line: 7,
        bare: false,
      },
      {
        path: '~/.claude/my-project-instructions.md',
        kind: 'home',
        line: 8,
        bare: false,
      },
      {
        path: '/etc/claude-code/shared.md',
        kind: 'absolute',
        line: 9,
        bare: false,
      },
      { path: 'platform-team', kind: 'relative', line: 10, bare: true },
      { path: 'docs/my notes.md', kind: 'relative', line: 17, bare: false },
    ]);
    expect(parsed.headings).toEqual([
      { depth: 1, text: 'Checkout API', line: 2 },
      { depth: 2, text: 'Conventions', line: 6 },
    ]);
    expect(parsed.bridgeTo).toBeUndefined();
  });

  it('recognizes the AGENTS.md bridge', () => {
    const bridge = parseContextFile(
      '<!-- agent-platform: extends: org-base@2.4.0 -->\n@AGENTS.md\n',
      { file: 'CLAUDE.md' },
    );
    expect(bridge.bridgeTo).toBe('AGENTS.md');
    const notBridge = parseContextFile('@AGENTS.md\n\nAlso run the linter.\n', {
      file: 'CLAUDE.md',
    });
    expect(notBridge.bridgeTo).toBeUndefined();
  });

  it('reads the paths: frontmatter of a rules file and reports its YAML errors', () => {
    const rule = parseContextFile(
      '---\npaths:\n  - "src/api/**/*.ts"\n---\n# API rules\n@docs/api.md\n',
      { file: '.claude/rules/api.md' },
    );
    expect(rule.frontmatter).toEqual({ paths: ['src/api/**/*.ts'] });
    expect(rule.headings).toEqual([{ depth: 1, text: 'API rules', line: 5 }]);
    expect(rule.imports.map(i => i.line)).toEqual([6]);

    const broken = parseContextFile('---\npaths: [src/**\n---\n', {
      file: '.claude/rules/broken.md',
    });
    expect(rulesAndLines(broken.issues)).toEqual([
      ['frontmatter-yaml-syntax', 2],
    ]);
  });

  it('reads a leading "---" that is not YAML as Markdown in CLAUDE.md', () => {
    const parsed = parseContextFile('---\n@AGENTS.md: read it\n---\n', {
      file: 'CLAUDE.md',
    });
    expect(parsed.issues).toEqual([]);
    expect(parsed.imports.map(i => i.path)).toEqual(['AGENTS.md:']);
  });

  it('passes pin problems through with their lines', () => {
    const parsed = parseContextFile(
      '# A\n<!-- agent-platform: extends: org-base@^2.4.0 -->\n',
      { file: 'AGENTS.md' },
    );
    expect(rulesAndLines(parsed.issues)).toEqual([['pin-version-range', 2]]);
  });

  it('does not mistake code next to "@" for whitespace, and reads headings safely', () => {
    const parsed = parseContextFile(
      `\`x\`@not-import\n## Using \`npm\` <!-- note --> ##\n#${' '.repeat(
        50000,
      )}x`,
      { file: 'CLAUDE.md' },
    );
    expect(parsed.imports).toEqual([]);
    expect(parsed.headings).toEqual([
      { depth: 2, text: 'Using `npm`', line: 2 },
      { depth: 1, text: 'x', line: 3 },
    ]);
  });
});
