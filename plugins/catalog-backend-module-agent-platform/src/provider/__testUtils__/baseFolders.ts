import { UrlReaderService } from '@backstage/backend-plugin-api';
import { resolve } from 'node:path';
import { readSourceFiles } from '../readSources';
import { MAX_SOURCE_FILE_BYTES, SourceFile } from '../sourceFile';

/**
 * Inputs for the golden test of the org base mapper (`baseEntity.golden.test.ts`):
 * the example org base on disk, and a tree of base folders with one of nearly
 * every problem the mapper reports. The expected output was recorded from the
 * mapper as it was before its parsing moved into the core's parsers.
 */

/** The repository's `examples/org-base/` folder. */
export const EXAMPLE_ORG_BASE = resolve(
  __dirname,
  '../../../../../examples/org-base',
);

/** The files of `examples/org-base/`, read the way the provider reads them. */
export function readExampleOrgBase(fileNames: ReadonlySet<string>) {
  return readSourceFiles(
    EXAMPLE_ORG_BASE,
    fileNames,
    // A local folder is read from disk; the URL reader is never asked.
    {} as UrlReaderService,
  );
}

const ROOT = '/srv/bases';
const file = (path: string, text: string | Buffer): SourceFile => {
  const content = typeof text === 'string' ? Buffer.from(text) : text;
  return {
    path,
    locationType: 'file',
    target: `${ROOT}/${path}`,
    folder: [ROOT, ...path.split('/').slice(0, -1)].join('/'),
    size: content.length,
    content,
  };
};
const tooLarge = (path: string): SourceFile => ({
  ...file(path, ''),
  size: MAX_SOURCE_FILE_BYTES + 1,
  content: Buffer.alloc(0),
});

const CLAUDE_MD = '# Conventions\n\n- Run the tests before you finish.\n';
const SETTINGS = JSON.stringify(
  {
    permissions: {
      defaultMode: 'default',
      allow: ['Bash(npm run test *)'],
      ask: ['Bash(git push *)'],
      deny: ['Read(./.env)'],
    },
  },
  null,
  2,
);
const MCP = JSON.stringify(
  {
    mcpServers: {
      github: { type: 'http', url: 'https://api.githubcopilot.com/mcp/' },
      jira: { type: 'http', url: 'https://mcp.atlassian.com/v1/mcp' },
    },
  },
  null,
  2,
);
const releaseMd = (frontmatter: string, body = 'What changed.') =>
  `---\n${frontmatter}---\n\n${body}\n`;

/**
 * Base folders with problems: an `agent-base.yaml` with unknown fields, a bad
 * name and links; release folders with each kind of broken file; a base
 * without releases; a manifest that is not a mapping; releases with no
 * manifest above them.
 */
