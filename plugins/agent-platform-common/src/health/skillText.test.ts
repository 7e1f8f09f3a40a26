import { MAX_SKILL_TEXT_CHARS, skillTextOf } from './skillText';

const enc = (text: string) => new TextEncoder().encode(text);

describe('skillTextOf', () => {
  it('takes the SKILL.md body without frontmatter, then the other text files by path', () => {
    const files = new Map([
      ['SKILL.md', enc('---\nname: x\ndescription: y\n---\n# X\n\nDo it.\n')],
      ['scripts/run.sh', enc('echo run')],
      ['assets/logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1])],
      ['references/a.md', enc('Reference A')],
    ]);
    expect(skillTextOf(files)).toEqual({
      text: '# X\n\nDo it.\n\nReference A\necho run',
      truncated: false,
    });
  });

  it('skips a binary or missing SKILL.md, and keeps an empty one empty', () => {
    expect(skillTextOf(new Map([['SKILL.md', new Uint8Array([1, 2, 0, 3])]]))).toEqual({ skipped: 'binary' });
    expect(skillTextOf(new Map())).toEqual({ skipped: 'no-skill-md' });
    expect(skillTextOf(new Map([['SKILL.md', enc('')]]))).toEqual({ text: '', truncated: false });
  });

  it('cuts a huge folder at the cap', () => {
    const big = enc(`---\nname: x\n---\n${'word '.repeat(MAX_SKILL_TEXT_CHARS)}`);
    const result = skillTextOf(new Map([['SKILL.md', big], ['b.md', enc('more')]]));
    expect('text' in result && result.text.length).toBe(MAX_SKILL_TEXT_CHARS);
    expect('text' in result && result.truncated).toBe(true);
  });
});
