import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import JSZip from 'jszip';
import {
  exampleCatalogConfig,
  examplesRoot,
} from '../__testUtils__/exampleCatalog';
import { startReleasesBackend } from './__testUtils__/releasesTestBackend';

jest.setTimeout(180_000);

const PUBLIC = 'https://portal.acme.example/api/agent-platform';

// The release's skills, as examples/org-base/releases/2.4.0/RELEASE.md lists them.
const SKILLS_2_4_0 = [
  'code-review',
  'commit-message',
  'dependency-upgrade',
  'incident-triage',
  'pr-description',
  'release-notes',
  'test-writer',
  'write-adr',
];

async function unzip(bytes: ArrayBuffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const files = new Map<string, string>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir) files.set(entry.name, await entry.async('string'));
  }
  return files;
}

describe('the Claude Code marketplace per release (real catalog on the example organisation)', () => {
  let backend: Awaited<ReturnType<typeof startReleasesBackend>>;
  // Beside the example org base: a base whose releases list a skill, and a
  // subagent, the catalog does not hold.
  const bases = createMockDirectory();
  beforeAll(async () => {
    bases.setContent({
      'broken-base': {
        'agent-base.yaml':
          'name: broken-base\nowner: group:default/platform\nlifecycle: production\n',
        releases: {
          '1.0.0': {
            'RELEASE.md':
              '---\ndate: 2026-11-01\nskills: [code-review, no-such-skill]\n---\nFirst.\n',
            'CLAUDE.md': '# Broken base\n',
          },
          '1.1.0': {
            'RELEASE.md':
              '---\ndate: 2026-11-02\nskills: [code-review]\nsubagents: [security-reviewer, no-such-agent]\n---\nSecond.\n',
            'CLAUDE.md': '# Broken base\n',
          },
        },
      },
    });
    const catalog = exampleCatalogConfig() as any;
    catalog.providers.agentPlatform.bases.push(bases.resolve('broken-base'));
    backend = await startReleasesBackend({
      catalog,
      agentPlatform: {
        marketplace: {
          baseUrl: PUBLIC,
          owner: { name: 'Acme platform team', email: 'platform@acme.example' },
        },
      },
    });
  });
  afterAll(async () => {
    await backend?.stop();
  });

  const get = (path: string) => fetch(`${backend.api}${path}`);

  it('serves a pinned marketplace.json whose plugin is the release, without authentication', async () => {
    const res = await get('/releases/org-base/2.4.0/marketplace.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const marketplace = await res.json();
    expect(marketplace).toEqual({
      name: 'org-base',
      owner: { name: 'Acme platform team', email: 'platform@acme.example' },
      description:
        'org-base 2.4.0 for Claude Code, from the agent platform portal',
      plugins: [
        {
          name: 'org-base',
          version: '2.4.0',
          description: expect.stringContaining(
            '(org-base 2.4.0: 8 skills, 1 subagent).',
          ),
          source: {
            source: 'archive',
            url: `${PUBLIC}/releases/org-base/2.4.0/plugin.zip`,
            sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          },
        },
      ],
    });

    // The archive the entry names is the one served, byte for byte.
    const zip = await get('/releases/org-base/2.4.0/plugin.zip');
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const bytes = await zip.arrayBuffer();
    expect(createHash('sha256').update(Buffer.from(bytes)).digest('hex')).toBe(
      marketplace.plugins[0].source.sha256,
    );

    const files = await unzip(bytes);
    expect(JSON.parse(files.get('.claude-plugin/plugin.json')!)).toEqual({
      name: 'org-base',
      version: '2.4.0',
      description: marketplace.plugins[0].description,
      author: { name: 'Acme platform team' },
    });
    expect(
      [...files.keys()]
        .filter(p => p.endsWith('/SKILL.md'))
        .map(p => p.split('/')[1]),
    ).toEqual(SKILLS_2_4_0);
    expect(files.get('skills/code-review/SKILL.md')).toMatch(
      /^---\nname: code-review\n/,
    );
    // Only the release's skills: 2.4.0 does not ship pci-checklist.
    expect(files.has('skills/pci-checklist/SKILL.md')).toBe(false);
    // The subagent the release lists, its registry file as it is; only that one.
    expect(files.get('agents/security-reviewer.md')).toBe(
      readFileSync(
        join(examplesRoot, 'subagents', 'security-reviewer.md'),
        'utf8',
      ),
    );
    expect([...files.keys()].filter(p => p.startsWith('agents/'))).toEqual([
      'agents/security-reviewer.md',
    ]);
  });

  it('pins each release: an older release is its own plugin version and archive', async () => {
    const older = await (
      await get('/releases/org-base/2.0.0/marketplace.json')
    ).json();
    const newer = await (
      await get('/releases/org-base/2.4.0/marketplace.json')
    ).json();
    expect(older.plugins[0].version).toBe('2.0.0');
    expect(older.plugins[0].source.url).toBe(
      `${PUBLIC}/releases/org-base/2.0.0/plugin.zip`,
    );
    expect(older.plugins[0].source.sha256).not.toBe(
      newer.plugins[0].source.sha256,
    );
    // Served twice, the same bytes: the digest is stable.
    const again = await (
      await get('/releases/org-base/2.4.0/marketplace.json')
    ).json();
    expect(again).toEqual(newer);
    // `latest` resolves to the newest release, and names its exact archive.
    const latest = await (
      await get('/releases/org-base/latest/marketplace.json')
    ).json();
    expect(latest).toEqual(newer);
  });

  it('answers an unknown release, base or version with a clear error', async () => {
    const unknown = await get('/releases/org-base/9.9.9/marketplace.json');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toBe(
      'org-base has no release 9.9.9 (releases: 1.8.0, 2.0.0, 2.1.0, 2.2.0, 2.3.0, 2.4.0)',
    );
    const zip = await get('/releases/org-base/9.9.9/plugin.zip');
    expect(zip.status).toBe(404);
    const noBase = await get('/releases/other-base/2.4.0/marketplace.json');
    expect(noBase.status).toBe(404);
    expect((await noBase.json()).error.message).toContain(
      'No org base named other-base',
    );
    const range = await get('/releases/org-base/v2/marketplace.json');
    expect(range.status).toBe(400);
  });

  it('refuses a release whose skills are not all in the catalog, naming them', async () => {
    for (const file of ['marketplace.json', 'plugin.zip']) {
      const res = await get(`/releases/broken-base/1.0.0/${file}`);
      expect(res.status).toBe(409);
      expect((await res.json()).error.message).toBe(
        'broken-base@1.0.0 cannot be published as a Claude Code plugin: skill airesource:default/no-such-skill is not in the catalog',
      );
    }
  });

  it('refuses a release whose subagents are not all in the catalog, naming them', async () => {
    for (const file of ['marketplace.json', 'plugin.zip']) {
      const res = await get(`/releases/broken-base/1.1.0/${file}`);
      expect(res.status).toBe(409);
      expect((await res.json()).error.message).toBe(
        'broken-base@1.1.0 cannot be published as a Claude Code plugin: subagent airesource:default/no-such-agent is not in the catalog',
      );
    }
  });

  // The real client: `claude plugin validate` of Claude Code (npm package
  // @anthropic-ai/claude-code), which runs offline. Set CLAUDE_CODE_BIN to its
  // `claude` binary to run these; they are skipped without it.
  const claude = process.env.CLAUDE_CODE_BIN;
  const withClaude = claude && existsSync(claude) ? describe : describe.skip;
  withClaude('accepted by Claude Code (claude plugin validate)', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'marketplace-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const validate = (path: string) =>
      execFileSync(claude!, ['plugin', 'validate', path], {
        encoding: 'utf8',
        env: { ...process.env, HOME: dir },
        timeout: 60_000,
      });

    it('validates the served marketplace.json and the unzipped plugin', async () => {
      const market = join(dir, 'market', '.claude-plugin', 'marketplace.json');
      mkdirSync(dirname(market), { recursive: true });
      writeFileSync(
        market,
        await (await get('/releases/org-base/2.4.0/marketplace.json')).text(),
      );
      expect(validate(market)).toContain('Validation passed');

      const files = await unzip(
        await (await get('/releases/org-base/2.4.0/plugin.zip')).arrayBuffer(),
      );
      const plugin = join(dir, 'plugin');
      for (const [path, text] of files) {
        mkdirSync(dirname(join(plugin, path)), { recursive: true });
        writeFileSync(join(plugin, path), text);
      }
      const out = validate(plugin);
      expect(out).toContain('Validation passed');
      expect(out).toContain('skills: org-base:code-review');
      expect(out).toContain('agents: org-base:security-reviewer');
    });
  });
});
