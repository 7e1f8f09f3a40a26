import {
  ANNOTATION_SOURCE_ISSUES,
  ParseIssue,
  validateAgentConfigEntity,
} from '@agent-platform/plugin-agent-platform-common';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import {
  mcpServerEntityFromFiles,
  MCP_GOVERNANCE_FILE,
} from '../provider/mcpServerEntity';
import { readSourceFiles } from '../provider/readSources';
import { MAX_SOURCE_FILE_BYTES, SourceFile } from '../provider/sourceFile';
import { repoConfigEntityFromFiles, repoConfigName } from './repoConfigEntity';
import {
  collectRepoFiles,
  readRepoFile,
  RepoFiles,
  RepoRoot,
  repoRootOf,
} from './repoFiles';

const examples = resolve(__dirname, '../../../../examples');
const urlReader = mockServices.urlReader.mock();

/** The example org's base, by its releases (their content does not matter here). */
const bases: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: { name: 'org-base', namespace: 'default' },
    spec: {
      type: 'agent-config',
      lifecycle: 'production',
      owner: 'group:default/platform',
      level: 'base',
      releases: ['1.8.0', '2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0'].map(
        version => ({ version, config: {} }),
      ),
    },
  },
];

let mcpServers: Entity[] = [];
beforeAll(async () => {
  const files = await readSourceFiles(
    join(examples, 'mcp-servers'),
    new Set(['server.json', MCP_GOVERNANCE_FILE]),
    urlReader,
  );
  mcpServers = files
    .filter(f => f.path.endsWith('/server.json'))
    .map(
      f =>
        mcpServerEntityFromFiles(
          f,
          files.find(
            g => g.path === f.path.replace(/[^/]+$/, MCP_GOVERNANCE_FILE),
          ),
          { defaultOwner: 'group:default/platform' },
        ).entity!,
    );
});

/** An example Component as the catalog holds it, with the location the catalog stamps on it. */
function exampleComponent(repo: string): Entity {
  const component = parse(
    readFileSync(join(examples, 'repos', repo, 'catalog-info.yaml'), 'utf8'),
  ) as Entity;
  component.metadata.namespace = 'default';
  component.metadata.annotations = {
    ...component.metadata.annotations,
    'backstage.io/managed-by-location': `file:${join(
      examples,
      'repos',
      repo,
      'catalog-info.yaml',
    )}`,
  };
  return component;
}

async function fromExample(repo: string) {
  const component = exampleComponent(repo);
  const root = repoRootOf(component)!;
  const files = await collectRepoFiles(path =>
    readRepoFile(root, path, urlReader),
  );
  return repoConfigEntityFromFiles({
    component,
    root,
    files,
    bases,
    mcpServers,
  });
}

const root: RepoRoot = {
  type: 'url',
  target: 'https://github.com/acme/demo/blob/main/',
};
const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'demo', namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'group:default/checkout',
  },
};

/** In-memory repository files, as the reader would return them. */
function filesOf(record: Record<string, string | Buffer>): RepoFiles {
  return new Map(
    Object.entries(record).map(([path, text]): [string, SourceFile] => {
      const content = typeof text === 'string' ? Buffer.from(text) : text;
      return [
        path,
        {
          path,
          locationType: 'url',
          target: `${root.target}${path}`,
          folder: root.target,
          size: content.length,
          content: content.subarray(0, MAX_SOURCE_FILE_BYTES + 1),
        },
      ];
    }),
  );
}

const map = (record: Record<string, string | Buffer>) =>
  repoConfigEntityFromFiles({
    component,
    root,
    files: filesOf(record),
    bases,
    mcpServers,
  });

const PIN = (ref: string) => `<!-- agent-platform: extends: ${ref} -->\n`;
const rules = (issues: ParseIssue[]) =>
  issues.map(i => `${i.severity} ${i.rule}`);

