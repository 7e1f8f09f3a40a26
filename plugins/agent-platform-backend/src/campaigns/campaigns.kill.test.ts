import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { examplesRoot } from '../__testUtils__/exampleCatalog';
import { CampaignStore } from './CampaignStore';
import { startGithubStandIn } from './__testUtils__/githubStandIn';

// A campaign runner killed with SIGKILL in the middle of a run, then
// started again: every repository gets exactly one pull request and the
// stored states are intact. The runner is a process of its own (the same
// step, opener and store the scheduled task uses); the database is a
// SQLite file or PostgreSQL, which both processes open.

jest.setTimeout(300_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const REPOS: Array<[string, string]> = [
  ['cart-service', '2.2.0'],
  ['checkout-web', '2.3.0'],
  ['events-pipeline', '2.0.0'],
  ['mobile-app', '1.8.0'],
  ['risk-scoring', '2.1.0'],
  ['search-indexer', '2.2.0'],
];

function runner(db: string, github: string) {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      resolve(__dirname, '__testUtils__/campaignRunner.ts'),
    ],
    {
      env: {
        ...process.env,
        RUNNER_DB: db,
        RUNNER_GITHUB: github,
        RUNNER_LEASE_MS: '3000',
        RUNNER_LIMIT: '4',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const exited = new Promise<number | null>(r =>
    child.on('exit', (code, signal) => r(signal ? -1 : code)),
  );
  return { child, exited, output: () => output };
}

async function until(what: string, probe: () => boolean, ms = 120_000) {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

describe.each(databases.eachSupportedId())(
  'a campaign runner killed mid-run, on %p',
  id => {
    it('opens no second pull request when started again, and keeps every state', async () => {
      let knex: Knex;
      let db: string;
      let dir: string | undefined;
      if (id === 'SQLITE_3') {
        dir = mkdtempSync(join(tmpdir(), 'campaign-kill-'));
        db = join(dir, 'plugin.sqlite');
        knex = knexFactory({
          client: 'better-sqlite3',
          connection: { filename: db },
          useNullAsDefault: true,
        });
      } else {
        knex = await databases.init(id);
        db = JSON.stringify(knex.client.config.connection);
      }
      let hold = true;
      const standIn = await startGithubStandIn({
        repoDir: (owner, repo) => {
          const path = join(examplesRoot, 'repos', repo);
          return owner === 'acme-financial' && existsSync(path)
            ? path
            : undefined;
        },
        // The pull request of events-pipeline is created, and the runner
        // killed while it waits for the answer.
        holdAnswer: ({ method, path }) =>
          hold &&
          method === 'POST' &&
          path === '/repos/acme-financial/events-pipeline/pulls',
      });
      let first: ReturnType<typeof runner> | undefined;
      try {
        const store = await CampaignStore.create({
          database: mockServices.database({ knex }),
        });
        const { id: campaign } = await store.createCampaign({
          base: 'org-base',
          version: '2.4.0',
          createdBy: 'user:default/dana.kim',
          now: Date.now(),
          repos: REPOS.map(([name, from]) => ({
            repoRef: `component:default/${name}`,
            repoUrl: `github.com?owner=acme-financial&repo=${name}`,
            fromVersion: from,
          })),
        });

        first = runner(db, standIn.url);
        await until('the held pull request', () =>
          standIn.pulls.some(p => p.repo === 'events-pipeline'),
        );
        expect(first.child.kill('SIGKILL')).toBe(true);
        expect(await first.exited).toBe(-1);

        // As the killed runner left them.
        const killed = new Map(
          (await store.repos(campaign)).map(r => [r.repoRef.split('/')[1], r]),
        );
        expect(killed.get('cart-service')!.state).toBe('opened');
        expect(killed.get('checkout-web')!.state).toBe('opened');
        expect(killed.get('events-pipeline')!.state).toBe('opening');
        // Claimed by the killed run (four per run), not reached.
        expect(killed.get('mobile-app')!.state).toBe('opening');
        expect(killed.get('risk-scoring')!.state).toBe('queued');
        expect(standIn.pulls.map(p => p.repo)).toEqual([
          'cart-service',
          'checkout-web',
          'events-pipeline',
        ]);

        // Started again: the queued ones at once, the killed run's claims
        // once their lease ran out; events-pipeline is answered by the pull
        // request the killed runner opened.
        hold = false;
        const second = runner(db, standIn.url);
        expect(await second.exited).toBe(0);
        const after = await store.repos(campaign);
        expect(
          after.map(r => [
            r.repoRef.split('/')[1],
            r.state,
            r.prNumber,
            r.attempts,
          ]),
        ).toEqual([
          ['cart-service', 'opened', 1, 1],
          ['checkout-web', 'opened', 1, 1],
          ['events-pipeline', 'opened', 1, 2],
          ['mobile-app', 'opened', 1, 2],
          ['risk-scoring', 'opened', 1, 1],
          ['search-indexer', 'opened', 1, 1],
        ]);
        expect(standIn.pulls.map(p => p.repo).sort()).toEqual(
          REPOS.map(([name]) => name).sort(),
        );
        expect(
          standIn.requests.filter(
            r =>
              r.method === 'POST' &&
              r.path === '/repos/acme-financial/events-pipeline/pulls',
          ),
        ).toHaveLength(1);
        expect(second.output()).toContain('step {"opened":');
      } finally {
        if (first && first.child.exitCode === null) first.child.kill('SIGKILL');
        await standIn.close();
        if (dir) {
          await knex.destroy();
          rmSync(dir, { recursive: true, force: true });
        }
      }
    });
  },
);
