/*
 * A campaign runner in a process of its own, for the kill -9 test: what the
 * scheduled task runs (runCampaignStep with the GitHub opener and the
 * database store), in a loop, until nothing is left. Run with the CLI's node
 * transform, until no repository is queued or being opened:
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs campaignRunner.ts
 *
 * Environment: RUNNER_DB (PostgreSQL connection settings as JSON, or the
 * path of a SQLite file), RUNNER_GITHUB (the stand-in's URL), RUNNER_LEASE_MS,
 * RUNNER_LIMIT. It prints one line per run.
 */
import {
  parseEntityDocuments,
  sortAgentPlatformEntities,
} from '@agent-platform/plugin-agent-platform-common';
import { ConfigReader } from '@backstage/config';
import knexFactory from 'knex';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CampaignStore } from '../CampaignStore';
import { GithubUpgradeOpener } from '../GithubUpgradeOpener';
import { runCampaignStep } from '../runCampaignStep';

async function main() {
  const db = process.env.RUNNER_DB!;
  const knex = db.startsWith('{')
    ? knexFactory({ client: 'pg', connection: JSON.parse(db) })
    : knexFactory({
        client: 'better-sqlite3',
        connection: { filename: db },
        useNullAsDefault: true,
      });
  const store = await CampaignStore.create({
    database: { getClient: async () => knex },
  });
  const catalog = sortAgentPlatformEntities(
    parseEntityDocuments(
      readFileSync(
        resolve(
          __dirname,
          '../../../../../packages/agent-context/src/__fixtures__/catalog.yaml',
        ),
        'utf8',
      ),
      { file: 'catalog.yaml' },
    ).entities,
  );
  const opener = GithubUpgradeOpener.fromConfig(
    new ConfigReader({
      integrations: {
        github: [
          {
            host: 'github.com',
            apiBaseUrl: process.env.RUNNER_GITHUB,
            token: 'stand-in-token',
          },
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
  const leaseMs = Number(process.env.RUNNER_LEASE_MS ?? 60_000);
  const limit = Number(process.env.RUNNER_LIMIT ?? 10);
  for (;;) {
    const step = await runCampaignStep({
      store,
      opener,
      limit,
      leaseMs,
      now: () => Date.now(),
    });
    process.stdout.write(`step ${JSON.stringify(step)}\n`);
    const [{ n }] = await knex('upgrade_campaign_repos')
      .whereIn('state', ['queued', 'opening'])
      .count({ n: '*' });
    if (Number(n) === 0) break;
    await new Promise(r => setTimeout(r, 200));
  }
  await knex.destroy();
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
