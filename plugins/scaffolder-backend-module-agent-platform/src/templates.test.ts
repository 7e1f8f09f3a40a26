import {
  checkAgentWorkspace,
  parseContextFile,
  parseEntityDocuments,
  parseMcpJson,
  parseSettingsJson,
  parseSkillMd,
  sortAgentPlatformEntities,
} from '@agent-platform/plugin-agent-platform-common';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import agentPlatformPlugin from '@agent-platform/plugin-agent-platform-backend';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import request from 'supertest';
import scaffolderModuleAgentPlatform from './index';

const root = resolve(__dirname, '../../..');
const examples = join(root, 'examples');
const templates = join(root, 'templates');
const TEMPLATE_NAMES = [
  'add-agent-context',
  'promote-skill',
  'service-with-agent-context',
];

/** A template folder as the dry-run API takes it: every file, base64. */
function directoryContents(dir: string) {
  const out: Array<{ path: string; base64Content: string }> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const file = join(d, name);
      if (statSync(file).isDirectory()) walk(file);
      else
        out.push({
          path: relative(dir, file),
          base64Content: readFileSync(file).toString('base64'),
        });
    }
  };
  walk(dir);
  return out;
}

/** The shape Claude Code expects of a project `.mcp.json` (formats.md). */
function expectClaudeCodeMcpJson(text: string) {
  const raw = JSON.parse(text);
  expect(Object.keys(raw)).toEqual(['mcpServers']);
  for (const [name, server] of Object.entries<any>(raw.mcpServers)) {
    expect(name).toMatch(/^[a-z0-9-]+$/);
    expect(['stdio', 'http', 'sse', 'ws']).toContain(server.type);
    if (server.type === 'stdio') {
      expect(typeof server.command).toBe('string');
    } else {
      // Every URL and credential is a ${VAR}; never a literal secret.
      expect(server.url).toMatch(/^\$\{[A-Z0-9_]+(:-[^}]+)?\}/);
      for (const value of Object.values<string>(server.headers ?? {})) {
        expect(value).toMatch(/\$\{[A-Z0-9_]+\}/);
      }
    }
  }
  const parsed = parseMcpJson(text, { file: '.mcp.json' });
  expect(parsed.issues).toEqual([]);
  return parsed;
}

/** The shape Claude Code expects of `.claude/settings.json` (formats.md). */
function expectClaudeCodeSettings(text: string) {
  const raw = JSON.parse(text);
  expect(raw.$schema).toBe(
    'https://json.schemastore.org/claude-code-settings.json',
  );
  expect([
    'default',
    'acceptEdits',
    'plan',
    'auto',
    'dontAsk',
    'bypassPermissions',
  ]).toContain(raw.permissions.defaultMode);
  expect(raw.permissions.defaultMode).not.toBe('bypassPermissions');
  for (const list of ['allow', 'ask', 'deny']) {
    expect(Array.isArray(raw.permissions[list])).toBe(true);
    for (const rule of raw.permissions[list]) {
      expect(rule).toMatch(/^[A-Za-z][\w-]*(\(.+\))?$/);
    }
  }
  const parsed = parseSettingsJson(text, { file: '.claude/settings.json' });
  expect(parsed.issues).toEqual([]);
  return parsed;
}

