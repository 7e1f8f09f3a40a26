import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { parseSkillMd } from '@agent-platform/plugin-agent-platform-common';
import { mockServices } from '@backstage/backend-test-utils';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createSkillPromoteAction } from './skillPromote';
import { createActionHarness } from './__testUtils__/actionHarness';
import { EXAMPLES } from './__testUtils__/exampleCatalog';

const { mockDir, setup, outputs, read, workspaceIsEmpty } = createActionHarness(
  createSkillPromoteAction,
);
const metadataOf = (text: string) =>
  parseSkillMd(text, { file: 'SKILL.md' }).skill?.metadata;

/** Every example skill is a file: folder inside this repository's checkout. */
const exampleSkillPath = (name: string) => `examples/skills/${name}`;

describe('agent-platform:skill:promote', () => {
  it('moves a team skill into the org skills folder of the same repository', async () => {
    const { run } = await setup();
    // A blank name (a form field left empty) keeps the skill's name.
    const ctx = await run({
      skill: 'airesource:default/pci-checklist',
      name: '',
    });
    const original = readFileSync(
      join(EXAMPLES, 'skills/pci-checklist/SKILL.md'),
      'utf8',
    );
    expect(outputs(ctx)).toEqual({
      orgSkill: 'airesource:default/pci-checklist',
      orgPath: 'skills/pci-checklist',
      superseded: 'moved',
      teamPath: exampleSkillPath('pci-checklist'),
      teamRepoUrl: '',
      filesToDelete: [
        'examples/skills/pci-checklist/SKILL.md',
        'examples/skills/pci-checklist/references/pci-dss-scope.md',
      ],
      teamFilesToDelete: [],
      files: [
        'registry/skills/pci-checklist/SKILL.md',
        'registry/skills/pci-checklist/references/pci-dss-scope.md',
      ],
    });
    const promoted = read('registry/skills/pci-checklist/SKILL.md');
    // Only the scope changes, and the provenance is recorded.
    expect(promoted).toBe(
      original
        .replace('  scope: team\n', '  scope: org\n')
        .replace(
          'allowed-tools:',
          '  promoted-from: airesource:default/pci-checklist\nallowed-tools:',
        ),
    );
    expect(metadataOf(promoted)).toEqual({
      version: '2.0.1',
      owner: 'payments',
      scope: 'org',
      lifecycle: 'production',
      'eval-status': 'passing',
      'promoted-from': 'airesource:default/pci-checklist',
    });
    expect(
      read('registry/skills/pci-checklist/references/pci-dss-scope.md'),
    ).toBe(
      readFileSync(
        join(EXAMPLES, 'skills/pci-checklist/references/pci-dss-scope.md'),
        'utf8',
      ),
    );
  });

  it('rewrites in place when the org folder is the team folder', async () => {
    const { run } = await setup();
    const ctx = await run({
      skill: 'dbt-model-review',
      registryPath: 'examples/skills/',
      targetPath: '.',
    });
    expect(outputs(ctx).filesToDelete).toEqual([]);
    expect(outputs(ctx).files).toEqual([
      'examples/skills/dbt-model-review/SKILL.md',
      'examples/skills/dbt-model-review/scripts/check_model_yaml.py',
    ]);
    expect(
      metadataOf(read('examples/skills/dbt-model-review/SKILL.md'))?.scope,
    ).toBe('org');
  });

  it('under a new name, keeps the team copy deprecated with replaced-by', async () => {
    const { run } = await setup();
    const ctx = await run({ skill: 'dbt-model-review', name: 'dbt-review' });
    expect(outputs(ctx)).toEqual(
      expect.objectContaining({
        orgSkill: 'airesource:default/dbt-review',
        orgPath: 'skills/dbt-review',
        superseded: 'deprecated',
        filesToDelete: [],
        files: [
          'registry/skills/dbt-review/SKILL.md',
          'registry/skills/dbt-review/scripts/check_model_yaml.py',
          'registry/examples/skills/dbt-model-review/SKILL.md',
        ],
      }),
    );
    const org = parseSkillMd(read('registry/skills/dbt-review/SKILL.md'), {
      file: 'SKILL.md',
      folderName: 'dbt-review',
    });
    expect(org.issues).toEqual([]);
    expect(org.skill?.name).toBe('dbt-review');
    expect(org.skill?.metadata.scope).toBe('org');
    expect(
      metadataOf(read('registry/examples/skills/dbt-model-review/SKILL.md')),
    ).toEqual({
      version: '1.1.0',
      owner: 'data-eng',
      scope: 'team',
      lifecycle: 'deprecated',
      'eval-status': 'passing',
      deprecated: 'true',
      'replaced-by': 'dbt-review',
    });
  });

  it('opens a second pull request when the team copy lives in another repository', async () => {
    const url =
      'https://github.com/acme-financial/payments-tools/tree/main/agent/skills/pci-checklist/';
    const skillMd = readFileSync(
      join(EXAMPLES, 'skills/pci-checklist/SKILL.md'),
      'utf8',
    );
    const urlReader = mockServices.urlReader.mock();
    urlReader.readTree.mockResolvedValue({
      files: async () => [
        { path: 'SKILL.md', content: async () => Buffer.from(skillMd) },
      ],
      archive: async () => Readable.from([]),
      dir: async () => '',
      etag: 'x',
    } as any);
    const { run } = await setup({
      urlReader,
      entities: all =>
        all.map(e =>
          e.metadata.name === 'pci-checklist'
            ? {
                ...e,
                metadata: {
                  ...e.metadata,
                  annotations: {
                    ...e.metadata.annotations,
                    'backstage.io/source-location': `url:${url}`,
                  },
                },
              }
            : e,
        ),
    });
    const moved = await run({
      skill: 'pci-checklist',
      registryRepoUrl: 'github.com?owner=acme-financial&repo=agent-skills',
    });
    expect(urlReader.readTree).toHaveBeenCalledWith(url);
    expect(outputs(moved)).toEqual(
      expect.objectContaining({
        teamRepoUrl: 'github.com?owner=acme-financial&repo=payments-tools',
        teamPath: 'agent/skills/pci-checklist',
        filesToDelete: [],
        teamFilesToDelete: ['agent/skills/pci-checklist/SKILL.md'],
        files: ['registry/skills/pci-checklist/SKILL.md'],
      }),
    );
    // The team pull request's folder exists even when it only deletes.
    expect(readdirSync(join(mockDir.path, 'team'))).toEqual([]);

    const renamed = await run({
      skill: 'pci-checklist',
      name: 'pci-review',
      registryRepoUrl: 'github.com?owner=Acme-Financial&repo=payments-tools',
    });
    // Same repository (GitHub names are case-insensitive): one pull request.
    expect(outputs(renamed)).toEqual(
      expect.objectContaining({
        teamRepoUrl: '',
        files: [
          'registry/skills/pci-review/SKILL.md',
          'registry/agent/skills/pci-checklist/SKILL.md',
        ],
      }),
    );
  });

  it.each([
    [
      'app-store-release',
      [
        '- app-store-release/SKILL.md: error [promote-eval-not-passing] metadata.eval-status is "pending"; the registry accepts only skills whose evals pass ("passing")',
      ],
    ],
    [
      'k8s-debug',
      [
        '- k8s-debug/SKILL.md:2: error [skill-name-mismatch] The name "kubernetes-debugging" differs from the skill\'s folder "k8s-debug"; they must be equal',
        '- k8s-debug/SKILL.md: error [promote-eval-not-passing] metadata.eval-status is "pending"; the registry accepts only skills whose evals pass ("passing")',
      ],
    ],
    [
      'code-review',
      [
        '- code-review/SKILL.md: error [promote-scope-not-team] The skill\'s scope is "org"; only team skills are promoted',
      ],
    ],
  ])(
    'refuses %s, listing every problem, writing nothing',
    async (skill, lines) => {
      const { run } = await setup();
      const error = await run({ skill }).catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toBe(
        [
          `Cannot promote airesource:default/${skill} to the org registry:`,
          ...lines,
        ].join('\n'),
      );
      expect(workspaceIsEmpty()).toBe(true);
    },
  );

  it('refuses a taken org name and an owner missing from the catalog', async () => {
    const { run } = await setup({
      entities: all =>
        all.filter(e => !(e.kind === 'Group' && e.metadata.name === 'search')),
    });
    const error = await run({
      skill: 'relevance-tuning',
      name: 'code-review',
    }).catch(e => e);
    expect(error.message.split('\n')).toEqual([
      'Cannot promote airesource:default/relevance-tuning to the org registry:',
      '- The org skill name code-review is taken: airesource:default/code-review is already in the catalog',
      "- The skill's owner group:default/search is not in the catalog",
      '- relevance-tuning/SKILL.md: error [promote-eval-not-passing] metadata.eval-status is "none"; the registry accepts only skills whose evals pass ("passing")',
    ]);
    expect(workspaceIsEmpty()).toBe(true);
  });

  it('rejects path traversal and invalid names before reading the catalog', async () => {
    const { run, catalog } = await setup();
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
    const error = await run({
      skill: '../../etc/passwd',
      name: 'Bad Name',
      registryPath: '../outside',
      targetPath: '../../tmp',
      teamTargetPath: '/etc',
    }).catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message.split('\n')).toEqual([
      'Cannot promote the skill:',
      '- The skill "../../etc/passwd" is not a skill name or AiResource ref (e.g. pci-checklist or airesource:default/pci-checklist)',
      '- The org skill name "Bad Name" is invalid: use 1-64 lowercase letters, digits and single "-"',
      '- registryPath: "../outside" must stay inside the repository (no "..")',
      '- targetPath: "../../tmp" must stay inside the repository (no "..")',
      '- teamTargetPath: "/etc" must be a folder inside the repository, relative and with "/" (e.g. skills)',
    ]);
    expect(getEntityByRef).not.toHaveBeenCalled();
    expect(workspaceIsEmpty()).toBe(true);
  });

  it('rejects a skill the catalog does not hold, and entities that are not skills', async () => {
    const { run } = await setup();
    for (const skill of ['no-such-skill', 'payments-agent-config']) {
      const error = await run({ skill }).catch(e => e);
      expect(error.message).toBe(
        `Cannot promote the skill:\n- airesource:default/${skill} is not a skill (AiResource, spec.type skill) in the catalog`,
      );
    }
    expect(workspaceIsEmpty()).toBe(true);
  });

  it.each([
    ['registryPath', '.github/workflows', 'names the dot folder ".github"'],
    ['registryPath', '.git', 'names the dot folder ".git"'],
    ['targetPath', 'registry/.hidden', 'names the dot folder ".hidden"'],
    ['registryPath', 'skills\nevil', 'contains a control character'],
    ['teamTargetPath', 'team\u0000', 'contains a control character'],
  ])('refuses %s %j: %s', async (field, value, why) => {
    const { run } = await setup();
    const error = await run({
      skill: 'pci-checklist',
      [field]: value,
    }).catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toContain(`- ${field}: ${JSON.stringify(value)} ${why}`);
    expect(workspaceIsEmpty()).toBe(true);
  });

  it('refuses, with a 403, whoever the permission policy denies, writing nothing', async () => {
    const { run } = await setup({
      user: 'user:default/elena.sokolova',
      permissions: mockServices.permissions({ result: AuthorizeResult.DENY }),
    });
    const error = await run({ skill: 'dbt-model-review' }).catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toBe(
      'user:default/elena.sokolova may not promote airesource:default/dbt-model-review: only members of the team that owns it (group:default/data-eng) and the platform team may (permission agent-platform.skill.promote)',
    );
    expect(workspaceIsEmpty()).toBe(true);
  });

  it('asks for agent-platform.skill.promote on the skill, with the initiator credentials', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.ALLOW }],
    });
    const { run } = await setup({ permissions });
    await run({ skill: 'pci-checklist' });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'agent-platform.skill.promote',
            resourceType: 'catalog-entity',
          }),
          resourceRef: 'airesource:default/pci-checklist',
        },
      ],
      { credentials: expect.objectContaining({ principal: expect.objectContaining({ userEntityRef: 'user:default/dana.kim' }) }) },
    );
  });
});
