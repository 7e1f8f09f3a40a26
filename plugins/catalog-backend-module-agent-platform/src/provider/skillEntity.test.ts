import { ANNOTATION_SOURCE_ISSUES } from '@agent-platform/plugin-agent-platform-common';
import { skillEntityFromFile } from './skillEntity';
import { SourceFile } from './sourceFile';

const file = (path: string, text: string | Buffer): SourceFile => {
  const content = typeof text === 'string' ? Buffer.from(text) : text;
  return {
    path,
    locationType: 'url',
    target: `https://github.com/acme/skills/blob/main/${path}`,
    folder: `https://github.com/acme/skills/blob/main/${path.replace(
      /\/SKILL\.md$/,
      '',
    )}`,
    size: content.length,
    content,
  };
};
const options = { defaultOwner: 'group:default/platform' };
const issuesOf = (entity: any) =>
  JSON.parse(entity.metadata.annotations[ANNOTATION_SOURCE_ISSUES] ?? '[]');

describe('skillEntityFromFile', () => {
  it('maps a skill written as Anthropic publishes them', () => {
    // The frontmatter style of github.com/anthropics/skills.
    const { entity, issues } = skillEntityFromFile(
      file(
        'skills/pdf/SKILL.md',
        [
          '---',
          'name: pdf',
          'description: Comprehensive PDF manipulation toolkit for extracting text and tables, creating new PDFs, merging/splitting documents, and handling forms. When Claude needs to fill in a PDF form or programmatically process, generate, or analyze PDF documents at scale.',
          'license: Proprietary. LICENSE.txt has complete terms',
          '---',
          '',
          '# PDF Processing Guide',
          '',
          'Use pypdf for basic operations.',
        ].join('\n'),
      ),
      options,
    );
    expect(entity).toMatchObject({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: {
        name: 'pdf',
        title: 'PDF Processing Guide',
        tags: ['org-skill'],
        annotations: {
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/skills/blob/main/skills/pdf/SKILL.md',
          'backstage.io/source-location':
            'url:https://github.com/acme/skills/blob/main/skills/pdf/',
        },
      },
      spec: {
        type: 'skill',
        lifecycle: 'production',
        owner: 'group:default/platform',
        scope: 'org',
        license: 'Proprietary. LICENSE.txt has complete terms',
      },
    });
    // No owner in metadata: assigned to the default owner, with a warning.
    expect(issues.map(i => i.rule)).toEqual(['skill-owner-missing']);
    expect(issuesOf(entity)[0].severity).toBe('warning');
  });

  it('reads governance from the metadata map', () => {
    const { entity, issues } = skillEntityFromFile(
      file(
        'changelog-writer/SKILL.md',
        [
          '---',
          'name: changelog-writer',
          'description: Appends a CHANGELOG entry.',
          'metadata:',
          "  version: '0.6.3'",
          '  owner: payments',
          "  deprecated: 'true'",
          '  replaced-by: release-notes',
          '  eval-status: failing',
          'allowed-tools: Read Bash(git log:*)',
          '---',
          'Body',
        ].join('\n'),
      ),
      options,
    );
    expect(issues).toEqual([]);
    expect(entity?.spec).toEqual({
      type: 'skill',
      lifecycle: 'deprecated',
      owner: 'group:default/payments',
      scope: 'team',
      version: '0.6.3',
      allowedTools: 'Read Bash(git log:*)',
      evalStatus: 'failing',
      replacedBy: 'airesource:default/release-notes',
    });
    expect(
      entity?.metadata.annotations?.[ANNOTATION_SOURCE_ISSUES],
    ).toBeUndefined();
  });

  it('keeps a skill whose name breaks the spec, with the error on it', () => {
    const { entity } = skillEntityFromFile(
      file(
        'Code_Review/SKILL.md',
        '---\nname: Code_Review\ndescription: Reviews code.\nmetadata:\n  owner: platform\n---\nBody\n',
      ),
      options,
    );
    expect(entity?.metadata.name).toBe('Code_Review');
    const errors = issuesOf(entity).filter((i: any) => i.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({
      file: 'Code_Review/SKILL.md',
      line: 2,
    });
    expect(errors[0].message).toMatch(/name/);
  });

  it.each([
    [
      'a binary file',
      Buffer.from([0x2d, 0x2d, 0x2d, 0x00, 0x01]),
      'file-binary',
    ],
    [
      'an invalid version',
      "---\nname: x\ndescription: d\nmetadata:\n  version: '^1.0'\n  owner: platform\n---\n",
      'skill-version-invalid',
    ],
    [
      'broken frontmatter',
      '---\nname: [x\ndescription: d\n---\n',
      'frontmatter-yaml-syntax',
    ],
  ])('reports %s on the entity', (_case, text, rule) => {
    const { entity, issues } = skillEntityFromFile(
      file('x/SKILL.md', text),
      options,
    );
    expect(entity?.metadata.name).toBe('x');
    expect(issues.some(i => i.severity === 'error')).toBe(true);
    expect(issues.map(i => i.rule)).toContain(rule);
    expect(issuesOf(entity).length).toBe(issues.length);
  });

  it('reports a file over the size limit without reading it', () => {
    const big = file('huge/SKILL.md', Buffer.alloc(0));
    big.size = 5 * 1024 * 1024;
    const { entity, issues } = skillEntityFromFile(big, options);
    expect(entity?.metadata.name).toBe('huge');
    expect(issues).toEqual([
      expect.objectContaining({ rule: 'file-too-large', severity: 'error' }),
    ]);
    expect(issues[0].message).toContain('5242880 bytes');
  });

  it('gives no entity when the folder cannot name one', () => {
    const { entity, issues } = skillEntityFromFile(
      file('---/SKILL.md', '---\nname: x\ndescription: d\n---\n'),
      options,
    );
    expect(entity).toBeUndefined();
    expect(issues[0].rule).toBe('skill-folder-invalid');
  });
});

describe('skillEntityFromFile, faithful to the Agent Skills spec', () => {
  it('keeps a valid 64-character name whole next to the 63-character entity name', () => {
    const name = `${'a'.repeat(30)}-${'b'.repeat(33)}`;
    expect(name).toHaveLength(64);
    const { entity, issues } = skillEntityFromFile(
      file(
        `skills/${name}/SKILL.md`,
        `---\nname: ${name}\ndescription: Long.\n---\nDo it.\n`,
      ),
      options,
    );
    expect(issues.filter(i => i.severity === 'error')).toEqual([]);
    expect(entity!.metadata.name).toBe(name.slice(0, 63));
    expect(entity!.metadata.annotations!['agent-platform.io/skill-name']).toBe(
      name,
    );
  });

  it('keeps allowed-tools written as a list, with a warning', () => {
    const { entity, issues } = skillEntityFromFile(
      file(
        'skills/lint/SKILL.md',
        '---\nname: lint\ndescription: Lints.\nallowed-tools:\n  - Read\n  - Bash(npm run lint *)\n---\nRun it.\n',
      ),
      options,
    );
    expect(entity!.spec!.allowedTools).toBe('Read Bash(npm run lint *)');
    expect(issues.map(i => [i.rule, i.severity])).toEqual([
      ['skill-allowed-tools-list', 'warning'],
      ['skill-owner-missing', 'warning'],
    ]);
  });

  it('never takes the title from a heading inside a code block', () => {
    const { entity } = skillEntityFromFile(
      file(
        'skills/shell/SKILL.md',
        '---\nname: shell\ndescription: Shell.\n---\n```bash\n# not a title\nls\n```\n\n# Shell helper\n',
      ),
      options,
    );
    expect(entity!.metadata.title).toBe('Shell helper');
    const { entity: untitled } = skillEntityFromFile(
      file(
        'skills/code/SKILL.md',
        '---\nname: code\ndescription: Code.\n---\n~~~\n# comment\n~~~\n',
      ),
      options,
    );
    expect(untitled!.metadata.title).toBeUndefined();
  });
});
