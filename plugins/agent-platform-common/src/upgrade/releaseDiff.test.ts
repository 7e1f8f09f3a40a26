import { describeReleaseDiff, diffReleases } from './releaseDiff';
import { V1, V2 } from './__testUtils__/upgradeFixtures';

describe('diffReleases', () => {
  it('computes what changed from one release to another', () => {
    const diff = diffReleases(V1, V2);
    expect(diff).toEqual({
      from: '1.0.0',
      to: '2.0.0',
      permissions: {
        allow: { added: ['Bash(npm run lint *)'], removed: [] },
        ask: { added: ['mcp__github__create_issue'], removed: [] },
        deny: { added: ['Bash(curl *)', 'mcp__scraper'], removed: [] },
      },
      mcpServers: {
        added: ['api:default/sentry'],
        removed: ['api:default/jira'],
      },
      skills: { added: ['airesource:default/triage'], removed: [] },
      hooks: {
        added: [
          {
            event: 'PreToolUse',
            matcher: 'Bash',
            handler: { type: 'command', command: 'approve-destructive.sh' },
          },
        ],
        removed: [],
      },
      modelRouting: [
        { role: 'default', from: 'claude-sonnet-4-6', to: 'claude-sonnet-5' },
        { role: 'plan', to: 'claude-opus-4-8' },
      ],
      empty: false,
    });
    expect(describeReleaseDiff(diff)).toEqual([
      '- Deny rules added: `Bash(curl *)`, `mcp__scraper`',
      '- Ask rules added: `mcp__github__create_issue`',
      '- Allow rules added: `Bash(npm run lint *)`',
      '- MCP servers added: `sentry`',
      '- MCP servers removed: `jira`',
      '- Skills added: `triage`',
      '- Hooks added: PreToolUse (Bash): `approve-destructive.sh`',
      '- Model for default: `claude-sonnet-4-6` -> `claude-sonnet-5`',
      '- Model for plan: (unset) -> `claude-opus-4-8`',
    ]);
  });

  it('reads a downgrade as the reverse changes and equal releases as empty', () => {
    const back = diffReleases(V2, V1);
    expect(back.mcpServers).toEqual({
      added: ['api:default/jira'],
      removed: ['api:default/sentry'],
    });
    expect(back.hooks.removed).toHaveLength(1);
    expect(diffReleases(V2, { ...V2, version: '2.0.1' }).empty).toBe(true);
    expect(describeReleaseDiff(diffReleases(V2, V2))).toEqual([]);
  });

  it('treats hooks that differ only in key order as equal', () => {
    const reordered = {
      ...V2,
      version: '2.0.1',
      config: {
        ...V2.config,
        hooks: {
          PreToolUse: [
            {
              matcher: 'Bash',
              hooks: [{ command: 'approve-destructive.sh', type: 'command' }],
            },
          ],
        },
      },
    };
    expect(diffReleases(V2, reordered).hooks).toEqual({
      added: [],
      removed: [],
    });
  });

  it('diffs against nothing', () => {
    const diff = diffReleases(undefined, V1);
    expect(diff.from).toBeUndefined();
    expect(diff.permissions.deny.added).toEqual(['Read(./.env)']);
    expect(diff.permissions.defaultMode).toEqual({ to: 'default' });
  });
});
