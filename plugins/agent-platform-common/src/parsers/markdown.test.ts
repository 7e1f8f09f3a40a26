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

  it('stays fast on pathological input', () => {
    const runs = Array.from({ length: 1200 }, (_, i) => '`'.repeat(i + 1)).join(
      'a',
    );
    const started = Date.now();
    scanMarkdown(
      `${runs}\n${'<!-- '.repeat(100000)}\n${'`a` '.repeat(100000)}`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
