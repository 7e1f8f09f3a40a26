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
    expect(
      parseSubagentMd('no frontmatter', { file: FILE }).issues[0].rule,
    ).toBe('subagent-frontmatter-missing');
  });

  it('reads the suite metadata map and mcpServers, and reports a bad map', () => {
    const { subagent, issues } = parseSubagentMd(
      '---\nname: code-reviewer\ndescription: Reviews.\nmcpServers:\n  - github\n  - local:\n      command: node\nmetadata:\n  owner: team-checkout\n  version: 1.2.0\n---\nReview.\n',
      { file: FILE },
    );
    expect(issues).toEqual([]);
    expect(subagent?.metadata).toEqual({
      owner: 'team-checkout',
      version: '1.2.0',
    });
    expect(subagent?.mcpServers).toEqual(['github', 'local']);

    const bad = parseSubagentMd(
      '---\nname: code-reviewer\ndescription: Reviews.\nmetadata:\n  version: 1.2\nmcpServers: github\n---\nReview.\n',
      { file: FILE },
    );
    expect(bad.subagent).toBeUndefined();
    expect(bad.issues.map(i => [i.line, i.rule])).toEqual([
      [4, 'subagent-metadata-invalid'],
      [6, 'subagent-field-invalid'],
    ]);
    expect(bad.issues[0].message).toContain(
      'metadata.version must be a string',
    );
  });
});
