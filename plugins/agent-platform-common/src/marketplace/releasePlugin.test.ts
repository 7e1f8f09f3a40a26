import {
  buildReleaseMarketplace,
  buildReleasePlugin,
  ReleasePluginError,
  ReleasePluginInput,
} from './releasePlugin';

const skill = (name: string, extra: Record<string, string> = {}) => ({
  name,
  files: new Map<string, string>([
    ['SKILL.md', `---\nname: ${name}\ndescription: Does ${name}.\n---\nBody\n`],
    ...Object.entries(extra),
  ]),
});

const input: ReleasePluginInput = {
  base: 'org-base',
  description: 'The Acme org base.\n',
  version: '2.4.0',
  author: { name: 'Platform team' },
  skills: [
    skill('code-review', { 'references/checklist.md': '# Checklist\n' }),
    skill('commit-message'),
  ],
  subagents: [
    {
      name: 'security-reviewer',
      content: '---\nname: security-reviewer\ndescription: x\n---\nReview.\n',
    },
  ],
  hooks: {
    PreToolUse: [
      { matcher: 'Bash', hooks: [{ type: 'command', command: 'echo hi' }] },
    ],
  },
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ReleasePluginError);
    return (e as ReleasePluginError).problems;
  }
  throw new Error('expected a ReleasePluginError');
}

describe('buildReleasePlugin', () => {
  it('lays out one plugin named after the base, versioned as the release', () => {
    const plugin = buildReleasePlugin(input);
    expect(plugin.manifest).toEqual({
      name: 'org-base',
      version: '2.4.0',
      description:
        'The Acme org base (org-base 2.4.0: 2 skills, 1 subagent, its hooks).',
      author: { name: 'Platform team' },
    });
    expect([...plugin.files.keys()]).toEqual([
      '.claude-plugin/plugin.json',
      'agents/security-reviewer.md',
      'hooks/hooks.json',
      'skills/code-review/SKILL.md',
      'skills/code-review/references/checklist.md',
      'skills/commit-message/SKILL.md',
    ]);
    expect(
      JSON.parse(plugin.files.get('.claude-plugin/plugin.json') as string),
    ).toEqual(plugin.manifest);
    expect(JSON.parse(plugin.files.get('hooks/hooks.json') as string)).toEqual({
      hooks: input.hooks,
    });
  });

  it('writes no hooks file for a release without hooks', () => {
    const plugin = buildReleasePlugin({ ...input, hooks: {}, subagents: [] });
    expect(plugin.files.has('hooks/hooks.json')).toBe(false);
    expect(plugin.manifest.description).toBe(
      'The Acme org base (org-base 2.4.0: 2 skills).',
    );
  });

  it('names every problem: bad names, missing SKILL.md, escaping paths, duplicates', () => {
    const problems = problemsOf(() =>
      buildReleasePlugin({
        ...input,
        version: 'v2.4',
        skills: [
          skill('Code_Review'),
          { name: 'no-skill-md', files: new Map([['README.md', 'x']]) },
          skill('escapes', { '../../etc/passwd': 'x' }),
          skill('commit-message'),
          skill('commit-message'),
          skill('a'.repeat(65)),
        ],
        subagents: [{ name: 'Bad Agent', content: 'x' }],
      }),
    );
    expect(problems).toEqual([
      'version "v2.4" is not an exact semver version',
      'skill "Code_Review": the name must be 1-64 lowercase letters, digits and single "-" (Agent Skills name rule)',
      'skill "no-skill-md": no SKILL.md among its files',
      'skill "escapes": file path "../../etc/passwd" leaves the skill folder',
      'skill "commit-message" is listed twice',
      `skill "${'a'.repeat(
        65,
      )}": the name must be 1-64 lowercase letters, digits and single "-" (Agent Skills name rule)`,
      'subagent "Bad Agent": the name must be 1-64 lowercase letters, digits and single "-"',
    ]);
  });

  it('says which release it is in the message', () => {
    expect(() =>
      buildReleasePlugin({ ...input, skills: [skill('x--y')] }),
    ).toThrow(
      'org-base@2.4.0 cannot be published as a Claude Code plugin: skill "x--y": the name must be',
    );
  });

  it('keeps a 64-character skill name whole', () => {
    const name = `a${'-b'.repeat(31)}c`;
    expect(name).toHaveLength(64);
    const plugin = buildReleasePlugin({ ...input, skills: [skill(name)] });
    expect(plugin.files.has(`skills/${name}/SKILL.md`)).toBe(true);
  });
});

describe('buildReleaseMarketplace', () => {
  it('lists the release plugin with an archive source and its digest', () => {
    const plugin = buildReleasePlugin(input);
    expect(
      buildReleaseMarketplace({
        name: 'org-base',
        owner: { name: 'Platform team', email: 'platform@acme.example' },
        plugin: plugin.manifest,
        archive: {
          url: 'https://portal.example/x.zip',
          sha256: 'ab'.repeat(32),
        },
      }),
    ).toEqual({
      name: 'org-base',
      owner: { name: 'Platform team', email: 'platform@acme.example' },
      plugins: [
        {
          name: 'org-base',
          version: '2.4.0',
          description: plugin.manifest.description,
          source: {
            source: 'archive',
            url: 'https://portal.example/x.zip',
            sha256: 'ab'.repeat(32),
          },
        },
      ],
    });
  });

  it('refuses a marketplace name Claude Code would not take', () => {
    expect(
      problemsOf(() =>
        buildReleaseMarketplace({
          name: 'Org Base',
          owner: { name: 'x' },
          plugin: buildReleasePlugin(input).manifest,
          archive: { url: 'https://x/y.zip', sha256: 'ab'.repeat(32) },
        }),
      ),
    ).toEqual([
      'marketplace name "Org Base" must be lowercase letters, digits and single "-"',
    ]);
  });
});
