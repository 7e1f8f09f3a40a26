import {
  readReleases,
  validateAgentConfigEntity,
} from '@agent-platform/plugin-agent-platform-common';
import { baseEntityFromFiles, groupBaseFolders } from './baseEntity';
import { SourceFile } from './sourceFile';

// Hooks of a release's .claude/settings.json (e.g. approval gates) are part of
// the release, so that managed settings can render them.
const ROOT = '/srv/agent-base';
const file = (path: string, text: string): SourceFile => ({
  path,
  locationType: 'file',
  target: `${ROOT}/${path}`,
  folder: [ROOT, ...path.split('/').slice(0, -1)].join('/'),
  size: Buffer.byteLength(text),
  content: Buffer.from(text),
});

const GATE = {
  PreToolUse: [
    {
      matcher: 'Bash',
      hooks: [
        {
          type: 'command',
          command: '/opt/acme/approve-destructive.sh',
          timeout: 30,
        },
      ],
    },
  ],
};

describe('release hooks', () => {
  it('keeps the hooks of the release settings in the release config', () => {
    const settings = (hooks?: unknown) =>
      JSON.stringify({
        permissions: { allow: [], ask: [], deny: ['Read(./.env)'] },
        ...(hooks ? { hooks } : {}),
      });
    const files = [
      file('agent-base.yaml', 'name: org-base\nowner: platform\n'),
      ...['2.4.0', '2.5.0'].flatMap(version => [
        file(
          `releases/${version}/RELEASE.md`,
          `---\ndate: 2026-10-28\n---\n\nRelease ${version}.\n`,
        ),
        file(`releases/${version}/CLAUDE.md`, '# Conventions\n'),
        file(
          `releases/${version}/.claude/settings.json`,
          settings(version === '2.5.0' ? GATE : undefined),
        ),
      ]),
    ];
    const [base] = groupBaseFolders(files);
    const { entity } = baseEntityFromFiles(base, {
      defaultOwner: 'group:default/platform',
    });
    expect(validateAgentConfigEntity(entity).success).toBe(true);
    const { releases } = readReleases(entity as never);
    expect(releases.map(r => r.config.hooks)).toEqual([undefined, GATE]);
  });
});
