import {
  checkAgentWorkspace,
  parseContextFile,
  parseEntityDocuments,
  parseMcpJson,
  parseSettingsJson,
  sortAgentPlatformEntities,
} from '@agent-platform/plugin-agent-platform-common';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import scaffolderModuleAgentPlatform from './index';

const root = resolve(__dirname, '../../..');
const examples = join(root, 'examples');
const templates = join(root, 'templates');

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

describe('the templates, through the scaffolder dry-run API', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const auth = mockCredentials.user.header();

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleAiModel,
        catalogModuleAgentPlatform,
        scaffolderPlugin,
        scaffolderModuleAgentPlatform,
        // The provider's first scan runs at start-up. (The real scheduler of
        // @backstage/backend-defaults is not a dependency of this package.)
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        mockServices.rootConfig.factory({
          data: {
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
                  ],
                },
              ],
              locations: [{ type: 'file', target: join(examples, 'all.yaml') }],
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

    // Wait until the catalog holds what the actions read.
    const wanted = [
      'airesource:default/org-base',
      'airesource:default/payments-agent-config',
      'airesource:default/pci-checklist',
      'api:default/postgres-prod',
      'group:default/payments',
    ];
    for (let attempt = 0; attempt < 120; attempt++) {
      const res = await request(backend.server)
        .get('/api/catalog/entities')
        .set('Authorization', auth);
      const refs = new Set(
        (res.body as any[]).map(e =>
          `${e.kind}:default/${e.metadata.name}`.toLocaleLowerCase(),
        ),
      );
      if (wanted.every(r => refs.has(r))) break;
      await new Promise(r => setTimeout(r, 500));
    }
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  });

  /**
   * The publish actions live in @backstage/plugin-scaffolder-backend-module-github,
   * which the portal installs but this package does not depend on. Dry runs never
   * execute them anyway (they do not support dry runs), so steps whose action the
   * test backend lacks are left out, and the test checks that only those are.
   */
  const runnableTemplate = async (name: string) => {
    const dir = join(templates, name);
    const template = parseYaml(
      readFileSync(join(dir, 'template.yaml'), 'utf8'),
    );
    const actions = await request(backend.server)
      .get('/api/scaffolder/v2/actions')
      .set('Authorization', auth);
    const known = new Set((actions.body as any[]).map(a => a.id));
    const missing = template.spec.steps
      .map((s: any) => s.action)
      .filter((a: string) => !known.has(a));
    expect(missing.every((a: string) => a.startsWith('publish:github'))).toBe(
      true,
    );
    template.spec.steps = template.spec.steps.filter((s: any) =>
      known.has(s.action),
    );
    return { dir, template };
  };

  const dryRun = async (name: string, values: Record<string, unknown>) => {
    const { dir, template } = await runnableTemplate(name);
    return request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', auth)
      .send({
        template,
        values,
        secrets: {},
        directoryContents: directoryContents(dir),
      });
  };

  const filesOf = (body: any): Record<string, string> =>
    Object.fromEntries(
      (body.directoryContents as any[]).map(f => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );

  it('"Service with agent context" scaffolds a governed service pinned to the latest release', async () => {
    const res = await dryRun('service-with-agent-context', {
      name: 'refunds-api',
      description: 'Refund requests and their ledger entries.',
      owner: 'group:default/payments',
      repoUrl: 'github.com?owner=acme-financial&repo=refunds-api',
    });
    expect(res.status).toBe(200);
    const files = filesOf(res.body);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'CLAUDE.md',
        'AGENTS.md',
        '.mcp.json',
        '.claude/settings.json',
        '.claude/skills/pci-checklist/SKILL.md',
        'catalog-info.yaml',
        'package.json',
        'src/index.ts',
        '.github/workflows/agent-context.yml',
      ]),
    );

    // The latest release the catalog holds, read back by the shared parser.
    const claude = parseContextFile(files['CLAUDE.md'], { file: 'CLAUDE.md' });
    expect(claude.pin).toEqual(
      expect.objectContaining({ base: 'org-base', version: '2.4.0' }),
    );

    // Claude Code formats.
    const mcp = parseMcpJson(files['.mcp.json'], { file: '.mcp.json' });
    expect(mcp.issues).toEqual([]);
    expect(mcp.servers.map(s => s.name)).toContain('postgres-prod');
    for (const server of mcp.servers) {
      expect(server.url).toMatch(/^\$\{[A-Z_]+_MCP_URL:-https:\/\/[^}]+\}$/);
    }
    const settings = parseSettingsJson(files['.claude/settings.json'], {
      file: '.claude/settings.json',
    });
    expect(settings.issues).toEqual([]);
    expect(settings.settings?.raw.$schema).toBe(
      'https://json.schemastore.org/claude-code-settings.json',
    );

    // catalog-info links the team config; the CI check is there, untemplated.
    const [component] = parseEntityDocuments(files['catalog-info.yaml'], {
      file: 'catalog-info.yaml',
    }).entities;
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

    // No drift and no violations against what the catalog serves.
    const all = await request(backend.server)
      .get('/api/catalog/entities')
      .set('Authorization', auth);
    const sorted = sortAgentPlatformEntities(all.body);
    const report = await checkAgentWorkspace({
      readFile: async path => files[path],
      base: sorted.bases[0],
      team: sorted.teams.find(t => t.metadata.name === 'payments-agent-config'),
      mcpServers: sorted.mcpServers,
      skills: sorted.skills,
      now: new Date(),
    });
    expect(report.violations).toEqual([]);
    expect(report.drift?.upToDate).toBe(true);
  }, 60_000);

  it('"Add agent context to an existing repo" prepares the pull request contents', async () => {
    const res = await dryRun('add-agent-context', {
      repoUrl: 'github.com?owner=acme-financial&repo=ledger-service',
      name: 'ledger-service',
      owner: 'group:default/payments',
      layout: 'bridge',
    });
    expect(res.status).toBe(200);
    const files = filesOf(res.body);
    expect(Object.keys(files).sort()).toEqual(
      expect.arrayContaining([
        '.claude/settings.json',
        '.github/workflows/agent-context.yml',
        '.mcp.json',
        'AGENTS.md',
        'CLAUDE.md',
      ]),
    );
    expect(files['CLAUDE.md']).toBe('@AGENTS.md\n');
    expect(
      parseContextFile(files['AGENTS.md'], { file: 'AGENTS.md' }).pin,
    ).toEqual(expect.objectContaining({ base: 'org-base', version: '2.4.0' }));
    expect(files['.github/workflows/agent-context.yml']).toContain(
      '${{ vars.BACKSTAGE_URL }}',
    );
    // The validate step ran on these files with the team config and passed.
    const log = JSON.stringify(res.body.log);
    expect(log).toContain('Agent files pass the check');
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
});
