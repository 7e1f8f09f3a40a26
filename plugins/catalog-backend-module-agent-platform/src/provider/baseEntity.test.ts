import {
  ANNOTATION_SOURCE_ISSUES,
  isBaseAgentConfigEntity,
  latestRelease,
  ParseIssue,
  readReleases,
  validateAgentConfigEntity,
} from '@agent-platform/plugin-agent-platform-common';
import {
  baseEntityFromFiles,
  BASE_MANIFEST_FILE,
  groupBaseFolders,
} from './baseEntity';
import { SourceFile } from './sourceFile';

const ROOT = '/srv/agent-base';
const file = (path: string, text: string): SourceFile => ({
  path,
  locationType: 'file',
  target: `${ROOT}/${path}`,
  folder: [ROOT, ...path.split('/').slice(0, -1)].join('/'),
  size: Buffer.byteLength(text),
  content: Buffer.from(text),
});
const options = { defaultOwner: 'group:default/platform' };

const MANIFEST = `name: org-base
title: Org base agent config
description: What every coding agent at Acme starts from.
owner: platform
system: agent-platform
links:
  - url: https://wiki.acme.example/org-base
    title: Release process
`;

const FRONTMATTER = `date: 2026-10-28
security: false
deprecated: false
withdrawn: false
skills:
  - code-review
  - airesource:default/commit-message
modelRouting:
  default: claude-sonnet-4-6
  plan: claude-opus-4-8
budget:
  monthlyUsdCap: 5000
`;
const releaseMd = (frontmatter = FRONTMATTER, body = 'Adds code review.') =>
  `---\n${frontmatter}---\n\n${body}\n`;
const CLAUDE_MD =
  '# Acme conventions\n\n- Run `npm run test` before you finish.\n';
const SETTINGS = `{
  "$schema": "https://json.schemastore.org/claude-code-settings.json",
  "permissions": {
    "defaultMode": "default",
    "allow": ["Bash(npm run test *)"],
    "ask": ["Bash(git push *)"],
    "deny": ["Read(./.env)"]
  }
}
`;
const MCP = `{
  "mcpServers": {
    "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/" },
    "jira": { "type": "http", "url": "https://mcp.atlassian.com/v1/mcp" }
  }
}
`;

type ReleaseFileName =
  | 'RELEASE.md'
  | 'CLAUDE.md'
  | '.claude/settings.json'
  | '.mcp.json';

/** The four files of a release folder; `null` leaves a file out. */
function release(
  version: string,
  overrides: Partial<Record<ReleaseFileName, string | null>> = {},
  prefix = '',
): SourceFile[] {
  const texts: Record<ReleaseFileName, string | null> = {
    'RELEASE.md': releaseMd(),
    'CLAUDE.md': CLAUDE_MD,
    '.claude/settings.json': SETTINGS,
    '.mcp.json': MCP,
    ...overrides,
  };
  return Object.entries(texts).flatMap(([name, text]) =>
    text === null ? [] : [file(`${prefix}releases/${version}/${name}`, text)],
  );
}

function map(files: SourceFile[]) {
  const bases = groupBaseFolders(files);
  expect(bases).toHaveLength(1);
  return baseEntityFromFiles(bases[0], options);
}

const errorsOf = (issues: ParseIssue[]) =>
  issues.filter(i => i.severity === 'error');
const ruleLines = (issues: ParseIssue[]) =>
  issues.map(i => ({ rule: i.rule, file: i.file, line: i.line }));

