import { ContextFileReader, resolveContextTree } from './contextTree';

const rulesAndLines = (issues: Array<{ rule: string; line?: number }>) =>
  issues.map(i => [i.rule, i.line]);

function reader(files: Record<string, string>): ContextFileReader & {
  calls: string[];
} {
  const calls: string[] = [];
  const read = async (path: string) => {
    calls.push(path);
    return files[path];
  };
  return Object.assign(read, { calls });
}

describe('resolveContextTree', () => {
  it('follows the CLAUDE.md -> AGENTS.md bridge and finds the pin', async () => {
    const read = reader({
      'CLAUDE.md': '@AGENTS.md\n',
      'AGENTS.md':
        '# Checkout\n<!-- agent-platform: extends: org-base@2.4.0 -->\nSee @docs/testing.md\n',
      'docs/testing.md': 'Run `npm test`. Style: @../STYLE.md\n',
      'STYLE.md': '# Style\n',
    });
    const tree = await resolveContextTree(['CLAUDE.md', 'AGENTS.md'], read);
    expect(tree.issues).toEqual([]);
    expect(tree.files.map(f => [f.path, f.depth])).toEqual([
      ['CLAUDE.md', 0],
      ['AGENTS.md', 1],
      ['docs/testing.md', 2],
      ['STYLE.md', 3],
    ]);
    expect(tree.bridge).toEqual({ from: 'CLAUDE.md', to: 'AGENTS.md' });
    expect(tree.pin).toEqual({
      base: 'org-base',
      version: '2.4.0',
      line: 2,
      file: 'AGENTS.md',
    });
    expect(read.calls).toEqual([
      'CLAUDE.md',
      'AGENTS.md',
      'docs/testing.md',
      'STYLE.md',
    ]);
  });

  it('reports an import cycle naming the cycle', async () => {
    const tree = await resolveContextTree(
      'CLAUDE.md',
      reader({
        'CLAUDE.md': '# Root\n@docs/a.md\n',
        'docs/a.md': 'A\n\n@b.md\n',
        'docs/b.md': 'B\n@../CLAUDE.md\n',
      }),
    );
    expect(rulesAndLines(tree.issues)).toEqual([['context-import-cycle', 2]]);
    expect(tree.issues[0].file).toBe('docs/b.md');
    expect(tree.issues[0].message).toContain(
      'CLAUDE.md -> docs/a.md -> docs/b.md -> CLAUDE.md',
    );
  });

  it('reports a file importing itself', async () => {
    const tree = await resolveContextTree(
      'CLAUDE.md',
      reader({ 'CLAUDE.md': 'x\n\n\n@./CLAUDE.md\n' }),
    );
    expect(rulesAndLines(tree.issues)).toEqual([['context-import-cycle', 4]]);
  });

  it('refuses imports escaping the repository root', async () => {
    const read = reader({
      'CLAUDE.md': '# x\n@../../etc/passwd\n@/etc/passwd\n',
    });
    const tree = await resolveContextTree('CLAUDE.md', read, {
      rootDir: '/work/repo',
    });
    expect(rulesAndLines(tree.issues)).toEqual([
      ['context-import-outside-root', 2],
      ['context-import-outside-root', 3],
    ]);
    expect(read.calls).toEqual(['CLAUDE.md']);
  });

  it('follows absolute imports inside rootDir and warns about home imports', async () => {
    const tree = await resolveContextTree(
      '/work/repo/CLAUDE.md',
      reader({
        'CLAUDE.md': '@/work/repo/docs/x.md\n@~/.claude/mine.md\n',
        'docs/x.md': 'x',
      }),
      { rootDir: '/work/repo' },
    );
    expect(tree.files.map(f => f.path)).toEqual(['CLAUDE.md', 'docs/x.md']);
    expect(rulesAndLines(tree.issues)).toEqual([['context-import-home', 2]]);
    expect(tree.issues[0].severity).toBe('warning');
  });

  it('reports a missing import (error) and a missing mention-like import (warning)', async () => {
    const tree = await resolveContextTree(
      'CLAUDE.md',
      reader({ 'CLAUDE.md': 'See @docs/missing.md.\nAsk @alice.\n' }),
    );
    expect(rulesAndLines(tree.issues)).toEqual([
      ['context-import-missing', 1],
      ['context-import-missing', 2],
    ]);
    expect(tree.issues.map(i => i.severity)).toEqual(['error', 'warning']);
    expect(tree.issues[0].message).toContain('trailing punctuation');
    const mention = await resolveContextTree(
      'CLAUDE.md',
      reader({ 'CLAUDE.md': 'Ask @alice about it\n' }),
    );
    expect(mention.issues).toEqual([
      expect.objectContaining({
        rule: 'context-import-missing',
        line: 1,
        severity: 'warning',
      }),
    ]);
  });

  it('reports a missing entry file', async () => {
    const tree = await resolveContextTree('AGENTS.md', reader({}));
    expect(rulesAndLines(tree.issues)).toEqual([
      ['context-file-missing', undefined],
    ]);
  });

  it('reports a 5 MB file instead of reading it', async () => {
    const tree = await resolveContextTree(
      'CLAUDE.md',
      reader({
        'CLAUDE.md': '# Big\n@docs/huge.md\n',
        'docs/huge.md': 'x'.repeat(5 * 1024 * 1024),
      }),
    );
    expect(rulesAndLines(tree.issues)).toEqual([
      ['context-file-too-large', undefined],
    ]);
    expect(tree.issues[0].file).toBe('docs/huge.md');
    expect(tree.issues[0].message).toContain('imported by CLAUDE.md:2');
    expect(tree.files.map(f => f.path)).toEqual(['CLAUDE.md']);
  });

  it('reports binary content with the line of the NUL byte', async () => {
    const tree = await resolveContextTree(
      'CLAUDE.md',
      reader({
        'CLAUDE.md': '@logo.png\n',
        'logo.png': '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR',
      }),
    );
    expect(tree.issues).toEqual([
      expect.objectContaining({
        file: 'logo.png',
        rule: 'context-file-binary',
        line: 3,
      }),
    ]);
  });

  it('stops after 4 hops', async () => {
    const tree = await resolveContextTree(
      'CLAUDE.md',
      reader({
        'CLAUDE.md': '@1.md',
        '1.md': '@2.md',
        '2.md': '@3.md',
        '3.md': '@4.md',
        '4.md': 'x\n@5.md',
        '5.md': 'never read',
      }),
    );
    expect(tree.files.map(f => f.path)).toEqual([
      'CLAUDE.md',
      '1.md',
      '2.md',
      '3.md',
      '4.md',
    ]);
    expect(rulesAndLines(tree.issues)).toEqual([
      ['context-import-too-deep', 2],
    ]);
    expect(tree.issues[0].file).toBe('4.md');
  });

  it('reports conflicting pins across files, naming both files and lines', async () => {
    const tree = await resolveContextTree(
      ['CLAUDE.md', 'AGENTS.md'],
      reader({
        'CLAUDE.md':
          '<!-- agent-platform: extends: org-base@2.4.0 -->\n@AGENTS.md\n',
        'AGENTS.md':
          '# Agents\n\n<!-- agent-platform: extends: org-base@2.3.0 -->\n',
      }),
    );
    expect(rulesAndLines(tree.issues)).toEqual([['pin-conflict', 3]]);
    expect(tree.issues[0].file).toBe('AGENTS.md');
    expect(tree.issues[0].message).toContain('AGENTS.md:3');
    expect(tree.issues[0].message).toContain('CLAUDE.md:1');
    expect(tree.pin?.file).toBe('CLAUDE.md');
  });

  it('accepts the same pin in two files and reads a diamond once', async () => {
    const read = reader({
      'CLAUDE.md':
        '<!-- agent-platform: extends: org-base@2.4.0 -->\n@a.md @b.md',
      'a.md': '@shared.md',
      'b.md': '@shared.md',
      'shared.md': '<!-- agent-platform: extends: org-base@2.4.0 -->',
    });
    const tree = await resolveContextTree('CLAUDE.md', read);
    expect(tree.issues).toEqual([]);
    expect(read.calls.filter(c => c === 'shared.md')).toHaveLength(1);
    expect(tree.pins).toHaveLength(2);
  });

  it('turns a failing reader into an issue', async () => {
    const tree = await resolveContextTree('CLAUDE.md', async path => {
      if (path === 'CLAUDE.md') {
        return '@secret.md';
      }
      throw new Error('permission denied');
    });
    expect(rulesAndLines(tree.issues)).toEqual([['context-read-failed', 1]]);
  });

  it('refuses an entry outside the root', async () => {
    const read = reader({});
    const tree = await resolveContextTree('../other/CLAUDE.md', read);
    expect(rulesAndLines(tree.issues)).toEqual([
      ['context-import-outside-root', undefined],
    ]);
    expect(read.calls).toEqual([]);
  });
});