export function brokenBaseFiles(): SourceFile[] {
  const b = 'broken-base/';
  const r = (version: string, name: string) =>
    `${b}releases/${version}/${name}`;
  return [
    file(
      `${b}agent-base.yaml`,
      [
        'name: Broken_Base',
        'title: ""',
        'description: Bases with problems.',
        'system: agent-platform',
        'lifecycle: experimental',
        'latest: 2.4.0',
        'links:',
        '  - url: https://wiki.acme.example/broken',
        '    title: Wiki',
        '  - href: https://wiki.acme.example/nope',
        '  - url: not-a-url',
        '',
      ].join('\n'),
    ),
    // The base repository's own files are not releases.
    file(`${b}CLAUDE.md`, '# Working on the base\n'),
    // A good release, with a misplaced settings.json and a nested CLAUDE.md.
    file(
      r('2.4.0', 'RELEASE.md'),
      releaseMd(
        [
          'date: 2026-10-28',
          'security: true',
          'skills:',
          '  - code-review',
          '  - airesource:default/commit-message',
          '  - code-review',
          'modelRouting:',
          '  default: claude-sonnet-4-6',
          'budget:',
          '  monthlyUsdCap: 5000',
          '',
        ].join('\n'),
      ),
    ),
    file(r('2.4.0', 'CLAUDE.md'), CLAUDE_MD),
    file(r('2.4.0', '.claude/CLAUDE.md'), '<!-- only a comment -->\n'),
    file(r('2.4.0', '.claude/settings.json'), SETTINGS),
    file(r('2.4.0', '.mcp.json'), MCP),
    file(r('2.4.0', 'settings.json'), SETTINGS),
    file(r('2.4.0', 'docs/CLAUDE.md'), '# Docs\n'),
    // Same precedence as 2.4.0.
    file(r('2.4.0+hotfix', 'RELEASE.md'), releaseMd('date: 2026-10-29\n')),
    file(r('2.4.0+hotfix', 'CLAUDE.md'), CLAUDE_MD),
    // Not semver.
    file(r('v2.5.0', 'RELEASE.md'), releaseMd('date: 2026-11-01\n')),
    file(r('latest', 'RELEASE.md'), releaseMd('date: 2026-11-01\n')),
    // No RELEASE.md.
    file(r('2.3.0', 'CLAUDE.md'), CLAUDE_MD),
    file(r('2.3.0', '.claude/settings.json'), SETTINGS),
    // Frontmatter that is not YAML.
    file(
      r('2.2.0', 'RELEASE.md'),
      releaseMd('date: 2026-06-23\nskills: [code-review\n'),
    ),
    file(r('2.2.0', 'CLAUDE.md'), CLAUDE_MD),
    // No frontmatter, a CLAUDE.md of comments only, no settings, misplaced .mcp.json.
    file(r('2.1.0', 'RELEASE.md'), 'Just notes.\n'),
    file(r('2.1.0', 'CLAUDE.md'), '<!-- nothing yet -->\n\n'),
    file(r('2.1.0', 'config/.mcp.json'), MCP),
    // A date that is not YYYY-MM-DD and a flag that is not a boolean.
    file(
      r('2.0.0', 'RELEASE.md'),
      releaseMd('date: 2026-02-30\nwithdrawn: yes\n'),
    ),
    file(r('2.0.0', 'CLAUDE.md'), CLAUDE_MD),
    // Invalid skills, routing and budget; unknown fields; a version mismatch; no notes.
    file(
      r('1.9.0', 'RELEASE.md'),
      releaseMd(
        [
          'version: 1.8.9',
          'date: "2026-01-30"',
          'deprecated: false',
          'skills:',
          '  - api:default/github',
          '  - 42',
          'modelRouting:',
          '  default: ""',
          '  plan: claude-opus-4-8',
          'budget:',
          '  monthlyUsdCap: -5',
          '  monthlyUsd: 100',
          'mcpServers: [github]',
          'permissions: {}',
          'notes: hello',
          'name: other',
          'extra: 1',
          '',
        ].join('\n'),
        '',
      ),
    ),
    file(r('1.9.0', 'CLAUDE.md'), CLAUDE_MD),
    file(r('1.9.0', '.claude/settings.json'), '{ "permissions": [] }'),
    file(r('1.9.0', '.mcp.json'), '{ "servers": {} }'),
    // Routing and budget that are not mappings, skills that is not a list.
    file(
      r('1.8.5', 'RELEASE.md'),
      releaseMd(
        'date: 2025-12-01\nskills: code-review\nmodelRouting: [a]\nbudget: 5\n',
      ),
    ),
    file(r('1.8.5', 'CLAUDE.md'), CLAUDE_MD),
    // A bridge-only CLAUDE.md, an MCP server name that cannot name an entity,
    // a bad permission mode, an .mcp.json that is not JSON.
    file(
      r('1.8.0', 'RELEASE.md'),
      releaseMd('date: 2025-11-01\nsecurity: false\n'),
    ),
    file(r('1.8.0', 'CLAUDE.md'), '<!-- bridge -->\n\n@AGENTS.md\n'),
    file(
      r('1.8.0', '.claude/settings.json'),
      SETTINGS.replace('"defaultMode": "default"', '"defaultMode": "yolo"'),
    ),
    file(
      r('1.8.0', '.mcp.json'),
      JSON.stringify({
        mcpServers: {
          'Bad Name!': { type: 'http', url: 'https://example.com/mcp' },
          jira: { url: 'https://mcp.atlassian.com/v1/mcp' },
        },
      }),
    ),
    file(r('1.7.0', 'RELEASE.md'), releaseMd('date: 2025-10-01\n')),
    file(r('1.7.0', 'CLAUDE.md'), CLAUDE_MD),
    file(r('1.7.0', '.mcp.json'), '{ "mcpServers": { "x": '),
    // Files that cannot be read as text.
    tooLarge(r('1.6.0', 'RELEASE.md')),
    file(r('1.6.0', 'CLAUDE.md'), Buffer.from([0x23, 0x00, 0x41])),
    tooLarge(r('1.5.0', '.claude/settings.json')),
    file(r('1.5.0', 'RELEASE.md'), releaseMd('date: 2025-08-01\n')),
    file(r('1.5.0', 'CLAUDE.md'), CLAUDE_MD),
    file(r('1.5.0', '.mcp.json'), Buffer.from([0x7b, 0x00, 0x7d])),

    // A base without releases, named by its folder.
    file('empty-base/agent-base.yaml', 'owner: platform\n'),
    // A manifest that is not a mapping.
    file('list-base/agent-base.yaml', '- name: list-base\n'),
    file(
      'list-base/releases/1.0.0/RELEASE.md',
      releaseMd('date: 2026-01-01\n'),
    ),
    file('list-base/releases/1.0.0/CLAUDE.md', CLAUDE_MD),
    // A manifest that is not YAML, and one too large to read.
    file('bad-yaml-base/agent-base.yaml', 'name: x\ntitle: [oops\n'),
    tooLarge('huge-base/agent-base.yaml'),
    // Release folders with no agent-base.yaml above them.
    file('orphans/releases/1.0.0/RELEASE.md', releaseMd('date: 2026-01-01\n')),
    file('orphans/releases/1.0.0/CLAUDE.md', CLAUDE_MD),
    // Neither the name nor the folder name can name an entity.
    file('___/agent-base.yaml', 'name: 3\n'),
  ];
}

/** Replaces the absolute path of the examples folder so the output is portable. */
export function portable<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value).split(EXAMPLE_ORG_BASE).join('<examples>/org-base'),
  );
}
