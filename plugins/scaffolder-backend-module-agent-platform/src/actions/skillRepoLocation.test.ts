import { createMockDirectory } from '@backstage/backend-test-utils';
import { locateSkillInRepo, sameRepo } from './skillRepoLocation';

describe('locateSkillInRepo', () => {
  const mockDir = createMockDirectory();

  it('reads the repository and folder from a tree URL', async () => {
    expect(
      await locateSkillInRepo(
        'url:https://github.com/acme/payments-tools/tree/main/agent/skills/pci%20checklist/',
      ),
    ).toEqual({
      repoUrl: 'github.com?owner=acme&repo=payments-tools',
      path: 'agent/skills/pci checklist',
    });
  });

  it('finds a file: folder inside its git checkout', async () => {
    mockDir.setContent({
      '.git/HEAD': 'ref: refs/heads/main',
      'skills/team-skill/SKILL.md': '---\nname: team-skill\n---\n',
    });
    expect(
      await locateSkillInRepo(`file:${mockDir.resolve('skills/team-skill')}/`),
    ).toEqual({ path: 'skills/team-skill' });
  });

  it('says why when the repository cannot be found', async () => {
    mockDir.setContent({ 'skills/x/SKILL.md': '' });
    expect(
      await locateSkillInRepo(`file:${mockDir.resolve('skills/x')}`),
    ).toEqual({
      problem: `The folder ${mockDir.resolve(
        'skills/x',
      )} is not inside a git repository, so the pull request cannot name its path`,
    });
    expect(
      await locateSkillInRepo('url:https://example.com/skills.zip'),
    ).toEqual({
      problem:
        'The source location url:https://example.com/skills.zip is not a repository tree URL (https://<host>/<owner>/<repo>/tree/<branch>/<path>)',
    });
    expect(await locateSkillInRepo(undefined)).toEqual({
      problem:
        'The skill has no backstage.io/source-location (url: or file:), so its repository is unknown',
    });
  });
});

describe('sameRepo', () => {
  it('compares host, owner and repository, ignoring case', () => {
    expect(
      sameRepo(
        'github.com?owner=Acme&repo=Skills',
        'github.com?repo=skills&owner=acme',
      ),
    ).toBe(true);
    expect(
      sameRepo(
        'github.com?owner=acme&repo=skills',
        'github.com?owner=acme&repo=other',
      ),
    ).toBe(false);
    expect(sameRepo(undefined, undefined)).toBe(false);
    expect(sameRepo('github.com', 'github.com')).toBe(false);
  });
});
