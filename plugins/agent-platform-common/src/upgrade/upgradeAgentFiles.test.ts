import { upgradeAgentFiles } from './upgradeAgentFiles';
import type { UpgradeSuccess } from './upgradeTypes';
import {
  BASE,
  baseOf,
  NOW,
  repoFiles,
  SERVERS,
  V1,
  V2,
} from './__testUtils__/upgradeFixtures';

const ok = async (
  files = repoFiles(),
  extra: Partial<Parameters<typeof upgradeAgentFiles>[0]> = {},
): Promise<UpgradeSuccess> => {
  const result = await upgradeAgentFiles({
    files,
    base: BASE,
    mcpServers: SERVERS,
    ...extra,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result;
};

describe('upgradeAgentFiles', () => {
  it('moves the pin to the latest usable release and re-renders the base-managed parts', async () => {
    const result = await ok();
    expect(result.from).toBe('1.0.0');
    // 2.1.0 is withdrawn, so the latest is 2.0.0.
    expect(result.to).toBe('2.0.0');
    expect(result.upToDate).toBe(false);

    const claude = result.files['CLAUDE.md'];
    expect(claude.split('\n')[0]).toBe(
      '<!-- agent-platform: extends: org-base@2.0.0 -->',
    );
    expect(claude).toContain('Permissions come from `org-base@2.0.0`');
    expect(result.files['AGENTS.md']).toBeUndefined();

    const settings = JSON.parse(result.files['.claude/settings.json']);
    expect(settings.permissions.allow).toEqual([
      'Bash(npm run test *)',
      'Bash(make *)',
      'Bash(curl https://status.example.com *)',
      'Bash(npm run lint *)',
    ]);
    expect(settings.permissions.ask).toEqual(['mcp__github__create_issue']);
    expect(settings.permissions.deny).toEqual([
      'Read(./.env)',
      'Read(./secrets/**)',
      'Bash(curl *)',
      'mcp__scraper',
    ]);
    expect(settings.model).toBe('claude-sonnet-5');
    expect(settings.enabledMcpjsonServers).toEqual([
      'github',
      'scraper',
      'sentry',
    ]);
    // The team's hook is untouched.
    expect(result.files['.claude/settings.json']).toContain(
      '"PostToolUse": [{ "matcher": "Edit", "hooks": [{ "type": "command", "command": "npx prettier --write" }] }]',
    );

    const mcp = JSON.parse(result.files['.mcp.json']);
    expect(Object.keys(mcp.mcpServers)).toEqual([
      'github',
      'scraper',
      'sentry',
    ]);
    expect(mcp.mcpServers.sentry).toEqual({
      type: 'http',
      url: '${SENTRY_MCP_URL:-https://sentry.example.com/mcp}',
    });
    // Byte for byte: the repository's own server and the kept base server.
    expect(result.files['.mcp.json']).toContain(`"scraper": {
      "type": "stdio",
      "command": "npx",
      "args": ["-y", "@acme/scraper@1.2.3"]
    }`);
    expect(result.files['.mcp.json']).toContain(
      '"github": { "type": "http", "url": "https://github.example.com/mcp" }',
    );

    expect(result.changes).toEqual(
      expect.arrayContaining([
        'Pin: org-base@1.0.0 -> org-base@2.0.0 (CLAUDE.md:1)',
        '.mcp.json: removed server `jira` (no longer in the base)',
        '.mcp.json: added server `sentry` (new in 2.0.0)',
        '.claude/settings.json: added deny rule `Bash(curl *)` (new in 2.0.0)',
      ]),
    );
  });

  it('reports the repository items the new release forbids as conflicts and keeps them', async () => {
    const result = await ok();
    expect(result.conflicts).toEqual([
      expect.objectContaining({
        file: '.claude/settings.json',
        line: 8,
        item: 'Bash(curl https://status.example.com *)',
        conflictsWith: 'Bash(curl *)',
        rule: 'deny-covered',
      }),
      expect.objectContaining({
        file: '.mcp.json',
        line: 4,
        item: 'scraper',
        conflictsWith: 'mcp__scraper',
        rule: 'mcp-server-denied',
      }),
    ]);
    expect(result.files['.mcp.json']).toContain('"scraper"');
  });

  it('is idempotent: upgrading the upgraded files changes nothing', async () => {
    const first = await ok();
    const second = await ok({ ...repoFiles(), ...first.files });
    expect(second.upToDate).toBe(true);
    expect(second.files).toEqual({});
    expect(second.changes).toEqual([]);
  });

  it('describes what changed between the releases', async () => {
    const result = await ok();
    expect(result.diff.mcpServers).toEqual({
      added: ['api:default/sentry'],
      removed: ['api:default/jira'],
    });
    expect(result.diff.hooks.added).toHaveLength(1);
    expect(result.diff.modelRouting).toEqual([
      { role: 'default', from: 'claude-sonnet-4-6', to: 'claude-sonnet-5' },
      { role: 'plan', to: 'claude-opus-4-8' },
    ]);
  });

  it('re-renders files whose pin another tool already moved (Renovate), given the release they came from', async () => {
    const files = repoFiles();
    files['CLAUDE.md'] = files['CLAUDE.md'].replace(
      'extends: org-base@1.0.0',
      'extends: org-base@2.0.0',
    );
    const plain = await ok(files);
    expect(plain.upToDate).toBe(true);
    expect(plain.files).toEqual({});

    const result = await ok(files, { from: '1.0.0', to: '2.0.0' });
    expect(result.upToDate).toBe(false);
    expect(result.files['CLAUDE.md']).toBe((await ok()).files['CLAUDE.md']);
    expect(JSON.parse(result.files['.mcp.json']).mcpServers).not.toHaveProperty(
      'jira',
    );
    expect(result.changes).not.toContainEqual(expect.stringMatching(/^Pin:/));
    // Running it again is harmless.
    const again = await ok(
      { ...files, ...result.files },
      { from: '1.0.0', to: '2.0.0' },
    );
    expect(again.files).toEqual({});
  });

  it('keeps CRLF line endings and a BOM', async () => {
    const files = repoFiles();
    files['CLAUDE.md'] = `\ufeff${files['CLAUDE.md'].replace(/\n/g, '\r\n')}`;
    const result = await ok(files);
    expect(result.files['CLAUDE.md']).toBe(
      files['CLAUDE.md'].replace(/org-base@1\.0\.0/g, 'org-base@2.0.0'),
    );
  });

  it('moves a pin that lives in AGENTS.md', async () => {
    const files = repoFiles();
    files['CLAUDE.md'] = '@AGENTS.md\n';
    files['AGENTS.md'] =
      '<!-- agent-platform: extends: org-base@1.0.0 -->\n\n# checkout-api\n';
    const result = await ok(files);
    expect(result.files['AGENTS.md']).toBe(
      '<!-- agent-platform: extends: org-base@2.0.0 -->\n\n# checkout-api\n',
    );
    expect(result.files['CLAUDE.md']).toBeUndefined();
  });

  it('adds checked violations as conflicts when asked to check', async () => {
    const result = await ok(repoFiles(), {
      check: { skills: [], now: NOW },
    });
    expect(result.conflicts.map(c => c.item)).toEqual(
      expect.arrayContaining([
        'Bash(curl https://status.example.com *)',
        'scraper',
      ]),
    );
  });

  describe('refuses, returning no files', () => {
    const refused = async (
      files: Record<string, string>,
      extra: Partial<Parameters<typeof upgradeAgentFiles>[0]> = {},
    ) => {
      const result = await upgradeAgentFiles({
        files,
        base: BASE,
        mcpServers: SERVERS,
        ...extra,
      });
      expect(result.ok).toBe(false);
      expect(result).not.toHaveProperty('files');
      return result.ok ? undefined : result.error;
    };

    it('a withdrawn target, unless forced', async () => {
      expect(await refused(repoFiles(), { to: '2.1.0' })).toEqual({
        code: 'release-withdrawn',
        message:
          'org-base@2.1.0 is withdrawn and must not be used; pick another release (or --force)',
      });
      const forced = await ok(repoFiles(), { to: '2.1.0', force: true });
      expect(forced.to).toBe('2.1.0');
      expect(forced.warnings).toEqual(['org-base@2.1.0 is withdrawn']);
    });

    it('a downgrade, unless forced', async () => {
      const files = {
        ...repoFiles(),
        ...(await ok()).files,
      };
      expect(await refused(files, { to: '1.0.0' })).toEqual(
        expect.objectContaining({ code: 'downgrade' }),
      );
      const forced = await ok(files, { to: '1.0.0', force: true });
      expect(forced.files['CLAUDE.md']).toContain('org-base@1.0.0');
    });

    it('an unknown target', async () => {
      expect(await refused(repoFiles(), { to: '9.9.9' })).toEqual({
        code: 'release-unknown',
        message:
          'org-base has no release 9.9.9 (releases: 1.0.0, 2.0.0, 2.1.0)',
      });
    });

    it('a pin the base does not know, unless forced', async () => {
      const files = repoFiles();
      files['CLAUDE.md'] = files['CLAUDE.md'].replace('1.0.0', '0.9.0');
      expect((await refused(files))?.code).toBe('pin-unknown');
      const forced = await ok(files, { force: true });
      // Nothing is known to be the base's: everything is kept, new rules added.
      expect(JSON.parse(forced.files['.mcp.json']).mcpServers).toHaveProperty(
        'jira',
      );
    });

    it('files that do not parse', async () => {
      const files = repoFiles();
      files['.claude/settings.json'] = '{ "permissions": { "allow": [ }';
      expect(await refused(files)).toEqual(
        expect.objectContaining({
          code: 'file-unparsable',
          file: '.claude/settings.json',
        }),
      );
      const mcp = repoFiles();
      mcp['.mcp.json'] = '[]';
      expect(await refused(mcp)).toEqual({
        code: 'file-unparsable',
        file: '.mcp.json',
        message: '.mcp.json: expected a JSON object',
      });
      const lists = repoFiles();
      lists['.claude/settings.json'] = '{ "permissions": { "deny": "x" } }';
      expect((await refused(lists))?.message).toBe(
        '.claude/settings.json:1: permissions.deny must be an array of rules',
      );
    });

    it('no pin, a malformed pin, two pins that disagree, another base', async () => {
      const none = repoFiles();
      none['CLAUDE.md'] = '# x\n';
      expect((await refused(none))?.code).toBe('pin-missing');
      const malformed = repoFiles();
      malformed['CLAUDE.md'] =
        '<!-- agent-platform: extends: org-base@^1.0.0 -->\n';
      expect((await refused(malformed))?.code).toBe('pin-invalid');
      const two = repoFiles();
      two['AGENTS.md'] = '<!-- agent-platform: extends: org-base@2.0.0 -->\n';
      expect((await refused(two))?.code).toMatch(/^pin-/);
      expect(
        (await refused(repoFiles(), { base: baseOf([V1, V2], 'other-base') }))
          ?.code,
      ).toBe('base-mismatch');
      expect((await refused({}))?.code).toBe('no-context-file');
    });

    it('a new server that is not in the catalog', async () => {
      expect(
        await refused(repoFiles(), {
          mcpServers: SERVERS.filter(s => s.metadata.name !== 'sentry'),
        }),
      ).toEqual(
        expect.objectContaining({
          code: 'mcp-server-unknown',
          file: '.mcp.json',
        }),
      );
    });
  });
});