describe('repoConfigEntityFromFiles on the example repositories', () => {
  it.each([
    ['agent-platform-tools', '2.4.0', 'CLAUDE.md'],
    ['payments-api', '2.4.0', 'CLAUDE.md'],
    ['ledger-service', '2.4.0', 'AGENTS.md'],
    ['auth-gateway', '2.4.0', 'CLAUDE.md'],
    ['checkout-web', '2.3.0', 'CLAUDE.md'],
    ['cart-service', '2.2.0', 'AGENTS.md'],
    ['search-indexer', '2.2.0', 'CLAUDE.md'],
    ['events-pipeline', '2.0.0', 'CLAUDE.md'],
    ['mobile-app', '1.8.0', 'AGENTS.md'],
  ])(
    '%s pins org-base@%s in %s, as examples/README.md tells, and passes the schema',
    async (repo, version, file) => {
      const { entity, issues } = await fromExample(repo);
      expect(entity.spec?.extends).toBe(`org-base@${version}`);
      expect((entity.spec?.observed as any).pin).toEqual({
        file,
        line: 1,
        base: 'org-base',
        version,
      });
      expect(issues.filter(i => i.severity === 'error')).toEqual([]);
      expect(validateAgentConfigEntity(entity)).toEqual(
        expect.objectContaining({ success: true }),
      );
    },
  );

  it('reads cart-service through its @AGENTS.md bridge and copies the component', async () => {
    const { entity, issues } = await fromExample('cart-service');
    const location = `file:${join(examples, 'repos/cart-service')}/`;
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: {
        name: 'cart-service-repo-config',
        namespace: 'default',
        title: 'Cart service repo config',
        description:
          'What the repository of cart-service really configures for coding agents, read from its agent files.',
        annotations: {
          'backstage.io/managed-by-location': location,
          'backstage.io/managed-by-origin-location': location,
          'backstage.io/source-location': location,
        },
      },
      spec: expect.objectContaining({
        type: 'agent-config',
        lifecycle: 'production',
        owner: 'group:default/checkout',
        system: 'storefront',
        level: 'repo',
        component: 'component:default/cart-service',
        extends: 'org-base@2.2.0',
        mcpServers: [
          'api:default/github',
          'api:default/jira',
          'api:default/sentry',
        ],
      }),
    });
    expect(issues).toEqual([]);
    expect((entity.spec?.observed as any).files).toEqual([
      'CLAUDE.md',
      'AGENTS.md',
      '.mcp.json',
      '.claude/settings.json',
    ]);
    expect(entity.spec?.permissions).toEqual(
      expect.objectContaining({
        defaultMode: 'default',
        ask: ['Bash(git push *)', 'Bash(curl *)', 'Bash(docker compose *)'],
      }),
    );
    // No model in its settings: no model routing of its own.
    expect(entity.spec?.modelRouting).toBeUndefined();
  });

  it('follows events-pipeline through its two-hop import chain', async () => {
    const { entity } = await fromExample('events-pipeline');
    expect((entity.spec?.observed as any).files).toEqual([
      'CLAUDE.md',
      'docs/agent/conventions.md',
      'docs/agent/dbt-style.md',
      'AGENTS.md',
      '.mcp.json',
      '.claude/settings.json',
    ]);
    expect(entity.spec?.mcpServers).toContain('api:default/snowflake');
  });

  it('records the denied shell-admin server search-indexer wires', async () => {
    const { entity } = await fromExample('search-indexer');
    expect(entity.spec?.mcpServers).toEqual([
      'api:default/github',
      'api:default/jira',
      'api:default/sentry',
      'api:default/docs-search',
      'api:default/shell-admin',
    ]);
    expect((entity.spec?.observed as any).mcpServers).toContainEqual({
      name: 'shell-admin',
      type: 'stdio',
      command: 'npx',
      entityRef: 'api:default/shell-admin',
    });
  });

  it("reads mobile-app's old formats: a stdio server without type and an sse endpoint", async () => {
    const { entity, issues } = await fromExample('mobile-app');
    expect((entity.spec?.observed as any).mcpServers).toEqual([
      {
        name: 'github',
        type: 'stdio',
        command: 'docker',
        entityRef: 'api:default/github',
      },
      {
        name: 'jira',
        type: 'sse',
        url: 'https://mcp.atlassian.com/v1/sse',
        entityRef: 'api:default/jira',
      },
    ]);
    expect(rules(issues)).toEqual(['warning mcp-sse-deprecated']);
    expect(
      JSON.parse(entity.metadata.annotations![ANNOTATION_SOURCE_ISSUES]),
    ).toEqual(issues);
    // Settings without defaultMode: no mode of its own.
    expect(entity.spec?.permissions).not.toHaveProperty('defaultMode');
  });

  it("takes payments-api's model and permissions from its settings", async () => {
    const { entity } = await fromExample('payments-api');
    expect(entity.spec?.modelRouting).toEqual({ default: 'claude-sonnet-4-6' });
    expect((entity.spec?.permissions as any).deny).toContain(
      'Edit(./db/migrations/applied/**)',
    );
  });
});

