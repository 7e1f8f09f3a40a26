import {
  createLineLocator,
  exceedsByteSize,
  findBinaryContent,
  normalizeText,
  quote,
  redact,
  utf8ByteLength,
} from './text';

describe('text', () => {
  it('drops the BOM and normalizes CRLF and CR without moving lines', () => {
    expect(normalizeText('\uFEFFa\r\nb\rc\n')).toBe('a\nb\nc\n');
  });

  it('maps offsets to 1-based lines', () => {
    const lineOf = createLineLocator('ab\ncd\n\nef');
    expect([0, 2, 3, 5, 6, 7, 9].map(lineOf)).toEqual([1, 1, 2, 2, 3, 4, 4]);
  });

  it('counts UTF-8 bytes and checks a size cap cheaply', () => {
    expect(utf8ByteLength('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(exceedsByteSize('a'.repeat(11), 10)).toBe(true);
    expect(exceedsByteSize('€€€', 8)).toBe(true);
    expect(exceedsByteSize('€€', 8)).toBe(false);
  });

  it('finds NUL bytes with their line', () => {
    expect(findBinaryContent('plain\ntext')).toBeUndefined();
    expect(findBinaryContent('a\r\nb\nc\u0000d')).toBe(3);
  });

  it('redacts and quotes values for messages', () => {
    expect(redact('sk-abcdef')).toBe('sk-a…');
    expect(redact('abc')).toBe('***');
    expect(quote('x'.repeat(70), 5)).toBe('"xxxxx…"');
  });
});