describe('baseEntityFromFiles', () => {
  it('maps a base folder to the org base entity of the entity model', () => {
    const { entity, issues } = map([
      file(BASE_MANIFEST_FILE, MANIFEST),
      ...release('2.4.0'),
    ]);
    expect(issues).toEqual([]);
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: {
        name: 'org-base',
        title: 'Org base agent config',
        description: 'What every coding agent at Acme starts from.',
        links: [
          {
            url: 'https://wiki.acme.example/org-base',
            title: 'Release process',
          },
        ],
        annotations: {
          'backstage.io/managed-by-location': `file:${ROOT}/agent-base.yaml`,
          'backstage.io/managed-by-origin-location': `file:${ROOT}/agent-base.yaml`,
          'backstage.io/source-location': `file:${ROOT}/`,
        },
      },
      spec: {
        type: 'agent-config',
        lifecycle: 'production',
        owner: 'group:default/platform',
        system: 'agent-platform',
        level: 'base',
        releases: [
          {
            version: '2.4.0',
            date: '2026-10-28',
            notes: 'Adds code review.',
            security: false,
            deprecated: false,
            withdrawn: false,
            config: {
              skills: [
                'airesource:default/code-review',
                'airesource:default/commit-message',
              ],
              mcpServers: ['api:default/github', 'api:default/jira'],
              permissions: {
                defaultMode: 'default',
                allow: ['Bash(npm run test *)'],
                ask: ['Bash(git push *)'],
                deny: ['Read(./.env)'],
              },
              modelRouting: {
                default: 'claude-sonnet-4-6',
                plan: 'claude-opus-4-8',
              },
              budget: { monthlyUsdCap: 5000 },
            },
          },
        ],
      },
    });
    expect(validateAgentConfigEntity(entity).success).toBe(true);
  });

  it('orders releases newest first by semver, not by folder name, and keeps flags and the whole notes', () => {
    const { entity, issues } = map([
      file(BASE_MANIFEST_FILE, MANIFEST),
      ...release('2.9.0'),
      ...release('2.10.0', {
        'RELEASE.md': releaseMd(
          'date: 2026-11-02\nwithdrawn: true\n',
          'Withdrawn.\n\nIt broke every `git push`.',
        ),
      }),
      ...release('1.0.0', {
        'RELEASE.md': releaseMd('date: 2026-01-01\ndeprecated: true\n'),
      }),
    ]);
    expect(errorsOf(issues)).toEqual([]);
    expect(isBaseAgentConfigEntity(entity)).toBe(true);
    const releases = entity!.spec!.releases as Array<Record<string, unknown>>;
    expect(releases.map(r => r.version)).toEqual(['2.10.0', '2.9.0', '1.0.0']);
    expect(releases[0]).toMatchObject({
      withdrawn: true,
      security: false,
      notes: 'Withdrawn.\n\nIt broke every `git push`.',
    });
    expect(releases[2]).toMatchObject({ deprecated: true });
    // A withdrawn release is never the latest.
    expect(latestRelease(readReleases(entity as any).releases)?.version).toBe(
      '2.9.0',
    );
  });

  it('reads only the files at the positions of the format', () => {
    const bases = groupBaseFolders([
      file('org-base/agent-base.yaml', MANIFEST),
      // The base repository's own agent files, for people working on it.
      file('org-base/CLAUDE.md', '# Working on the base\n'),
      file('org-base/.claude/settings.json', '{}'),
      // A nested CLAUDE.md that Claude Code loads on demand.
      file('org-base/releases/2.4.0/docs/CLAUDE.md', '# Docs\n'),
      ...release('2.4.0', {}, 'org-base/'),
      file('team-base/agent-base.yaml', 'name: team-base\n'),
      ...release('1.0.0', {}, 'team-base/'),
    ]);
    expect(bases.map(b => [b.path, b.releases.map(r => r.name)])).toEqual([
      ['org-base', ['2.4.0']],
      ['team-base', ['1.0.0']],
    ]);
    expect(bases[0].releases[0].contextFiles.map(f => f.path)).toEqual([
      'org-base/releases/2.4.0/CLAUDE.md',
    ]);
    expect(bases[0].releases[0].settingsFile?.path).toBe(
      'org-base/releases/2.4.0/.claude/settings.json',
    );
    const { entity } = baseEntityFromFiles(bases[1], options);
    expect(entity?.metadata.name).toBe('team-base');
    expect(entity?.spec?.owner).toBe('group:default/platform');
  });

  it('accepts .claude/CLAUDE.md, which Claude Code reads like CLAUDE.md', () => {
    const { issues } = map([
      file(BASE_MANIFEST_FILE, MANIFEST),
      ...release('2.4.0', { 'CLAUDE.md': null }),
      file('releases/2.4.0/.claude/CLAUDE.md', CLAUDE_MD),
    ]);
    expect(issues).toEqual([]);
  });

  it('reports release folders without an agent-base.yaml and makes no entity', () => {
    const result = map(release('2.4.0', {}, 'bases/org-base/'));
    expect(result.entity).toBeUndefined();
    expect(ruleLines(result.issues)).toEqual([
      {
        rule: 'base-manifest-missing',
        file: 'bases/org-base/agent-base.yaml',
        line: undefined,
      },
    ]);
  });

  it('records the issues on the entity for the processor', () => {
    const { entity, issues } = map([
      file(BASE_MANIFEST_FILE, MANIFEST),
      ...release('2.4.0', { 'CLAUDE.md': null }),
    ]);
    expect(issues.length).toBeGreaterThan(0);
    expect(
      JSON.parse(entity!.metadata.annotations![ANNOTATION_SOURCE_ISSUES]),
    ).toEqual(issues);
  });

  describe('malformed files', () => {
    it('skips a release folder whose name is not exact semver', () => {
      const { entity, issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0'),
        ...release('v2.5.0'),
      ]);
      expect(ruleLines(issues)).toEqual([
        {
          rule: 'release-folder-not-semver',
          file: 'releases/v2.5.0',
          line: undefined,
        },
      ]);
      expect(issues[0].message).toContain('rename it to 2.5.0');
      expect(
        (entity!.spec!.releases as Array<{ version: string }>).map(
          r => r.version,
        ),
      ).toEqual(['2.4.0']);
    });

    it('skips a release without RELEASE.md', () => {
      const { entity, issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0', { 'RELEASE.md': null }),
      ]);
      expect(ruleLines(issues)).toEqual([
        {
          rule: 'release-file-missing',
          file: 'releases/2.4.0/RELEASE.md',
          line: undefined,
        },
      ]);
      expect(entity!.spec!.releases).toEqual([]);
    });

    it('reports a release without CLAUDE.md but keeps it', () => {
      const { entity, issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0', { 'CLAUDE.md': null }),
      ]);
      expect(ruleLines(issues)).toEqual([
        {
          rule: 'release-context-missing',
          file: 'releases/2.4.0/CLAUDE.md',
          line: undefined,
        },
      ]);
      expect(entity!.spec!.releases).toHaveLength(1);
    });

    it('reports a CLAUDE.md with nothing but comments, and one that only bridges to AGENTS.md', () => {
      const { issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0', {
          'CLAUDE.md': '<!-- agent-platform: conventions go here -->\n\n',
        }),
        ...release('2.5.0', { 'CLAUDE.md': '<!-- bridge -->\n\n@AGENTS.md\n' }),
      ]);
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

    it('skips a release whose frontmatter is not valid YAML', () => {
      const { entity, issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0', {
          'RELEASE.md': releaseMd(
            'date: 2026-10-28\nskills: [code-review\nsecurity: false\n',
          ),
        }),
      ]);
      expect(ruleLines(issues)).toEqual([
        {
          rule: 'frontmatter-yaml-syntax',
          file: 'releases/2.4.0/RELEASE.md',
          line: expect.any(Number),
        },
        {
          rule: 'release-unreadable',
          file: 'releases/2.4.0/RELEASE.md',
          line: 1,
        },
      ]);
      expect(issues[0].line).toBeGreaterThanOrEqual(3);
      expect(entity!.spec!.releases).toEqual([]);
    });

    it('reports a RELEASE.md without frontmatter', () => {
      const { issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0', { 'RELEASE.md': 'Adds code review.\n' }),
      ]);
      expect(ruleLines(issues)).toEqual([
        {
          rule: 'release-frontmatter-missing',
          file: 'releases/2.4.0/RELEASE.md',
          line: 1,
        },
      ]);
    });

    it.each([
      ['28/10/2026', 2],
      ['2026-02-30', 2],
      ['2026-10-28T10:00:00Z', 2],
    ])(
      'reports the date %p, which is not YYYY-MM-DD, and leaves it out',
      (date, line) => {
        const { entity, issues } = map([
          file(BASE_MANIFEST_FILE, MANIFEST),
          ...release('2.4.0', {
            'RELEASE.md': releaseMd(FRONTMATTER.replace('2026-10-28', date)),
          }),
        ]);
        expect(ruleLines(issues)).toEqual([
          {
            rule: 'release-date-invalid',
            file: 'releases/2.4.0/RELEASE.md',
            line,
          },
        ]);
        expect(
          (entity!.spec!.releases as Array<{ date?: string }>)[0].date,
        ).toBeUndefined();
      },
    );

    it('skips a release whose flag is not a boolean rather than guess it', () => {
      const { entity, issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0', {
          'RELEASE.md': releaseMd(
            FRONTMATTER.replace('withdrawn: false', 'withdrawn: yes'),
          ),
        }),
      ]);
      expect(ruleLines(issues)).toEqual([
        {
          rule: 'release-flag-invalid',
          file: 'releases/2.4.0/RELEASE.md',
          line: 5,
        },
      ]);
      expect(entity!.spec!.releases).toEqual([]);
    });

    it('reports a frontmatter version that differs from the folder name', () => {
      const { entity, issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0', {
          'RELEASE.md': releaseMd(`version: 2.3.0\n${FRONTMATTER}`),
        }),
      ]);
      expect(ruleLines(issues)).toEqual([
        {
          rule: 'release-version-mismatch',
          file: 'releases/2.4.0/RELEASE.md',
          line: 2,
        },
      ]);
      expect(
        (entity!.spec!.releases as Array<{ version: string }>)[0].version,
      ).toBe('2.4.0');
    });

    it('reports skills that are not skill refs, and a negative budget cap', () => {
      const { entity, issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0', {
          'RELEASE.md': releaseMd(
            FRONTMATTER.replace(
              '  - code-review\n',
              '  - code-review\n  - api:default/github\n',
            ).replace('monthlyUsdCap: 5000', 'monthlyUsdCap: -5'),
          ),
        }),
      ]);
      expect(ruleLines(issues)).toEqual([
        {
          rule: 'release-skill-invalid',
          file: 'releases/2.4.0/RELEASE.md',
          line: 8,
        },
        {
          rule: 'release-budget-invalid',
          file: 'releases/2.4.0/RELEASE.md',
          line: 14,
        },
      ]);
      const config = (
        entity!.spec!.releases as Array<{ config: Record<string, unknown> }>
      )[0].config;
      expect(config.skills).toEqual([
        'airesource:default/code-review',
        'airesource:default/commit-message',
      ]);
      expect(config.budget).toEqual({});
    });

    it('reports a model routing role without a model', () => {
      const { issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0', {
          'RELEASE.md': releaseMd(
            FRONTMATTER.replace('plan: claude-opus-4-8', 'plan: 4'),
          ),
        }),
      ]);
      expect(ruleLines(issues)).toEqual([
        {
          rule: 'release-model-routing-invalid',
          file: 'releases/2.4.0/RELEASE.md',
          line: 11,
        },
      ]);
    });

    it('warns about fields that belong elsewhere, with a hint', () => {
      const { issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0', {
          'RELEASE.md': releaseMd(`${FRONTMATTER}latest: true\n`),
        }),
      ]);
      expect(ruleLines(issues)).toEqual([
        {
          rule: 'release-unknown-field',
          file: 'releases/2.4.0/RELEASE.md',
          line: 14,
        },
      ]);
      expect(issues[0]).toMatchObject({ severity: 'warning' });
      expect(issues[0].message).toContain('semver decides');
    });

    it('reports a bad permission mode in .claude/settings.json', () => {
      const { entity, issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0', {
          '.claude/settings.json': SETTINGS.replace(
            '"defaultMode": "default"',
            '"defaultMode": "yolo"',
          ),
        }),
      ]);
      expect(ruleLines(issues)).toEqual([
        {
          rule: 'settings-invalid-default-mode',
          file: 'releases/2.4.0/.claude/settings.json',
          line: 4,
        },
      ]);
      expect(
        (
          entity!.spec!.releases as Array<{
            config: { permissions: Record<string, unknown> };
          }>
        )[0].config.permissions,
      ).toEqual({
        allow: ['Bash(npm run test *)'],
        ask: ['Bash(git push *)'],
        deny: ['Read(./.env)'],
      });
    });

    it('reports an .mcp.json that is not JSON and leaves the servers out', () => {
      const { entity, issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0', {
          '.mcp.json': MCP.replace('"jira": {', '"jira" {'),
        }),
      ]);
      expect(ruleLines(issues)).toEqual([
        { rule: 'json-syntax', file: 'releases/2.4.0/.mcp.json', line: 4 },
      ]);
      expect(
        (
          entity!.spec!.releases as Array<{ config: Record<string, unknown> }>
        )[0].config.mcpServers,
      ).toBeUndefined();
    });

    it('reports an .mcp.json server with a url but no type', () => {
      const { issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0', {
          '.mcp.json': MCP.replace(
            '"type": "http", "url": "https://mcp.atlassian',
            '"url": "https://mcp.atlassian',
          ),
        }),
      ]);
      expect(ruleLines(errorsOf(issues))).toEqual([
        {
          rule: 'mcp-url-without-type',
          file: 'releases/2.4.0/.mcp.json',
          line: 4,
        },
      ]);
    });

    it('warns about settings.json outside .claude/, where Claude Code does not read it', () => {
      const { issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0'),
        file('releases/2.4.0/settings.json', SETTINGS),
      ]);
      expect(issues.map(i => [i.rule, i.severity, i.file])).toEqual([
        ['release-file-misplaced', 'warning', 'releases/2.4.0/settings.json'],
      ]);
    });

    it('skips a release that differs from another only in build metadata', () => {
      const { entity, issues } = map([
        file(BASE_MANIFEST_FILE, MANIFEST),
        ...release('2.4.0'),
        ...release('2.4.0+hotfix'),
      ]);
      expect(ruleLines(issues)).toEqual([
        {
          rule: 'release-version-duplicate',
          file: 'releases/2.4.0+hotfix',
          line: undefined,
        },
      ]);
      expect(entity!.spec!.releases).toHaveLength(1);
    });

    it('reports a base name that cannot be pinned and falls back to the folder name', () => {
      const { entity, issues } = map([
        file(
          BASE_MANIFEST_FILE,
          MANIFEST.replace('name: org-base', 'name: Org_Base'),
        ),
        ...release('2.4.0'),
      ]);
      expect(ruleLines(issues)).toEqual([
        { rule: 'base-name-invalid', file: 'agent-base.yaml', line: 1 },
      ]);
      expect(entity?.metadata.name).toBe('agent-base');
    });

    it('reports an agent-base.yaml that is not YAML, and a link without a url', () => {
      const broken = map([
        file(BASE_MANIFEST_FILE, 'name: org-base\ntitle: [Org base\n'),
        ...release('2.4.0'),
      ]);
      expect(broken.issues[0]).toMatchObject({
        rule: 'yaml-invalid',
        file: 'agent-base.yaml',
      });
      expect(broken.issues[0].line).toBeGreaterThanOrEqual(2);

      const link = map([
        file(
          BASE_MANIFEST_FILE,
          MANIFEST.replace(
            '  - url: https://wiki.acme.example/org-base',
            '  - href: https://wiki.acme.example/org-base',
          ),
        ),
        ...release('2.4.0'),
      ]);
      expect(ruleLines(link.issues)).toEqual([
        { rule: 'base-link-invalid', file: 'agent-base.yaml', line: 7 },
      ]);
      expect(link.entity?.metadata.links).toBeUndefined();
    });
  });
});
