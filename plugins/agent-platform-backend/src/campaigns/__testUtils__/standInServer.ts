/*
 * The GitHub stand-in as a server of its own, for looking at a campaign in a
 * running portal (screenshots): serves examples/repos/<name> for
 * acme-financial/<name>, answers risk-scoring's pull request 403. Not for
 * real use.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs standInServer.ts <port>
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { examplesRoot } from '../../__testUtils__/exampleCatalog';
import { startGithubStandIn } from './githubStandIn';

startGithubStandIn({
  port: Number(process.argv[2] ?? 0),
  repoDir: (owner, repo) => {
    const dir = join(examplesRoot, 'repos', repo);
    return owner === 'acme-financial' && existsSync(dir) ? dir : undefined;
  },
  fail: ({ method, path }) =>
    method === 'POST' && path === '/repos/acme-financial/risk-scoring/pulls'
      ? { status: 403, message: 'Resource not accessible by integration' }
      : undefined,
}).then(s => process.stdout.write(`GitHub stand-in at ${s.url}\n`));
