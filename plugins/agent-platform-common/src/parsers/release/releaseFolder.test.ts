import {
  CLAUDE_MD,
  errorsOf,
  file,
  MCP,
  mapRelease,
  release,
  releasesOf,
  ruleLines,
  SETTINGS,
} from './__testUtils__/baseFiles';

describe('parseReleaseFolders', () => {
  it('skips a release folder whose name is not exact semver', () => {
    const result = mapRelease(...release('2.4.0'), ...release('v2.5.0'));
    expect(ruleLines(result.issues)).toEqual([
      {
        rule: 'release-folder-not-semver',
        file: 'releases/v2.5.0',
        line: undefined,
      },
    ]);
    expect(result.issues[0].message).toContain('rename it to 2.5.0');
    expect(releasesOf(result).map(r => r.version)).toEqual(['2.4.0']);
  });

  it('skips a release that differs from another only in build metadata', () => {
    const result = mapRelease(...release('2.4.0'), ...release('2.4.0+hotfix'));
    expect(ruleLines(result.issues)).toEqual([
      {
        rule: 'release-version-duplicate',
        file: 'releases/2.4.0+hotfix',
        line: undefined,
      },
    ]);
    expect(releasesOf(result)).toHaveLength(1);
  });
});

describe('parseReleaseFolder', () => {
  it('accepts .claude/CLAUDE.md, which Claude Code reads like CLAUDE.md', () => {
    const { issues } = mapRelease(
      ...release('2.4.0', { 'CLAUDE.md': null }),
      file('releases/2.4.0/.claude/CLAUDE.md', CLAUDE_MD),
    );
    expect(issues).toEqual([]);
  });

  it('skips a release without RELEASE.md', () => {
    const result = mapRelease(...release('2.4.0', { 'RELEASE.md': null }));
    expect(ruleLines(result.issues)).toEqual([
      {
        rule: 'release-file-missing',
        file: 'releases/2.4.0/RELEASE.md',
        line: undefined,
      },
    ]);
    expect(releasesOf(result)).toEqual([]);
  });

  it('reports a release without CLAUDE.md but keeps it', () => {
    const result = mapRelease(...release('2.4.0', { 'CLAUDE.md': null }));
    expect(ruleLines(result.issues)).toEqual([
      {
        rule: 'release-context-missing',
        file: 'releases/2.4.0/CLAUDE.md',
        line: undefined,
      },
    ]);
    expect(releasesOf(result)).toHaveLength(1);
  });

  it('reports a CLAUDE.md with nothing but comments, and one that only bridges to AGENTS.md', () => {
    const { issues } = mapRelease(
      ...release('2.4.0', {
        'CLAUDE.md': '<!-- agent-platform: conventions go here -->\n\n',
      }),
      ...release('2.5.0', { 'CLAUDE.md': '<!-- bridge -->\n\n@AGENTS.md\n' }),
    );
    expect(ruleLines(errorsOf(issues))).toEqual([
      {
        rule: 'release-context-empty',
        file: 'releases/2.4.0/CLAUDE.md',
        line: 1,
      },
      {
        rule: 'release-context-bridge-only',
        file: 'releases/2.5.0/CLAUDE.md',
        line: 3,
      },
    ]);
  });

  it('reports a bad permission mode in .claude/settings.json', () => {
    const result = mapRelease(
      ...release('2.4.0', {
        '.claude/settings.json': SETTINGS.replace(
          '"defaultMode": "default"',
          '"defaultMode": "yolo"',
        ),
      }),
    );
    expect(ruleLines(result.issues)).toEqual([
      {
        rule: 'settings-invalid-default-mode',
        file: 'releases/2.4.0/.claude/settings.json',
        line: 4,
      },
    ]);
    expect(releasesOf(result)[0].config.permissions).toEqual({
      allow: ['Bash(npm run test *)'],
      ask: ['Bash(git push *)'],
      deny: ['Read(./.env)'],
    });
  });

  it('reports an .mcp.json that is not JSON and leaves the servers out', () => {
    const result = mapRelease(
      ...release('2.4.0', {
        '.mcp.json': MCP.replace('"jira": {', '"jira" {'),
      }),
    );
    expect(ruleLines(result.issues)).toEqual([
      { rule: 'json-syntax', file: 'releases/2.4.0/.mcp.json', line: 4 },
    ]);
    expect(releasesOf(result)[0].config.mcpServers).toBeUndefined();
  });

  it('reports an .mcp.json server with a url but no type', () => {
    const { issues } = mapRelease(
      ...release('2.4.0', {
        '.mcp.json': MCP.replace(
          '"type": "http", "url": "https://mcp.atlassian',
          '"url": "https://mcp.atlassian',
        ),
      }),
    );
    expect(ruleLines(errorsOf(issues))).toEqual([
      {
        rule: 'mcp-url-without-type',
        file: 'releases/2.4.0/.mcp.json',
        line: 4,
      },
    ]);
  });

  it('warns about settings.json outside .claude/, where Claude Code does not read it', () => {
    const { issues } = mapRelease(
      ...release('2.4.0'),
      file('releases/2.4.0/settings.json', SETTINGS),
    );
    expect(issues.map(i => [i.rule, i.severity, i.file])).toEqual([
      ['release-file-misplaced', 'warning', 'releases/2.4.0/settings.json'],
    ]);
  });

  it('reports files that could not be read as text where they are used', () => {
    const unreadable = (path: string) => ({
      path,
      issue: {
        file: path,
        rule: 'file-too-large',
        message: `${path} is too large`,
        severity: 'error' as const,
      },
    });
    const result = mapRelease(
      ...release('2.4.0', { 'RELEASE.md': null, '.mcp.json': null }),
      unreadable('releases/2.4.0/RELEASE.md'),
      unreadable('releases/2.4.0/.mcp.json'),
    );
    expect(ruleLines(result.issues)).toEqual([
      {
        rule: 'file-too-large',
        file: 'releases/2.4.0/.mcp.json',
        line: undefined,
      },
      {
        rule: 'file-too-large',
        file: 'releases/2.4.0/RELEASE.md',
        line: undefined,
      },
    ]);
    expect(releasesOf(result)).toEqual([]);
  });
});