describe('the templates, through the scaffolder dry-run API on the real catalog', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const auth = mockCredentials.user.header();
  const get = (path: string) =>
    request(backend.server).get(path).set('Authorization', auth);

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleAiModel,
        catalogModuleAgentPlatform,
        catalogModuleScaffolderEntityModel,
        scaffolderPlugin,
        scaffolderModuleGithub,
        scaffolderModuleAgentPlatform,
        // Promotion reads the skills' posted evaluation results from it.
        agentPlatformPlugin,
        // The real scheduler: the mock one skips tasks with an initialDelay.
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            // The snapshot the eval routes read, refreshed often.
            agentPlatform: {
              snapshot: {
                schedule: { frequency: { seconds: 1 }, timeout: { seconds: 30 } },
              },
            },
            // The pull request action builds its client before it sees the dry
            // run; a dry run sends nothing to GitHub.
            integrations: {
              github: [{ host: 'github.com', token: 'dry-run-only' }],
            },
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Domain',
                    'API',
                    'Resource',
                    'Location',
                    'AiResource',
                    'User',
                    'Group',
                    'Template',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: join(examples, 'all.yaml') },
                ...TEMPLATE_NAMES.map(name => ({
                  type: 'file',
                  target: join(templates, name, 'template.yaml'),
                })),
              ],
              providers: {
                agentPlatform: {
                  skills: [join(examples, 'skills')],
                  mcpServers: [join(examples, 'mcp-servers')],
                  bases: [join(examples, 'org-base')],
                  schedule: {
                    frequency: { minutes: 10 },
                    timeout: { minutes: 1 },
                    initialDelay: { seconds: 0 },
                  },
                  repos: { enabled: false },
                },
              },
            },
          },
        }),
      ],
    });

    // Wait until the catalog holds what the actions read, and the templates.
    const wanted = [
      'airesource:default/org-base',
      'airesource:default/payments-agent-config',
      'airesource:default/pci-checklist',
      'airesource:default/dbt-model-review',
      'airesource:default/code-review',
      'api:default/postgres-prod',
      'group:default/payments',
      'group:default/data-eng',
      ...TEMPLATE_NAMES.map(name => `template:default/${name}`),
    ];
    for (let attempt = 0; attempt < 240; attempt++) {
      const res = await get('/api/catalog/entities');
      const refs = new Set(
        (res.body as any[]).map(e =>
          `${e.kind}:default/${e.metadata.name}`.toLocaleLowerCase(),
        ),
      );
      if (wanted.every(r => refs.has(r))) break;
      await new Promise(r => setTimeout(r, 500));
    }

    // The promotable skills' CI posted a passing evaluation of their version
    // (retried until the agent-platform snapshot holds the skills).
    for (const [name, version] of [
      ['pci-checklist', '2.0.1'],
      ['dbt-model-review', '1.1.0'],
    ]) {
      let posted: request.Response | undefined;
      for (let attempt = 0; attempt < 120; attempt++) {
        posted = await request(backend.server)
          .post(`/api/agent-platform/skills/default/${name}/evals`)
          .set(
            'Authorization',
            mockCredentials.service.header({
              onBehalfOf: mockCredentials.service(`skill-eval:default/${name}`),
              targetPluginId: 'agent-platform',
            }),
          )
          .send({
            version,
            outcome: 'passed',
            suite: 'golden-prompts',
            counts: { passed: 5, failed: 0, skipped: 0, total: 5 },
            ranAt: new Date().toISOString(),
            idempotencyKey: `templates-test-${name}`,
          });
        if (posted.status !== 404) break;
        await new Promise(r => setTimeout(r, 500));
      }
      if (posted?.status !== 201) {
        throw new Error(
          `Posting the eval of ${name}: ${posted?.status} ${posted?.text}`,
        );
      }
    }
  }, 180_000);

  afterAll(async () => {
    await backend?.stop();
  });

  /** Runs a template as the catalog holds it, with its folder's files. */
  const dryRun = async (name: string, values: Record<string, unknown>) => {
    const entity = await get(
      `/api/catalog/entities/by-name/template/default/${name}`,
    );
    expect(entity.status).toBe(200);
    const { relations, status, ...template } = entity.body;
    return request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', auth)
      .send({
        template,
        values,
        secrets: {},
        directoryContents: directoryContents(join(templates, name)),
      });
  };

  const filesOf = (body: any): Record<string, string> =>
    Object.fromEntries(
      (body.directoryContents as any[]).map(f => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
  /** The task log's messages, without the logger's colour codes and level. */
  const logOf = (body: any): string[] =>
    (body.log as any[]).map(l =>
      String(l.body?.message ?? '')
        // eslint-disable-next-line no-control-regex
        .replace(/\u001b\[\d+m/g, '')
        .replace(/^(info|warn|error|debug): /, ''),
    );
  const catalogEntities = async () =>
    sortAgentPlatformEntities((await get('/api/catalog/entities')).body);

  it('holds every template of templates/ and nothing but them', async () => {
    expect(readdirSync(templates).sort()).toEqual(TEMPLATE_NAMES);
    const res = await get('/api/catalog/entities?filter=kind=template');
    expect((res.body as any[]).map(e => e.metadata.name).sort()).toEqual(
      TEMPLATE_NAMES,
    );
  });

  it('"Service with agent context" scaffolds a governed service pinned to the latest release', async () => {
    const res = await dryRun('service-with-agent-context', {
      name: 'refunds-api',
      description: 'Refund requests and their ledger entries.',
      owner: 'group:default/payments',
      repoUrl: 'github.com?owner=acme-financial&repo=refunds-api',
    });
    expect(res.status).toBe(200);
    const files = filesOf(res.body);
    expect(Object.keys(files).sort()).toEqual([
      '.claude/settings.json',
      '.claude/skills/pci-checklist/SKILL.md',
      '.claude/skills/pci-checklist/references/pci-dss-scope.md',
      '.github/workflows/agent-context.yml',
      '.mcp.json',
      'AGENTS.md',
      'CLAUDE.md',
      'README.md',
      'catalog-info.yaml',
      'package.json',
      'src/index.test.ts',
      'src/index.ts',
      'tsconfig.json',
    ]);

    // The latest release the catalog holds, read back by the shared parser.
    const claude = parseContextFile(files['CLAUDE.md'], { file: 'CLAUDE.md' });
    expect(claude.pin).toEqual(
      expect.objectContaining({ base: 'org-base', version: '2.4.0', line: 1 }),
    );
    expect(claude.imports.map(i => i.path)).toEqual(['AGENTS.md']);

    // Claude Code formats.
    const mcp = expectClaudeCodeMcpJson(files['.mcp.json']);
    expect(mcp.servers.map(s => s.name)).toEqual([
      'github',
      'jira',
      'sentry',
      'docs-search',
      'postgres-prod',
    ]);
    const settings = expectClaudeCodeSettings(files['.claude/settings.json']);
    expect(settings.settings?.permissions.deny.map(r => r.raw)).toEqual(
      expect.arrayContaining([
        'Read(./.env)',
        'mcp__postgres-prod__execute_sql',
      ]),
    );
    expect(
      parseSkillMd(files['.claude/skills/pci-checklist/SKILL.md'], {
        file: 'SKILL.md',
        folderName: 'pci-checklist',
      }).issues,
    ).toEqual([]);

    // catalog-info links the team config; the CI check is there, untemplated.
    const [component] = parseEntityDocuments(files['catalog-info.yaml'], {
      file: 'catalog-info.yaml',
    }).entities;
    expect(component.metadata.name).toBe('refunds-api');
    expect(component.metadata.annotations).toEqual(
      expect.objectContaining({
        'agent-platform.io/agent-config':
          'airesource:default/payments-agent-config',
      }),
    );
    expect(component.spec?.owner).toBe('group:default/payments');
    expect(files['.github/workflows/agent-context.yml']).toContain(
      '--token "${{ secrets.BACKSTAGE_TOKEN }}"',
    );

    // The validate step passed, and so does the same check here.
    expect(logOf(res.body)).toContainEqual(
      expect.stringMatching(
        /^Agent files pass the check \(.*pin org-base@2\.4\.0\)$/,
      ),
    );
    const sorted = await catalogEntities();
    const report = await checkAgentWorkspace({
      readFile: async path => files[path],
      base: sorted.bases[0],
      team: sorted.teams.find(t => t.metadata.name === 'payments-agent-config'),
      mcpServers: sorted.mcpServers,
      skills: sorted.skills,
      now: new Date(),
      repoName: 'refunds-api',
    });
    expect(report.violations).toEqual([]);
    expect(report.drift?.upToDate).toBe(true);
    expect(report.drift?.releasesBehind).toBe(0);
  }, 60_000);

  it('"Add agent context to an existing repo" prepares the pull request', async () => {
    const res = await dryRun('add-agent-context', {
      repoUrl: 'github.com?owner=acme-financial&repo=search-indexer',
      name: 'search-indexer',
      owner: 'group:default/search',
      layout: 'bridge',
      skills: ['write-adr'],
    });
    expect(res.status).toBe(200);
    const files = filesOf(res.body);
    expect(Object.keys(files).sort()).toEqual([
      '.claude/settings.json',
      '.claude/skills/relevance-tuning/SKILL.md',
      '.claude/skills/relevance-tuning/scripts/ndcg.py',
      '.claude/skills/write-adr/SKILL.md',
      '.claude/skills/write-adr/assets/adr-template.md',
      '.github/workflows/agent-context.yml',
      '.mcp.json',
      'AGENTS.md',
      'CLAUDE.md',
    ]);
    expect(files['CLAUDE.md']).toBe('@AGENTS.md\n');
    expect(
      parseContextFile(files['AGENTS.md'], { file: 'AGENTS.md' }).pin,
    ).toEqual(expect.objectContaining({ base: 'org-base', version: '2.4.0' }));
    expectClaudeCodeMcpJson(files['.mcp.json']);
    expectClaudeCodeSettings(files['.claude/settings.json']);
    expect(files['.github/workflows/agent-context.yml']).toContain(
      '${{ vars.BACKSTAGE_URL }}',
    );

    const log = logOf(res.body);
    expect(log).toContainEqual(
      expect.stringMatching(/^Agent files pass the check/),
    );
    // The pull request step ran as a dry run.
    expect(log).toContain('Performing dry run of creating pull request');

    const sorted = await catalogEntities();
    const report = await checkAgentWorkspace({
      readFile: async path => files[path],
      base: sorted.bases[0],
      team: sorted.teams.find(t => t.metadata.name === 'search-agent-config'),
      mcpServers: sorted.mcpServers,
      skills: sorted.skills,
      now: new Date(),
      repoName: 'search-indexer',
    });
    expect(report.violations).toEqual([]);
    expect(report.drift?.upToDate).toBe(true);
  }, 60_000);

  it('"Promote a team skill" moves pci-checklist to the org skills folder with scope org', async () => {
    const res = await dryRun('promote-skill', {
      skill: 'airesource:default/pci-checklist',
      registryRepoUrl: 'github.com?owner=acme-financial&repo=agent-skills',
      registryPath: 'skills',
    });
    expect(res.status).toBe(200);
    const files = filesOf(res.body);
    expect(Object.keys(files).sort()).toEqual([
      'registry/skills/pci-checklist/SKILL.md',
      'registry/skills/pci-checklist/references/pci-dss-scope.md',
    ]);
    const promoted = parseSkillMd(
      files['registry/skills/pci-checklist/SKILL.md'],
      { file: 'SKILL.md', folderName: 'pci-checklist' },
    );
    expect(promoted.issues).toEqual([]);
    expect(promoted.skill?.metadata).toEqual({
      version: '2.0.1',
      owner: 'payments',
      scope: 'org',
      lifecycle: 'production',
      'eval-status': 'passing',
      'promoted-from': 'airesource:default/pci-checklist',
    });
    const log = logOf(res.body);
    expect(log).toContain(
      'Promoting airesource:default/pci-checklist to airesource:default/pci-checklist at skills/pci-checklist; the team copy at examples/skills/pci-checklist is moved',
    );
    // One pull request (the team copy lives in the same checkout); the team step is skipped.
    expect(
      log.filter(l => l === 'Performing dry run of creating pull request'),
    ).toHaveLength(1);
    expect(log).toContainEqual(
      expect.stringMatching(
        /Skipping step teamPr because its if condition was false/,
      ),
    );
  }, 60_000);

  it('"Promote a team skill" under a new name keeps the team copy, deprecated', async () => {
    const res = await dryRun('promote-skill', {
      skill: 'airesource:default/dbt-model-review',
      name: 'dbt-review',
      registryRepoUrl: 'github.com?owner=acme-financial&repo=agent-skills',
      registryPath: 'skills',
    });
    expect(res.status).toBe(200);
    const files = filesOf(res.body);
    expect(Object.keys(files).sort()).toEqual([
      'registry/examples/skills/dbt-model-review/SKILL.md',
      'registry/skills/dbt-review/SKILL.md',
      'registry/skills/dbt-review/scripts/check_model_yaml.py',
    ]);
    const team = parseSkillMd(
      files['registry/examples/skills/dbt-model-review/SKILL.md'],
      { file: 'SKILL.md', folderName: 'dbt-model-review' },
    );
    expect(team.issues).toEqual([]);
    expect(team.skill?.metadata).toEqual(
      expect.objectContaining({
        lifecycle: 'deprecated',
        'replaced-by': 'dbt-review',
      }),
    );
    expect(
      parseSkillMd(files['registry/skills/dbt-review/SKILL.md'], {
        file: 'SKILL.md',
        folderName: 'dbt-review',
      }).skill?.metadata.scope,
    ).toBe('org');
  }, 60_000);

  it('"Promote a team skill" refuses a skill below the bar, listing the problems', async () => {
    const res = await dryRun('promote-skill', {
      skill: 'airesource:default/app-store-release',
      registryRepoUrl: 'github.com?owner=acme-financial&repo=agent-skills',
    });
    const text = JSON.stringify(res.body);
    expect(text).toContain(
      'Cannot promote airesource:default/app-store-release to the org registry',
    );
    expect(text).toContain('[promote-eval-not-passing]');
    expect(res.body.directoryContents ?? []).toEqual([]);
  }, 60_000);

  it('rejects names with path traversal before running a step', async () => {
    const res = await dryRun('service-with-agent-context', {
      name: '../../etc',
      owner: 'group:default/payments',
      repoUrl: 'github.com?owner=acme-financial&repo=x',
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('pattern');
  });

  it('fails with a clear error for an unknown team, writing nothing', async () => {
    const res = await dryRun('service-with-agent-context', {
      name: 'orphan-api',
      owner: 'group:default/nope',
      repoUrl: 'github.com?owner=acme-financial&repo=orphan-api',
    });
    const text = JSON.stringify(res.body);
    expect(text).toContain('The team group:default/nope is not in the catalog');
    expect(res.body.directoryContents ?? []).toEqual([]);
  }, 60_000);

  it('refuses the checkout team, whose own config breaks the federation rules, naming it', async () => {
    const res = await dryRun('add-agent-context', {
      repoUrl: 'github.com?owner=acme-financial&repo=checkout-web',
      name: 'checkout-web',
      owner: 'group:default/checkout',
    });
    const text = JSON.stringify(res.body);
    expect(text).toContain(
      'The team config airesource:default/checkout-agent-config: [deny-overridden]',
    );
    expect(res.body.directoryContents ?? []).toEqual([]);
  }, 60_000);
});
