import { upgradeAgentFiles } from './upgradeAgentFiles';
import { collectAgentFiles } from './collectAgentFiles';
import { upgradePullRequest } from './upgradePullRequest';
import { BASE, repoFiles, SERVERS } from './__testUtils__/upgradeFixtures';

describe('upgradePullRequest', () => {
  it('says what the release changes for the repository, conflicts first', async () => {
    const result = await upgradeAgentFiles({
      files: repoFiles(),
      base: BASE,
      mcpServers: SERVERS,
    });
    if (!result.ok) throw new Error(result.error.message);
    const pr = upgradePullRequest(result, { repo: 'checkout-api' });
    expect(pr.branchName).toBe('agent-platform/upgrade-org-base-2.0.0');
    expect(pr.title).toBe('Upgrade org-base from 1.0.0 to 2.0.0 (2 conflicts)');
    const conflicts = pr.body.indexOf('## Conflicts to resolve by hand (2)');
    const changes = pr.body.indexOf('## Changes to this repository');
    const release = pr.body.indexOf(
      '## What 2.0.0 changes in org-base (since 1.0.0)',
    );
    expect(conflicts).toBeGreaterThan(0);
    expect(changes).toBeGreaterThan(conflicts);
    expect(release).toBeGreaterThan(changes);
    expect(pr.body).toContain(
      "- `.mcp.json:4` The repository's MCP server `scraper` is switched off by the deny rule `mcp__scraper` that 2.0.0 adds",
    );
    expect(pr.body).toContain('- MCP servers removed: `jira`');
    expect(pr.body).toContain(
      '- Hooks added: PreToolUse (Bash): `approve-destructive.sh`',
    );
  });
});

describe('collectAgentFiles', () => {
  it('reads the context files, their imports and the two JSON files', async () => {
    const files: Record<string, string> = {
      ...repoFiles(),
      'CLAUDE.md':
        '<!-- agent-platform: extends: org-base@1.0.0 -->\n@AGENTS.md\n@docs/rules.md\n',
      'docs/rules.md': '# Rules\n',
      'README.md': 'not an agent file',
    };
    const read = jest.fn(async (p: string) => files[p]);
    expect(Object.keys(await collectAgentFiles(read)).sort()).toEqual([
      '.claude/settings.json',
      '.mcp.json',
      'AGENTS.md',
      'CLAUDE.md',
      'docs/rules.md',
    ]);
  });
});
