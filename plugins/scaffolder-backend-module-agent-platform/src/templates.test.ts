import {
  checkAgentWorkspace,
  parseContextFile,
  parseEntityDocuments,
  parseMcpJson,
  parseSettingsJson,
  parseSkillMd,
} from '@agent-platform/plugin-agent-platform-common';
import { readdirSync } from 'node:fs';
import {
  filesOf,
  logOf,
  startTemplateBackend,
  TEMPLATE_NAMES,
  templates,
} from './__testUtils__/templateBackend';


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
  let env: Awaited<ReturnType<typeof startTemplateBackend>>;
  const get = (path: string) => env.get(path);
  const dryRun = (name: string, values: Record<string, unknown>) =>
    env.dryRun(name, values);
  const catalogEntities = () => env.catalogEntities();

  beforeAll(async () => {
    env = await startTemplateBackend({ evals: true });
  }, 180_000);

  afterAll(async () => {
    await env?.backend.stop();
  });

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
      '- teamConfig: The team config airesource:default/checkout-agent-config breaks the federation rules of org-base@2.4.0 ([deny-overridden]',
    );
    expect(res.body.directoryContents ?? []).toEqual([]);
  }, 60_000);
});
