import { join } from 'node:path';
import { resolveEffectiveConfig } from '../inheritance/resolveEffectiveConfig';
import { checkAgentWorkspace } from './checkAgentWorkspace';
import { renderAgentFiles } from './renderAgentFiles';
import {
  EXAMPLES,
  exampleConfigs,
  exampleServers,
  exampleSkills,
  folderReader,
  mapReader,
  NOW,
} from './__testUtils__/exampleOrg';

const { bases, teams } = exampleConfigs();
const base = bases[0];
const teamConfig = (name: string) => teams.find(t => t.metadata.name === name)!;
const common = {
  base,
  mcpServers: exampleServers(),
  skills: exampleSkills(),
  now: NOW,
};
const repo = (name: string) => folderReader(join(EXAMPLES, 'repos', name));

describe('checkAgentWorkspace', () => {
  it('reports drift for cart-service, pinned two releases behind in a bridged AGENTS.md', async () => {
    const report = await checkAgentWorkspace({
      ...common,
      readFile: repo('cart-service'),
      team: teamConfig('checkout-agent-config'),
      repoName: 'cart-service',
    });
    expect(report.pin).toEqual(
      expect.objectContaining({ file: 'AGENTS.md', version: '2.2.0' }),
    );
    expect(report.drift).toEqual(
      expect.objectContaining({
        pinned: '2.2.0',
        latest: '2.4.0',
        releasesBehind: 2,
        upToDate: false,
        missedSecurity: false,
        upgradeLine: '<!-- agent-platform: extends: org-base@2.4.0 -->',
      }),
    );
    expect(report.files).toEqual(
      expect.arrayContaining([
        'CLAUDE.md',
        'AGENTS.md',
        '.mcp.json',
        '.claude/settings.json',
      ]),
    );
    // The team config loosens the base (Read(./.env)); the repo inherits it.
    expect(report.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'deny-overridden',
          layer: 'team:checkout-agent-config',
          file: 'airesource:default/checkout-agent-config',
        }),
      ]),
    );
    expect(report.ok).toBe(false);
  });

  it('reports drift and nothing else against the base alone', async () => {
    const report = await checkAgentWorkspace({
      ...common,
      readFile: repo('cart-service'),
    });
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.drift?.releasesBehind).toBe(2);
  });

  it('finds the denied shell-admin server in search-indexer, on its line of .mcp.json', async () => {
    const report = await checkAgentWorkspace({
      ...common,
      readFile: repo('search-indexer'),
      repoName: 'search-indexer',
    });
    const denied = report.violations.filter(
      v => v.rule === 'mcp-server-denied',
    );
    expect(denied).toEqual([
      expect.objectContaining({
        file: '.mcp.json',
        line: 22,
        layer: 'repo:search-indexer',
        item: 'api:default/shell-admin',
      }),
    ]);
    expect(report.ok).toBe(false);
  });

  it('reports a missed security release as an error (events-pipeline pins 2.0.0)', async () => {
    const report = await checkAgentWorkspace({
      ...common,
      readFile: repo('events-pipeline'),
    });
    expect(report.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'pin-missed-security',
          file: 'CLAUDE.md',
          message: expect.stringContaining('2.2.0'),
        }),
      ]),
    );
    expect(report.drift?.missedSecurity).toBe(true);
  });

  it('reports an empty workspace and a workspace without a pin', async () => {
    const empty = await checkAgentWorkspace({
      ...common,
      readFile: mapReader({}),
    });
    expect(empty.violations.map(v => v.rule)).toEqual(['context-file-missing']);
    expect(empty.ok).toBe(false);

    const unpinned = await checkAgentWorkspace({
      ...common,
      readFile: mapReader({ 'CLAUDE.md': '# x\n' }),
    });
    expect(unpinned.violations).toEqual([
      expect.objectContaining({
        rule: 'pin-missing',
        file: 'CLAUDE.md',
        message: expect.stringContaining(
          '<!-- agent-platform: extends: org-base@2.4.0 -->',
        ),
      }),
    ]);
    expect(unpinned.drift).toBeUndefined();
  });

  it('reports a literal secret, a looser mode and a loosened deny of the files', async () => {
    const report = await checkAgentWorkspace({
      ...common,
      readFile: mapReader({
        'CLAUDE.md': '<!-- agent-platform: extends: org-base@2.4.0 -->\n',
        '.mcp.json': JSON.stringify({
          mcpServers: {
            github: {
              type: 'http',
              url: 'https://api.githubcopilot.com/mcp/',
              headers: {
                Authorization:
                  'Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789',
              },
            },
          },
        }),
        '.claude/settings.json': JSON.stringify(
          {
            permissions: {
              defaultMode: 'bypassPermissions',
              allow: ['Read(./.env)'],
            },
          },
          null,
          2,
        ),
      }),
    });
    expect(report.violations.map(v => `${v.file}:${v.rule}`).sort()).toEqual([
      '.claude/settings.json:deny-overridden',
      '.claude/settings.json:mode-bypass',
      '.mcp.json:mcp-literal-secret',
    ]);
    expect(
      report.violations.find(v => v.rule === 'deny-overridden')?.line,
    ).toBe(5);
  });

  it('matches servers by what they run: a key naming another server is a violation', async () => {
    const report = await checkAgentWorkspace({
      ...common,
      readFile: mapReader({
        'CLAUDE.md': '<!-- agent-platform: extends: org-base@2.4.0 -->\n',
        '.mcp.json': JSON.stringify(
          {
            mcpServers: {
              github: { command: 'node', args: ['./tools/x.js'] },
              tracker: {
                type: 'http',
                url: 'https://mcp.atlassian.com/v1/mcp',
              },
            },
          },
          null,
          2,
        ),
      }),
    });
    expect(report.violations.map(v => [v.file, v.line, v.rule])).toEqual([
      ['.mcp.json', 3, 'mcp-server-identity-mismatch'],
    ]);
    expect(report.violations[0].message).toContain('runs node ./tools/x.js');
    expect(report.violations[0].message).toContain('api:default/github');
    expect(report.effective?.effective.mcpServers.map(s => s.ref)).toEqual(
      expect.arrayContaining(['api:default/jira']),
    );
  });

  it('reports a base release that does not exist, at the pin', async () => {
    const report = await checkAgentWorkspace({
      ...common,
      readFile: mapReader({
        'CLAUDE.md':
          '# x\n\n<!-- agent-platform: extends: org-base@9.9.9 -->\n',
      }),
    });
    expect(report.violations).toEqual([
      expect.objectContaining({
        rule: 'base-release-unknown',
        file: 'CLAUDE.md',
        line: 3,
      }),
    ]);
    expect(report.drift?.pinUnknown).toBe(true);
  });

  it('passes the files rendered from the effective config, with no drift', async () => {
    const team = teamConfig('payments-agent-config');
    const result = resolveEffectiveConfig({
      ...common,
      team,
      pin: 'org-base@2.4.0',
    });
    expect(result.ok).toBe(true);
    const rendered = renderAgentFiles({
      componentName: 'refunds-api',
      owner: 'group:default/payments',
      result,
      mcpServers: common.mcpServers,
    });
    const report = await checkAgentWorkspace({
      ...common,
      team,
      readFile: mapReader(rendered.files),
      repoName: 'refunds-api',
    });
    expect(report.violations).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.drift?.upToDate).toBe(true);
    expect(report.pin).toEqual(
      expect.objectContaining({ file: 'CLAUDE.md', line: 1, version: '2.4.0' }),
    );
  });
});
