import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGithubPullRequestAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createActionHarness } from './__testUtils__/actionHarness';
import { EXAMPLES } from './__testUtils__/exampleCatalog';
import { Failure, startGithubStandIn } from './__testUtils__/githubStandIn';
import { createBaseUpgradeAction } from './baseUpgrade';

const harness = createActionHarness(({ catalog }) =>
  createBaseUpgradeAction({ catalog }),
);

jest.setTimeout(60_000);

/** Sets up the action with cart-service (pinned 2.2.0) checked out in repo/. */
async function withCartService(change?: (dir: string) => void) {
  const { run } = await harness.setup();
  const dir = join(harness.mockDir.path, 'repo');
  cpSync(join(EXAMPLES, 'repos/cart-service'), dir, { recursive: true });
  change?.(dir);
  return run;
}

/** The real publish:github:pull-request action, pointed at a stand-in. */
async function openPullRequest(
  outputs: Record<string, any>,
  fail?: (req: { method: string; path: string }) => Failure | undefined,
) {
  const standIn = await startGithubStandIn({ fail });
  try {
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: 'github.com',
              apiBaseUrl: standIn.url,
              token: 'stand-in-token',
            },
          ],
        },
      }),
    );
    const action = createPublishGithubPullRequestAction({ integrations });
    const ctx = createMockActionContext({
      input: {
        repoUrl: 'github.com?owner=acme&repo=cart-service',
        branchName: outputs.branchName,
        title: outputs.title,
        description: outputs.body,
        sourcePath: 'upgrade',
      },
      workspacePath: harness.mockDir.path,
    });
    let error: Error | undefined;
    try {
      await action.handler(ctx as any);
    } catch (e) {
      error = e as Error;
    }
    return { requests: standIn.requests, ctx, error };
  } finally {
    await standIn.close();
  }
}