describe('repoConfigEntityFromFiles on malformed repositories', () => {
  it('reports a broken .mcp.json with its line and keeps the rest', async () => {
    const { entity, issues } = await map({
      'CLAUDE.md': PIN('org-base@2.4.0'),
      '.mcp.json': '{\n  "mcpServers": {\n    "github": {\n  }\n',
    });
    expect(issues).toEqual([
      expect.objectContaining({
        file: '.mcp.json',
        rule: 'json-syntax',
        severity: 'error',
        line: expect.any(Number),
      }),
    ]);
    expect(entity.spec?.extends).toBe('org-base@2.4.0');
    expect(entity.spec?.mcpServers).toEqual([]);
    expect((entity.spec?.observed as any).files).toEqual([
      'CLAUDE.md',
      '.mcp.json',
    ]);
    expect(validateAgentConfigEntity(entity).success).toBe(true);
  });

  it('reports settings with a bad mode and keeps the valid rules', async () => {
    const { entity, issues } = await map({
      'CLAUDE.md': PIN('org-base@2.4.0'),
      '.claude/settings.json': JSON.stringify(
        {
          model: 'claude-opus-4-8',
          permissions: { defaultMode: 'yolo', deny: ['Read(./.env)'] },
        },
        null,
        2,
      ),
    });
    expect(issues).toEqual([
      expect.objectContaining({
        file: '.claude/settings.json',
        line: 4,
        rule: 'settings-invalid-default-mode',
        severity: 'error',
      }),
    ]);
    expect(entity.spec?.permissions).toEqual({
      allow: [],
      ask: [],
      deny: ['Read(./.env)'],
    });
    expect(entity.spec?.modelRouting).toEqual({ default: 'claude-opus-4-8' });
    expect(validateAgentConfigEntity(entity).success).toBe(true);
  });

  it('reports an import cycle and still finds the pin', async () => {
    const { entity, issues } = await map({
      'CLAUDE.md': '@docs/a.md\n',
      'docs/a.md': `${PIN('org-base@2.3.0')}@b.md\n`,
      'docs/b.md': '@a.md\n',
    });
    expect(rules(issues)).toEqual(['error context-import-cycle']);
    expect(issues[0].message).toContain('docs/a.md -> docs/b.md -> docs/a.md');
    expect(entity.spec?.extends).toBe('org-base@2.3.0');
    expect((entity.spec?.observed as any).pin).toEqual({
      file: 'docs/a.md',
      line: 1,
      base: 'org-base',
      version: '2.3.0',
    });
  });

  it('reports a binary CLAUDE.md instead of parsing it', async () => {
    const { entity, issues } = await map({
      'CLAUDE.md': Buffer.from([0x3c, 0x21, 0x00, 0xff, 0x0a]),
    });
    expect(rules(issues)).toEqual([
      'warning pin-missing',
      'error context-file-binary',
    ]);
    expect(entity.spec).not.toHaveProperty('extends');
    expect((entity.spec?.observed as any).files).toEqual(['CLAUDE.md']);
  });

  it('reports a 5 MB CLAUDE.md read from disk without holding it in memory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'repo-config-'));
    try {
      await writeFile(
        join(dir, 'CLAUDE.md'),
        `${PIN('org-base@2.4.0')}${'x'.repeat(5 * 1024 * 1024)}`,
      );
      const local: RepoRoot = { type: 'file', target: dir };
      const files = await collectRepoFiles(path =>
        readRepoFile(local, path, urlReader),
      );
      expect(files.get('CLAUDE.md')?.size).toBeGreaterThan(5 * 1024 * 1024);
      expect(files.get('CLAUDE.md')?.content.length).toBe(
        MAX_SOURCE_FILE_BYTES + 1,
      );
      const { entity, issues } = await repoConfigEntityFromFiles({
        component,
        root: local,
        files,
        bases,
        mcpServers,
      });
      expect(rules(issues)).toEqual([
        'error context-file-too-large',
        'warning pin-missing',
      ]);
      // A pin inside an unread file does not count.
      expect(entity.spec).not.toHaveProperty('extends');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a pin with a range, and no extends', async () => {
    const { entity, issues } = await map({
      'CLAUDE.md': PIN('org-base@^2.3.0'),
    });
    expect(rules(issues)).toEqual(['error pin-version-range']);
    expect(entity.spec).not.toHaveProperty('extends');
    expect(validateAgentConfigEntity(entity).success).toBe(true);
  });

  it('reports a pin to a release the base does not have, listing the known ones', async () => {
    const { entity, issues } = await map({
      'AGENTS.md': PIN('org-base@2.5.0'),
    });
    expect(issues).toEqual([
      {
        file: 'AGENTS.md',
        line: 1,
        rule: 'pin-release-unknown',
        severity: 'error',
        message:
          'AGENTS.md:1 extends org-base@2.5.0, but org-base has no release 2.5.0; its releases are 2.4.0, 2.3.0, 2.2.0, 2.1.0, 2.0.0, 1.8.0',
      },
    ]);
    // The pin is what the repository says, even when it is wrong.
    expect(entity.spec?.extends).toBe('org-base@2.5.0');
  });

  it('reports a pin to a base the catalog does not have', async () => {
    const { issues } = await map({ 'CLAUDE.md': PIN('team-base@1.0.0') });
    expect(issues).toEqual([
      expect.objectContaining({
        rule: 'pin-base-unknown',
        severity: 'error',
        message:
          'CLAUDE.md:1 extends team-base@1.0.0, but the catalog has no base agent config named team-base in namespace default; known bases: org-base',
      }),
    ]);
  });

  it('still maps a repository with no agent files at all', async () => {
    const { entity, issues } = await map({});
    expect(rules(issues)).toEqual(['warning context-file-missing']);
    expect(entity.spec).toEqual({
      type: 'agent-config',
      lifecycle: 'experimental',
      owner: 'group:default/checkout',
      level: 'repo',
      component: 'component:default/demo',
      mcpServers: [],
      observed: { files: [], mcpServers: [] },
    });
    expect(validateAgentConfigEntity(entity).success).toBe(true);
  });

  it('matches servers by url when the key differs, and warns about unknown ones', async () => {
    const { entity, issues } = await map({
      'CLAUDE.md': PIN('org-base@2.4.0'),
      '.mcp.json': JSON.stringify(
        {
          mcpServers: {
            docs: {
              type: 'http',
              url: '${ACME_MCP_GATEWAY:-https://mcp.acme.example}/docs-search/mcp/',
            },
            'team-tool': { type: 'stdio', command: './bin/team-tool' },
          },
        },
        null,
        2,
      ),
    });
    expect(entity.spec?.mcpServers).toEqual(['api:default/docs-search']);
    expect((entity.spec?.observed as any).mcpServers).toEqual([
      {
        name: 'docs',
        type: 'http',
        url: '${ACME_MCP_GATEWAY:-https://mcp.acme.example}/docs-search/mcp/',
        entityRef: 'api:default/docs-search',
      },
      {
        name: 'team-tool',
        type: 'stdio',
        command: './bin/team-tool',
        entityRef: null,
      },
    ]);
    expect(issues).toEqual([
      expect.objectContaining({
        file: '.mcp.json',
        line: 7,
        rule: 'mcp-server-unknown',
        severity: 'warning',
        message: expect.stringContaining('"team-tool" (./bin/team-tool)'),
      }),
    ]);
    expect(validateAgentConfigEntity(entity).success).toBe(true);
  });

  it('leaves servers the settings switch off out of the config, but records them', async () => {
    const { entity, issues } = await map({
      'CLAUDE.md': PIN('org-base@2.4.0'),
      '.mcp.json': JSON.stringify({
        mcpServers: {
          github: { type: 'http', url: 'https://api.githubcopilot.com/mcp/' },
          local: { type: 'stdio', command: 'local-mcp' },
        },
      }),
      '.claude/settings.json': JSON.stringify({
        disabledMcpjsonServers: ['github', 'local'],
      }),
    });
    expect(entity.spec?.mcpServers).toEqual([]);
    expect(
      (entity.spec?.observed as any).mcpServers.map((s: any) => [
        s.name,
        s.disabled,
      ]),
    ).toEqual([
      ['github', true],
      ['local', true],
    ]);
    // A switched-off unknown server is not in use: no warning.
    expect(issues).toEqual([]);
  });

  it('shortens long component names to a valid entity name', () => {
    expect(repoConfigName('cart-service')).toBe('cart-service-repo-config');
    const long = repoConfigName(`${'a'.repeat(50)}-${'b'.repeat(12)}`);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^a+-repo-config$/);
  });
});

