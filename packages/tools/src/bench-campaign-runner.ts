/*
 * Benchmark: the upgrade campaign runner's throughput.
 *
 *   yarn workspace @agent-platform/tools bench:campaign-runner [repos]
 *
 * A campaign over `repos` repositories (default 500), each a copy of one of the six example
 * repositories that pin a release below 2.4.0, served by the GitHub stand-in of the backend's
 * tests on a local port; the plugin's store on SQLite in memory. In the same run:
 *   - baseline: the GitHub reads the opener makes for each repository (pull request lookup,
 *     repository, agent files through the contents API), nothing else;
 *   - runner: runCampaignStep over the whole campaign in one run (no rate limit): claim, the same
 *     reads, the upgrade engine, branch, commit and pull request, state written back.
 * Prints repositories per second and the per-repository median and p95 of both.
 */
import {
  collectAgentFiles,
  parseEntityDocuments,
  sortAgentPlatformEntities,
} from '@agent-platform/plugin-agent-platform-common';
import { ConfigReader } from '@backstage/config';
import { Octokit } from '@octokit/core';
import knexFactory from 'knex';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { CampaignStore } from '../../../plugins/agent-platform-backend/src/campaigns/CampaignStore';
import { GithubUpgradeOpener } from '../../../plugins/agent-platform-backend/src/campaigns/GithubUpgradeOpener';
import { runCampaignStep } from '../../../plugins/agent-platform-backend/src/campaigns/runCampaignStep';
import { startGithubStandIn } from '../../../plugins/agent-platform-backend/src/campaigns/__testUtils__/githubStandIn';

const REPOS = Number(process.argv[2] ?? 500);
const root = resolve(__dirname, '../../..');
const BEHIND: Array<[string, string]> = [
  ['cart-service', '2.2.0'],
  ['checkout-web', '2.3.0'],
  ['events-pipeline', '2.0.0'],
  ['mobile-app', '1.8.0'],
  ['risk-scoring', '2.1.0'],
  ['search-indexer', '2.2.0'],
];
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main() {
  const catalog = sortAgentPlatformEntities(
    parseEntityDocuments(
      readFileSync(
        join(root, 'packages/agent-context/src/__fixtures__/catalog.yaml'),
        'utf8',
      ),
      { file: 'catalog.yaml' },
    ).entities,
  );
  const templateOf = (name: string) =>
    BEHIND[Number(name.slice('repo-'.length)) % BEHIND.length];
  const standIn = await startGithubStandIn({
    repoDir: (owner, name) =>
      owner === 'acme' && name.startsWith('repo-')
        ? join(root, 'examples/repos', templateOf(name)[0])
        : undefined,
  });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  try {
    const store = await CampaignStore.create({
      database: { getClient: async () => knex },
    });
    const names = Array.from({ length: REPOS }, (_, i) => `repo-${i}`);

    // Baseline: the opener's reads of each repository, through the same client.
    const octokit = new Octokit({ baseUrl: standIn.url, auth: 'stand-in' });
    const baseline: number[] = [];
    const baselineStart = performance.now();
    for (const name of names) {
      const t = performance.now();
      await octokit.request('GET /repos/{owner}/{repo}/pulls', {
        owner: 'acme',
        repo: name,
        head: `acme:agent-platform/upgrade-org-base-2.4.0`,
        state: 'all',
      });
      await octokit.request('GET /repos/{owner}/{repo}', {
        owner: 'acme',
        repo: name,
      });
      await collectAgentFiles(async path => {
        try {
          const { data } = await octokit.request(
            `GET /repos/{owner}/{repo}/contents/${path}`,
            { owner: 'acme', repo: name, ref: 'main' },
          );
          return Buffer.from((data as any).content, 'base64').toString('utf8');
        } catch (e) {
          if ((e as { status?: number }).status === 404) return undefined;
          throw e;
        }
      });
      baseline.push(performance.now() - t);
    }
    const baselineTotal = performance.now() - baselineStart;

    const { id } = await store.createCampaign({
      base: 'org-base',
      version: '2.4.0',
      createdBy: 'user:default/bench',
      now: Date.now(),
      repos: names.map(name => ({
        repoRef: `component:default/${name}`,
        repoUrl: `github.com?owner=acme&repo=${name}`,
        fromVersion: templateOf(name)[1],
      })),
    });
    const opener = GithubUpgradeOpener.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            { host: 'github.com', apiBaseUrl: standIn.url, token: 'stand-in' },
          ],
        },
      }),
      {
        timeoutMs: 60_000,
        catalog: async name => ({
          base: catalog.bases.find(b => b.metadata.name === name),
          mcpServers: catalog.mcpServers,
        }),
      },
    );
    // Per repository: the time between the starts of its pull request lookups.
    const runnerStart = performance.now();
    const step = await runCampaignStep({
      store,
      opener,
      limit: REPOS,
      leaseMs: 3_600_000,
      now: () => Date.now(),
    });
    const runnerTotal = performance.now() - runnerStart;
    const starts = standIn.requests
      .filter(
        r =>
          r.method === 'GET' &&
          r.path.endsWith('/pulls') &&
          r.query.get('state') === 'all',
      )
      .map(r => r.at)
      .slice(REPOS); // the baseline's come first
    const runner = starts
      .slice(1)
      .map((t, i) => t - starts[i])
      .sort((a, b) => a - b);
    const progress = await store.progress(id);
    baseline.sort((a, b) => a - b);
    const fmt = (n: number) => `${n.toFixed(1)} ms`;
    process.stdout.write(
      `${REPOS} repositories; ${cpus().length} cores, load ${loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}\n` +
        `baseline (reads only): ${(REPOS / (baselineTotal / 1000)).toFixed(
          1,
        )} repos/s, median ${fmt(quantile(baseline, 0.5))}, p95 ${fmt(
          quantile(baseline, 0.95),
        )}, total ${(baselineTotal / 1000).toFixed(2)} s\n` +
        `runner (pull requests): ${(REPOS / (runnerTotal / 1000)).toFixed(
          1,
        )} repos/s, median ${fmt(quantile(runner, 0.5))}, p95 ${fmt(
          quantile(runner, 0.95),
        )}, total ${(runnerTotal / 1000).toFixed(2)} s\n` +
        `outcome: ${JSON.stringify(step)}; stored ${JSON.stringify(
          progress,
        )}; pull requests at the stand-in: ${standIn.pulls.length}\n`,
    );
  } finally {
    await knex.destroy();
    await standIn.close();
  }
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