describe('agent-platform:base:upgrade', () => {
  it('writes the changed files and a pull request the real publish:github:pull-request action opens', async () => {
    const run = await withCartService();
    const ctx = await run({ sourcePath: 'repo', repo: 'cart-service' });
    const out = harness.outputs(ctx);
    expect(out).toEqual(
      expect.objectContaining({
        base: 'org-base',
        from: '2.2.0',
        to: '2.4.0',
        files: ['AGENTS.md', '.claude/settings.json'],
        conflicts: 0,
        branchName: 'agent-platform/upgrade-org-base-2.4.0',
        title: 'Upgrade org-base from 2.2.0 to 2.4.0',
      }),
    );
    expect(out.body).toContain(
      '## What 2.4.0 changes in org-base (since 2.2.0)',
    );
    expect(out.body).toContain(
      '- Deny rules added: `Bash(git push --force *)`',
    );
    expect(harness.read('upgrade/AGENTS.md')).toContain(
      '<!-- agent-platform: extends: org-base@2.4.0 -->',
    );
    // Only changed files are written.
    expect(existsSync(join(harness.mockDir.path, 'upgrade/.mcp.json'))).toBe(
      false,
    );

    const { requests, ctx: prCtx, error } = await openPullRequest(out);
    expect(error).toBeUndefined();
    const blobs = requests
      .filter(r => r.method === 'POST' && r.path.endsWith('/git/blobs'))
      .map(r => Buffer.from(r.body.content, 'base64').toString('utf8'));
    expect(blobs.sort()).toEqual(
      [
        harness.read('upgrade/AGENTS.md'),
        harness.read('upgrade/.claude/settings.json'),
      ].sort(),
    );
    const tree = requests.find(r => r.path.endsWith('/git/trees'))!.body;
    expect(tree.base_tree).toBe('base-tree');
    expect(tree.tree.map((t: any) => t.path).sort()).toEqual([
      '.claude/settings.json',
      'AGENTS.md',
    ]);
    const ref = requests.find(r => r.path.endsWith('/git/refs'))!.body;
    expect(ref.ref).toBe('refs/heads/agent-platform/upgrade-org-base-2.4.0');
    const pull = requests.find(
      r => r.path === '/repos/acme/cart-service/pulls',
    )!;
    expect(pull.body).toEqual(
      expect.objectContaining({
        title: 'Upgrade org-base from 2.2.0 to 2.4.0',
        body: out.body,
        head: 'acme:agent-platform/upgrade-org-base-2.4.0',
        base: 'main',
      }),
    );
    expect(harness.outputs(prCtx)).toEqual(
      expect.objectContaining({
        pullRequestNumber: 7,
        remoteUrl: 'https://github.com/acme/cart-service/pull/7',
      }),
    );
  });

  it('names the conflicts in the title and the body', async () => {
    const run = await withCartService(dir => {
      const file = join(dir, '.claude/settings.json');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          '"Bash(git log *)",',
          '"Bash(git log *)",\n      "Bash(git push --force origin main)",',
        ),
      );
    });
    const out = harness.outputs(await run({ sourcePath: 'repo' }));
    expect(out.title).toBe('Upgrade org-base from 2.2.0 to 2.4.0 (1 conflict)');
    expect(out.conflicts).toBe(1);
    expect(out.body).toContain('## Conflicts to resolve by hand (1)');
    expect(out.body).toContain(
      "The repository's allow rule `Bash(git push --force origin main)` overlaps the deny rule `Bash(git push --force *)` that 2.4.0 adds",
    );
    // Kept, not dropped.
    expect(harness.read('upgrade/.claude/settings.json')).toContain(
      '"Bash(git push --force origin main)"',
    );
  });

  it.each([
    [
      '403 on creating the pull request',
      (r: { method: string; path: string }) =>
        r.method === 'POST' && r.path.endsWith('/pulls')
          ? { status: 403, message: 'Resource not accessible by integration' }
          : undefined,
      /Resource not accessible by integration/,
    ],
    [
      '422 on creating the branch',
      (r: { method: string; path: string }) =>
        r.method === 'POST' && r.path.endsWith('/git/refs')
          ? { status: 422, message: 'Reference already exists' }
          : undefined,
      /Reference already exists/,
    ],
    [
      'a connection that times out',
      (r: { method: string; path: string }) =>
        r.method === 'GET' && r.path === '/repos/acme/cart-service'
          ? { hangUpAfterMs: 300 }
          : undefined,
      /socket hang up|other side closed|fetch failed|ECONNRESET/i,
    ],
  ])(
    'fails the pull request step with the reason on %s',
    async (_what, fail, reason) => {
      const run = await withCartService();
      const out = harness.outputs(await run({ sourcePath: 'repo' }));
      const { error, requests, ctx } = await openPullRequest(out, fail as any);
      expect(error?.message).toMatch(reason);
      expect(requests.length).toBeGreaterThan(0);
      expect(harness.outputs(ctx)).not.toHaveProperty('pullRequestNumber');
    },
  );

  it('refuses unknown and older targets, writing nothing', async () => {
    const run = await withCartService();
    await expect(run({ sourcePath: 'repo', to: '9.9.9' })).rejects.toThrow(
      'Cannot upgrade: org-base has no release 9.9.9 (releases: 1.8.0, 2.0.0, 2.1.0, 2.2.0, 2.3.0, 2.4.0). Nothing was written.',
    );
    await expect(run({ sourcePath: 'repo', to: '2.0.0' })).rejects.toThrow(
      'Cannot upgrade: org-base@2.0.0 is older than the pinned 2.2.0; refusing to downgrade (or --force). Nothing was written.',
    );
    expect(existsSync(join(harness.mockDir.path, 'upgrade'))).toBe(false);
  });

  it('refuses files that do not parse and a repository already up to date', async () => {
    const broken = await withCartService(dir =>
      writeFileSync(join(dir, '.mcp.json'), '{ "mcpServers": '),
    );
    await expect(broken({ sourcePath: 'repo' })).rejects.toThrow(
      /^Cannot upgrade: \.mcp\.json:1: .*the file is not valid JSON\. Nothing was written\.$/,
    );
    const { run } = await harness.setup();
    cpSync(
      join(EXAMPLES, 'repos/payments-api'),
      join(harness.mockDir.path, 'repo'),
      {
        recursive: true,
      },
    );
    await expect(run({ sourcePath: 'repo' })).rejects.toThrow(
      'The repository is already on org-base@2.4.0; there is nothing to upgrade',
    );
    expect(existsSync(join(harness.mockDir.path, 'upgrade'))).toBe(false);
  });
});
