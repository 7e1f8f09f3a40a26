import { parseSubagentMd } from './subagentMd';

const FILE = '.claude/agents/code-reviewer.md';

describe('parseSubagentMd', () => {
  it('reads a subagent as Claude Code documents it', () => {
    const { subagent, issues } = parseSubagentMd(
      '---\nname: code-reviewer\ndescription: Reviews code after each change.\ntools: Read, Grep, Glob, Bash(git diff *)\nmodel: sonnet\nskills: [code-review]\n---\nYou are a senior reviewer.\n',
      { file: FILE },
    );
    expect(issues).toEqual([]);
    expect(subagent).toMatchObject({
      name: 'code-reviewer',
      tools: ['Read', 'Grep', 'Glob', 'Bash(git diff *)'],
      model: 'sonnet',
      skills: ['code-review'],
      prompt: 'You are a senior reviewer.\n',
    });
  });

  it('reports malformed subagents with file, line and rule', () => {
    const { subagent, issues } = parseSubagentMd(
      '---\nname: Code_Reviewer\ntools: 42\nmodel: gpt-5\ncolour: red\n---\n',
      { file: FILE },
    );
    expect(subagent).toBeUndefined();
    expect(issues.map(i => [i.line, i.rule, i.severity])).toEqual([
      [2, 'subagent-name-invalid', 'error'],
      [1, 'subagent-description-missing', 'error'],
      [3, 'subagent-field-invalid', 'error'],
      [4, 'subagent-model-unknown', 'warning'],
      [5, 'subagent-field-unknown', 'warning'],
      [7, 'subagent-prompt-empty', 'warning'],
    ]);
    expect(parseSubagentMd('no frontmatter', { file: FILE }).issues[0].rule).toBe(
      'subagent-frontmatter-missing',
    );
  });
});
