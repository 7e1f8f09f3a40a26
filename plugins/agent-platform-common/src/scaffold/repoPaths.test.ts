import { checkRepoFolderPath } from './repoPaths';

const problem = (value: string) => {
  const r = checkRepoFolderPath(value, 'registryPath');
  return 'problem' in r ? r.problem.message : undefined;
};

describe('checkRepoFolderPath', () => {
  it('normalizes folders inside the repository', () => {
    expect(checkRepoFolderPath('skills', 'f')).toEqual({ path: 'skills' });
    expect(checkRepoFolderPath('./org/skills/', 'f')).toEqual({
      path: 'org/skills',
    });
    expect(checkRepoFolderPath('.', 'f')).toEqual({ path: '' });
  });

  it('refuses dot folders anywhere in the path', () => {
    expect(problem('.github')).toContain('dot folder ".github"');
    expect(problem('.github/workflows')).toContain('".github"');
    expect(problem('skills/.git')).toContain('".git"');
    expect(problem('.claude/skills')).toContain('".claude"');
  });

  it('refuses escapes, absolute paths and control characters', () => {
    expect(problem('../other')).toContain('no ".."');
    expect(problem('skills/../../x')).toContain('no ".."');
    expect(problem('/etc')).toContain('relative');
    expect(problem('C:/x')).toContain('relative');
    expect(problem('a\\b')).toContain('relative');
    expect(problem('skills\nevil')).toContain('control character');
    expect(problem('skills\u0007')).toContain('control character');
    expect(problem('')).toBeDefined();
  });

  it('names the field', () => {
    const r = checkRepoFolderPath('.git', 'targetPath');
    expect('problem' in r && r.problem.field).toBe('targetPath');
  });
});