describe('when the agent files last changed', () => {
  const dated = (record: Record<string, [string, string | undefined]>) => {
    const files = filesOf(
      Object.fromEntries(
        Object.entries(record).map(([p, [text]]) => [p, text]),
      ),
    ) as Map<string, SourceFile>;
    for (const [path, [, date]] of Object.entries(record)) {
      if (date) files.get(path)!.lastModified = new Date(date);
    }
    return repoConfigEntityFromFiles({
      component,
      root,
      files,
      bases,
      mcpServers,
    });
  };

  it('records the latest change of the files read', async () => {
    const { entity } = await dated({
      'CLAUDE.md': [
        `${PIN('org-base@2.4.0')}@AGENTS.md\n`,
        '2026-09-01T10:00:00Z',
      ],
      'AGENTS.md': ['# Agents', '2026-10-02T08:00:00Z'],
      '.mcp.json': ['{"mcpServers":{}}', '2026-08-01T00:00:00Z'],
      'unrelated.md': ['x', '2026-12-01T00:00:00Z'],
    });
    expect((entity.spec as any).observed.lastModified).toBe(
      '2026-10-02T08:00:00.000Z',
    );
    expect(validateAgentConfigEntity(entity).success).toBe(true);
  });

  it('leaves it out when a file has no date', async () => {
    const { entity } = await dated({
      'CLAUDE.md': [PIN('org-base@2.4.0'), '2026-09-01T10:00:00Z'],
      '.mcp.json': ['{"mcpServers":{}}', undefined],
    });
    expect((entity.spec as any).observed).not.toHaveProperty('lastModified');
  });
});
