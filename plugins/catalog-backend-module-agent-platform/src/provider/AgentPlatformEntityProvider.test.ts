import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { AgentPlatformEntityProvider } from './AgentPlatformEntityProvider';

const release = (version: string, frontmatter: string, notes: string) => ({
  'RELEASE.md': `---\n${frontmatter}---\n\n${notes}\n`,
  'CLAUDE.md': `# Acme conventions (${version})\n\n- Run the tests before you finish.\n`,
  '.claude': {
    'settings.json': JSON.stringify({
      permissions: {
        defaultMode: 'default',
        allow: ['Bash(npm run test *)'],
        deny: ['Read(./.env)'],
      },
    }),
  },
  '.mcp.json': JSON.stringify({
    mcpServers: {
      github: { type: 'http', url: 'https://api.githubcopilot.com/mcp/' },
    },
  }),
});

describe('AgentPlatformEntityProvider', () => {
  const mockDir = createMockDirectory();

  function setup(skills: string[] = []) {
    const connection = {
      applyMutation: jest.fn(),
      refresh: jest.fn(),
    } as unknown as jest.Mocked<EntityProviderConnection>;
    const logger = mockServices.logger.mock();
    logger.child.mockReturnValue(logger);
    const provider = new AgentPlatformEntityProvider({
      skills,
      mcpServers: [],
      bases: [mockDir.resolve('bases')],
      defaultOwner: 'group:default/platform',
      logger,
      urlReader: mockServices.urlReader.mock(),
    });
    return { provider, connection, logger };
  }

  it('logs each problem with its file, line and rule, errors at error level', async () => {
    mockDir.addContent({
      skills: {
        'bad-skill': {
          'SKILL.md':
            '---\nname: Bad_Skill\ndescription: x\nmodel: opus\n---\nDo.\n',
        },
      },
    });
    const { provider, connection, logger } = setup([mockDir.resolve('skills')]);
    await provider.connect(connection);
    await provider.refresh();
    const skills = mockDir.resolve('skills');
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(
        new RegExp(
          `^${skills}: bad-skill/SKILL.md:2: error \\[skill-name-invalid\\] `,
        ),
      ),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'bad-skill/SKILL.md:4: warning [skill-field-claude-code-only] ',
      ),
    );
  });

  beforeEach(() => {
    mockDir.setContent({
      bases: {
        'org-base': {
          'agent-base.yaml': 'name: org-base\nowner: platform\n',
          // The base repository's own CLAUDE.md is not a release.
          'CLAUDE.md': '# Working on the org base\n',
          releases: {
            '2.0.0': release(
              '2.0.0',
              'date: 2026-03-10\nskills: [code-review]\n',
              'First release.',
            ),
            '1.0.0': release(
              '1.0.0',
              'date: 2026-01-20\ndeprecated: true\n',
              'Old.',
            ),
          },
        },
      },
    });
  });

  it('discovers an org base from its folder', async () => {
    const { provider, connection } = setup();
    await provider.connect(connection);
    await provider.refresh();

    const [{ entities }] = connection.applyMutation.mock.calls[0] as any;
    // The base, its marketplace and the plugin of each release.
    expect(entities.map((e: any) => e.entity.metadata.name)).toEqual([
      'org-base',
      'org-base-marketplace',
      'org-base-plugin-1.0.0',
      'org-base-plugin-2.0.0',
    ]);
    const { entity, locationKey } = entities[0];
    const manifest = mockDir.resolve('bases/org-base/agent-base.yaml');
    expect(locationKey).toBe(`agent-platform:file:${manifest}`);
    expect(entity).toMatchObject({
      kind: 'AiResource',
      metadata: {
        name: 'org-base',
        annotations: {
          'backstage.io/managed-by-location': `file:${manifest}`,
        },
      },
      spec: {
        type: 'agent-config',
        level: 'base',
        owner: 'group:default/platform',
        releases: [
          {
            version: '2.0.0',
            date: '2026-03-10',
            notes: 'First release.',
            deprecated: false,
            config: {
              skills: ['airesource:default/code-review'],
              mcpServers: ['api:default/github'],
              permissions: {
                defaultMode: 'default',
                allow: ['Bash(npm run test *)'],
                ask: [],
                deny: ['Read(./.env)'],
              },
            },
          },
          { version: '1.0.0', deprecated: true },
        ],
      },
    });
    expect(
      entity.metadata.annotations['agent-platform.io/source-issues'],
    ).toBeUndefined();
    // The plugin of a release comes from the same agent-base.yaml.
    expect(entities[3].locationKey).toBe(`agent-platform:file:${manifest}`);
    expect(entities[3].entity.spec).toEqual({
      type: 'plugin',
      lifecycle: 'production',
      owner: 'group:default/platform',
      skills: ['airesource:default/code-review'],
      version: '2.0.0',
      base: 'airesource:default/org-base',
    });
  });

  it('keeps the base of the last good read when its folder cannot be read', async () => {
    const { provider, connection } = setup();
    await provider.connect(connection);
    await provider.refresh();
    mockDir.setContent({});
    await provider.refresh();

    const [{ entities }] = connection.applyMutation.mock.calls[1] as any;
    expect(entities.map((e: any) => e.entity.metadata.name)).toEqual([
      'org-base',
      'org-base-marketplace',
      'org-base-plugin-1.0.0',
      'org-base-plugin-2.0.0',
    ]);
  });

  it('says in the log which configured folder found nothing', async () => {
    const logger = mockServices.logger.mock();
    logger.child.mockReturnValue(logger);
    const provider = new AgentPlatformEntityProvider({
      skills: [mockDir.resolve('bases')],
      mcpServers: [],
      bases: [mockDir.resolve('bases')],
      defaultOwner: 'group:default/platform',
      logger,
      urlReader: mockServices.urlReader.mock(),
    });
    const connection = {
      applyMutation: jest.fn(),
      refresh: jest.fn(),
    } as unknown as jest.Mocked<EntityProviderConnection>;
    await provider.connect(connection);
    await provider.refresh();

    expect(logger.warn).toHaveBeenCalledWith(
      `${mockDir.resolve(
        'bases',
      )}: found no skills (<name>/SKILL.md); check catalog.providers.agentPlatform.skills`,
    );
    expect(logger.warn).not.toHaveBeenCalledWith(
      expect.stringContaining('found no org bases'),
    );
  });

  it('warns when the provider is configured without any folder', () => {
    const logger = mockServices.logger.mock();
    AgentPlatformEntityProvider.fromConfig(
      mockServices.rootConfig({
        data: { catalog: { providers: { agentPlatform: { skills: [] } } } },
      }),
      {
        logger,
        scheduler: mockServices.scheduler.mock(),
        urlReader: mockServices.urlReader.mock(),
      },
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'lists no skills, mcpServers, bases, subagents or rules folders',
      ),
    );
  });
});
