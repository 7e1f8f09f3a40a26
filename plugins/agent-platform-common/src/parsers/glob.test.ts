import fc from 'fast-check';
import {
  GlobPattern,
  globCovers,
  globMatches,
  globsOverlap,
  tokenizeGlob,
} from './glob';

const g = (text: string) => tokenizeGlob(text);
const p = (text: string) => tokenizeGlob(text, { paths: true });

describe('glob', () => {
  it('tokenizes stars', () => {
    expect(p('a/**/*.ts')).toEqual([
      { kind: 'literal', char: 'a' },
      { kind: 'literal', char: '/' },
      { kind: 'star', crossesSlash: true },
      { kind: 'literal', char: '/' },
      { kind: 'star', crossesSlash: false },
      { kind: 'literal', char: '.' },
      { kind: 'literal', char: 't' },
      { kind: 'literal', char: 's' },
    ]);
    expect(g('a**')).toEqual([
      { kind: 'literal', char: 'a' },
      { kind: 'star', crossesSlash: true },
    ]);
  });

  it('matches', () => {
    expect(globMatches(g('curl *'), 'curl https://x')).toBe(true);
    expect(globMatches(p('src/*'), 'src/a/b')).toBe(false);
    expect(globMatches(p('src/**'), 'src/a/b')).toBe(true);
  });

  it('decides overlap', () => {
    expect(globsOverlap(g('curl *'), g('* evil.com'))).toBe(true);
    expect(globsOverlap(g('curl *'), g('wget *'))).toBe(false);
    expect(globsOverlap(p('*.env'), p('a/.env'))).toBe(false);
    expect(globsOverlap(p('**.env'), p('a/.env'))).toBe(true);
  });

  it('decides coverage', () => {
    expect(globCovers(g('*'), g('curl *'))).toBe(true);
    expect(globCovers(g('curl *'), g('curl https://x'))).toBe(true);
    expect(globCovers(g('curl https://x'), g('curl *'))).toBe(false);
    expect(globCovers(p('secrets/*'), p('secrets/**'))).toBe(false);
    expect(globCovers(p('secrets/**'), p('secrets/*'))).toBe(true);
  });

  // Small alphabets so that random patterns and strings meet often.
  const patternText = fc
    .array(fc.constantFrom('a', 'b', '/', '*', '**'), { maxLength: 6 })
    .map(parts => parts.join(''));
  const text = fc
    .array(fc.constantFrom('a', 'b', '/'), { maxLength: 7 })
    .map(parts => parts.join(''));

  it('property: a string matching both patterns means they overlap', () => {
    fc.assert(
      fc.property(patternText, patternText, text, (x, y, s) => {
        const [a, b]: GlobPattern[] = [p(x), p(y)];
        const both = globMatches(a, s) && globMatches(b, s);
        expect(!both || globsOverlap(a, b)).toBe(true);
      }),
    );
  });

  it('property: coverage is sound (every string of the covered glob matches)', () => {
    fc.assert(
      fc.property(patternText, patternText, text, (x, y, s) => {
        const [a, b] = [p(x), p(y)];
        const premise = globCovers(a, b) && globMatches(b, s);
        expect(!premise || globMatches(a, s)).toBe(true);
      }),
    );
  });
});
