import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import request from 'supertest';
import { catalogModuleAgentPlatform } from '../module';

// Subagents and rules through the real catalog: the registry folders and a
// Component's repository, with malformed files among them. Every good file
// becomes an entity with its relations; a broken one becomes an entity that
// says what is wrong (or, when it has no usable name, a log line), and the
// catalog keeps processing everything else.

jest.setTimeout(120_000);

const SUBAGENTS = {
  'security-reviewer.md':
    "---\nname: security-reviewer\ndescription: Reviews changes for security problems.\ntools: Read, Grep, Bash(git diff *)\nmodel: opus\nskills: [code-review]\nmetadata:\n  owner: platform\n  version: '1.1.0'\n---\nYou review one change.\n",
  'no-frontmatter.md': 'You are a helper without frontmatter.\n',
  'bad-yaml.md': '---\nname: [unclosed\n---\nx\n',
  'README.md': '# Not a subagent\n',
};

const RULES = {
  'api-errors.md':
    "---\npaths:\n  - 'src/api/**/*.ts'\nmetadata:\n  category: architecture\n  owner: payments\n---\n# API errors\n\nAnswer errors as Problem JSON.\n",
  'bad-paths.md': '---\npaths: [42]\n---\nx\n',
};

const REPO = {
  'catalog-info.yaml':
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments-api\nspec:\n  type: service\n  lifecycle: production\n  owner: payments\n',
  'CLAUDE.md': '# Payments API\n',
  '.mcp.json': JSON.stringify({
    mcpServers: { sentry: { type: 'http', url: 'https://mcp.sentry.dev/mcp' } },
  }),
  '.claude': {
    agents: {
      'ledger-checker.md':
        '---\nname: ledger-checker\ndescription: Checks ledger postings.\ntools: Read, Bash(psql *)\n---\nCheck the ledger.\n',
    },
    rules: {
      'migrations.md':
        "---\npaths:\n  - 'db/migrations/**'\n---\n# Migrations\n\nNever edit applied migrations.\n",
    },
  },
};

const SENTRY = {
  'server.json': JSON.stringify({
    name: 'io.github.getsentry/sentry-mcp',
    title: 'Sentry',
    description: 'Sentry issues and events.',
    version: '0.42.0',
    remotes: [{ type: 'streamable-http', url: 'https://mcp.sentry.dev/mcp' }],
  }),
  'agent-platform.yaml':
    'owner: group:default/platform\nlifecycle: production\nallowlist:\n  status: approved\n  reviewer: user:default/marcus.webb\n  reviewedAt: 2026-03-02\ntools:\n  - name: search_issues\n    access: read\n',
};

