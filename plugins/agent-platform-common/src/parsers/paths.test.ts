import {
  escapesRoot,
  joinPosixPath,
  normalizePosixPath,
  posixBasename,
  posixDirname,
  relativeToRoot,
} from './paths';

describe('paths', () => {
  it('normalizes POSIX paths', () => {
    expect(normalizePosixPath('./a//b/../c/')).toBe('a/c');
    expect(normalizePosixPath('../../etc/passwd')).toBe('../../etc/passwd');
    expect(normalizePosixPath('/a/../../b')).toBe('/b');
    expect(normalizePosixPath('')).toBe('.');
  });

  it('joins, splits and relativizes', () => {
    expect(joinPosixPath('docs', '../AGENTS.md')).toBe('AGENTS.md');
    expect(joinPosixPath('docs', '/abs/x')).toBe('/abs/x');
    expect(posixDirname('a/b/c.md')).toBe('a/b');
    expect(posixDirname('c.md')).toBe('.');
    expect(posixBasename('a/b/AGENTS.md')).toBe('AGENTS.md');
    expect(relativeToRoot('/repo/docs/x.md', '/repo')).toBe('docs/x.md');
    expect(relativeToRoot('/repository/x.md', '/repo')).toBeUndefined();
  });

  it('detects paths escaping the root', () => {
    expect(escapesRoot('docs/../../etc/passwd')).toBe(true);
    expect(escapesRoot('..')).toBe(true);
    expect(escapesRoot('docs/../AGENTS.md')).toBe(false);
  });
});
