import { scanMarkdown } from './markdown';

describe('scanMarkdown', () => {
  it('blanks fenced code, code spans and comments but keeps offsets', () => {
    const text = [
      'Use `@not-an-import` here.',
      '```md',
      '@also-not <!-- agent-platform: extends: a@1.0.0 -->',
      '```',
      '<!-- a comment -->',
      'prose @yes',
    ].join('\n');
    const scan = scanMarkdown(text);
    expect(scan.prose).toHaveLength(text.length);
    expect(scan.prose).not.toContain('@not-an-import');
    expect(scan.prose).not.toContain('@also-not');
    expect(scan.prose).toContain('prose @yes');
    expect(scan.comments).toEqual([
      expect.objectContaining({
        line: 5,
        content: ' a comment ',
        closed: true,
      }),
    ]);
    expect(scan.withoutCode).toContain('<!-- a comment -->');
  });

  it('handles longer backtick runs, tilde fences and unclosed fences', () => {
    const text =
      '`` a ` b `` after\n~~~~\n<!-- x -->\n~~~~\n```\nnever closed <!-- y -->';
    const scan = scanMarkdown(text);
    expect(scan.prose).toMatch(/^ +after\n/);
    expect(scan.comments).toEqual([]);
  });

  it('treats a lone backtick as literal and does not cross paragraphs', () => {
    const scan = scanMarkdown('a ` b\n\n<!-- c --> `');
    expect(scan.comments).toEqual([expect.objectContaining({ line: 3 })]);
  });

  it('reads pathological input right (its speed is measured in bench:markdown)', () => {
    const runs = Array.from({ length: 300 }, (_, i) => '`'.repeat(i + 1)).join(
      'a',
    );
    const text = [runs, `x${'<!-- '.repeat(20000)}`, '`a` '.repeat(20000)].join(
      '\n\n',
    );
    const scan = scanMarkdown(text);
    const lines = scan.prose.split('\n');
    // Booleans, so that a failure does not print megabytes.
    // No run closes another of a different length: the backticks stay prose.
    expect(lines[0] === runs).toBe(true);
    // "<!--" not at a line start and never closed is text, not a comment.
    expect(lines[2] === `x${'<!-- '.repeat(20000)}`).toBe(true);
    // Every one-backtick span is code.
    expect(lines[4].trim().length).toBe(0);
    expect(scan.comments).toEqual([]);
  });
});
