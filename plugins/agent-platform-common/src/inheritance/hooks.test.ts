import { resolveEffectiveConfig } from './resolveEffectiveConfig';
import { readBaseReleaseLayer } from './layers';
import {
  baseConfig,
  makeBase,
  makeRepo,
  makeTeam,
  NOW,
  release,
  SERVERS,
  SKILLS,
} from './__testUtils__/fixtures';

const gate = {
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

describe('hooks through inheritance', () => {
  it('adds up the hooks of base, team and repo, each with its layer', () => {
    const base = makeBase([
      release('2.3.0', { config: { ...baseConfig(), hooks: gate } }),
    ]);
    const team = makeTeam({
      hooks: {
        PostToolUse: [
          {
            matcher: 'Edit',
            hooks: [{ type: 'command', command: 'prettier' }],
          },
        ],
      },
    } as never);
    const repo = makeRepo({
      extends: 'org-base@2.3.0',
      hooks: { Stop: [{ hooks: [{ type: 'command', command: 'notify' }] }] },
    } as never);
    const result = resolveEffectiveConfig({
      base,
      team,
      repo,
      mcpServers: SERVERS,
      skills: SKILLS,
      now: NOW,
    });
    expect(result.effective.hooks).toEqual([
      {
        event: 'PreToolUse',
        matcher: 'Bash',
        handler: gate.PreToolUse[0].hooks[0],
        layer: 'base@2.3.0',
      },
      {
        event: 'PostToolUse',
        matcher: 'Edit',
        handler: { type: 'command', command: 'prettier' },
        layer: 'team:payments-agent-config',
      },
      {
        event: 'Stop',
        handler: { type: 'command', command: 'notify' },
        layer: 'repo:checkout-api-agent-config',
      },
    ]);
  });

  it('reports unreadable hooks as layer-invalid and keeps the rest', () => {
    const base = makeBase([release('2.3.0')]);
    const read = readBaseReleaseLayer(
      base,
      release('2.3.0', {
        config: {
          hooks: {
            PreToolUse: [{ hooks: [{ command: 'no type' }] }],
            Stop: 'x',
          } as never,
        },
      }),
    );
    expect(read.layer.content.hooks).toBeUndefined();
    expect(read.issues.map(i => i.message)).toEqual([
      expect.stringContaining('hooks.PreToolUse[0].hooks[0]'),
      expect.stringContaining('hooks.Stop'),
    ]);
  });
});