describe('subagents and rules in the real catalog', () => {
  const dir = createMockDirectory();
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    dir.setContent({
      subagents: SUBAGENTS,
      rules: RULES,
      repo: REPO,
      'mcp-servers': { sentry: SENTRY },
    });
    const every = {
      frequency: { seconds: 1 },
      timeout: { minutes: 1 },
      initialDelay: { seconds: 0 },
    };
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleAiModel,
        catalogModuleAgentPlatform,
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [
                { allow: ['Component', 'AiResource', 'API', 'Location'] },
              ],
              locations: [
                { type: 'file', target: dir.resolve('repo/catalog-info.yaml') },
              ],
              providers: {
                agentPlatform: {
                  subagents: [dir.resolve('subagents')],
                  rules: [dir.resolve('rules')],
                  mcpServers: [dir.resolve('mcp-servers')],
                  schedule: every,
                  repos: { schedule: every },
                },
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const get = (path: string) =>
    request(backend.server)
      .get(`/api/catalog${path}`)
      .set('Authorization', mockCredentials.user.header());

  async function entity(
    name: string,
    wanted: (e: any) => boolean = () => true,
  ) {
    for (let attempt = 0; attempt < 200; attempt++) {
      const res = await get(`/entities/by-name/airesource/default/${name}`);
      if (res.status === 200 && wanted(res.body)) return res.body;
      await new Promise(r => setTimeout(r, 250));
    }
    throw new Error(`airesource:default/${name} never showed up as expected`);
  }

  it('catalogs a registry subagent on the AI model with owner, version, scope and relations', async () => {
    const reviewer = await entity('security-reviewer', e =>
      e.relations?.some((r: any) => r.type === 'usesSkill'),
    );
    expect(reviewer.spec).toEqual({
      type: 'subagent',
      lifecycle: 'production',
      owner: 'group:default/platform',
      scope: 'org',
      version: '1.1.0',
      tools: ['Read', 'Grep', 'Bash(git diff *)'],
      model: 'opus',
      skills: ['airesource:default/code-review'],
    });
    expect(reviewer.metadata.annotations['agent-platform.io/source-file']).toBe(
      `file:${dir.resolve('subagents/security-reviewer.md')}`,
    );
    expect(
      reviewer.relations.map((r: any) => [r.type, r.targetRef]).sort(),
    ).toEqual([
      ['ownedBy', 'group:default/platform'],
      ['usesSkill', 'airesource:default/code-review'],
    ]);
  });

  it('catalogs a registry rule on upstream rule type, with its paths', async () => {
    const rule = await entity('api-errors');
    expect(rule.metadata.title).toBe('API errors');
    expect(rule.spec).toEqual({
      type: 'rule',
      lifecycle: 'production',
      owner: 'group:default/payments',
      scope: 'team',
      category: 'architecture',
      rationale: 'Answer errors as Problem JSON.',
      paths: ['src/api/**/*.ts'],
    });
  });

  it("catalogs a repository's subagents and rules, scoped to its Component", async () => {
    const checker = await entity('payments-api-ledger-checker', e =>
      e.relations?.some((r: any) => r.type === 'definedIn'),
    );
    expect(checker.spec).toMatchObject({
      type: 'subagent',
      owner: 'group:default/payments',
      scope: 'repo',
      component: 'component:default/payments-api',
      tools: ['Read', 'Bash(psql *)'],
    });
    expect(checker.relations).toContainEqual({
      type: 'definedIn',
      targetRef: 'component:default/payments-api',
    });
    const component = await get(
      '/entities/by-name/component/default/payments-api',
    );
    expect(component.body.relations).toEqual(
      expect.arrayContaining([
        {
          type: 'defines',
          targetRef: 'airesource:default/payments-api-ledger-checker',
        },
        {
          type: 'defines',
          targetRef: 'airesource:default/payments-api-migrations',
        },
      ]),
    );
    const migrations = await entity('payments-api-migrations');
    expect(migrations.spec.paths).toEqual(['db/migrations/**']);
  });

  it("lists a repository's Component as a consumer of the MCP servers its agent files configure", async () => {
    let sentry: any;
    for (let attempt = 0; attempt < 200; attempt++) {
      const res = await get('/entities/by-name/api/default/sentry');
      if (
        res.status === 200 &&
        res.body.relations?.some((r: any) => r.type === 'apiConsumedBy')
      ) {
        sentry = res.body;
        break;
      }
      await new Promise(r => setTimeout(r, 250));
    }
    expect(sentry?.relations).toContainEqual({
      type: 'apiConsumedBy',
      targetRef: 'component:default/payments-api',
    });
    const component = await get(
      '/entities/by-name/component/default/payments-api',
    );
    expect(component.body.relations).toContainEqual({
      type: 'consumesApi',
      targetRef: 'api:default/sentry',
    });
  });

  it('keeps malformed files visible on their entities with file, line and rule, and never stalls', async () => {
    const noFrontmatter = await entity('no-frontmatter');
    const issues = JSON.parse(
      noFrontmatter.metadata.annotations['agent-platform.io/source-issues'],
    );
    expect(issues[0]).toMatchObject({
      file: 'no-frontmatter.md',
      line: 1,
      rule: 'subagent-frontmatter-missing',
      severity: 'error',
    });
    expect(noFrontmatter.spec.lifecycle).toBe('experimental');

    const badYaml = await entity('bad-yaml');
    expect(
      badYaml.metadata.annotations['agent-platform.io/source-issues'],
    ).toMatch(/frontmatter-yaml/);
    const badPaths = await entity('bad-paths');
    expect(
      JSON.parse(
        badPaths.metadata.annotations['agent-platform.io/source-issues'],
      )[0],
    ).toMatchObject({
      file: 'bad-paths.md',
      line: 2,
      rule: 'rule-paths-invalid',
    });
    // The README is documentation, not a subagent.
    expect(
      (await get('/entities/by-name/airesource/default/README')).status,
    ).toBe(404);

    // The errors reach the catalog as processing errors on the stored entity.
    let errors: any[] = [];
    for (let attempt = 0; attempt < 200 && errors.length === 0; attempt++) {
      const res = await request(backend.server)
        .post('/api/catalog/entities/by-refs')
        .set('Authorization', mockCredentials.user.header())
        .send({ entityRefs: ['airesource:default/no-frontmatter'] });
      const status = res.body.items?.[0]?.status?.items ?? [];
      errors = status.filter((s: any) => s.level === 'error');
      if (errors.length === 0) await new Promise(r => setTimeout(r, 250));
    }
    expect(errors[0]?.error.message).toContain('subagent-frontmatter-missing');
  });
});
