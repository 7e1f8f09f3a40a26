import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { CampaignRepo } from '@agent-platform/plugin-agent-platform-common';
import { CampaignStore } from './CampaignStore';
import { runCampaignStep, UpgradePullRequestOpener } from './runCampaignStep';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});
const migrations = {
  directory: resolvePackagePath(
    '@agent-platform/plugin-agent-platform-backend',
    'migrations/campaigns',
  ),
  tableName: 'agent_platform_campaigns_knex_migrations',
};

const repos = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    repoRef: `component:default/repo-${i}`,
    repoUrl: `github.com?owner=acme&repo=repo-${i}`,
    fromVersion: '2.2.0',
  }));

/**
 * A forge stand-in: one pull request per branch (the upgrade branch names the
 * repository and release), answering with the existing one when asked again,
 * as the real opener does; fails the repositories it is told to.
 */
function forge(fail: Record<string, string> = {}) {
  const pulls = new Map<string, { url: string; number: number }>();
  const calls: string[] = [];
  const opener: UpgradePullRequestOpener = {
    async open(repo: CampaignRepo) {
      calls.push(repo.repoRef);
      if (fail[repo.repoRef]) throw new Error(fail[repo.repoRef]);
      const branch = `${repo.repoUrl}#agent-platform/upgrade-${repo.base}-${repo.version}`;
      if (!pulls.has(branch)) {
        pulls.set(branch, {
          url: `https://github.com/acme/${repo.repoRef.split('/')[1]}/pull/${
            pulls.size + 1
          }`,
          number: pulls.size + 1,
        });
      }
      return pulls.get(branch)!;
    },
  };
  return { opener, pulls, calls };
}

describe('upgrade campaigns', () => {
  it.each(databases.eachSupportedId())(
    'migrations go up, down and up again on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(migrations);
      expect(await knex.schema.hasTable('upgrade_campaign_repos')).toBe(true);
      await knex.migrate.down(migrations);
      expect(await knex.schema.hasTable('upgrade_campaign_repos')).toBe(false);
      expect(await knex.schema.hasTable('upgrade_campaigns')).toBe(false);
      await knex.migrate.latest(migrations);
      expect(await knex.schema.hasTable('upgrade_campaigns')).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'opens each pull request once, rate-limited, resumable after a killed runner, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await CampaignStore.create({
        database: mockServices.database({ knex }),
      });
      let clock = 1_000_000;
      const now = () => clock;
      const { id, added } = await store.createCampaign({
        base: 'org-base',
        version: '2.4.0',
        createdBy: 'user:default/dana.platform',
        now: clock,
        repos: repos(5),
      });
      expect(added).toBe(5);
      // A second campaign for the same release adds none of them again.
      const again = await store.createCampaign({
        base: 'org-base',
        version: '2.4.0',
        createdBy: 'user:default/dana.platform',
        now: clock,
        repos: repos(6),
      });
      expect(again.added).toBe(1);

      const { opener, pulls, calls } = forge({
        'component:default/repo-3':
          'POST /repos/acme/repo-3/pulls answered 422: Validation Failed',
      });

      // A runner claims two (the rate limit) and is killed before finishing.
      const lost = await store.claim({ limit: 2, now: clock, leaseMs: 60_000 });
      expect(lost.map(r => r.repoRef)).toEqual([
        'component:default/repo-0',
        'component:default/repo-1',
      ]);
      await opener.open(lost[0]); // it had opened repo-0's pull request

      // Another runner meanwhile: the claimed rows are not its to take.
      // It takes the next two; repo-3's pull request fails and the run goes on.
      const step1 = await runCampaignStep({
        store,
        opener,
        limit: 2,
        leaseMs: 60_000,
        now,
      });
      expect(step1).toEqual({ opened: 1, failed: 1 });
      expect((await store.progress(id)).opening).toBe(2);

      // After the lease: the killed runner's rows are claimed again.
      clock += 61_000;
      await runCampaignStep({ store, opener, limit: 2, leaseMs: 60_000, now });
      await runCampaignStep({ store, opener, limit: 2, leaseMs: 60_000, now });

      expect(await store.progress(id)).toEqual({
        total: 5,
        queued: 0,
        skipped: 0,
        opening: 0,
        opened: 4,
        merged: 0,
        closed: 0,
        failed: 1,
      });
      const states = await store.repos(id);
      expect(states.find(r => r.repoRef.endsWith('repo-3'))).toEqual(
        expect.objectContaining({
          state: 'failed',
          reason:
            'POST /repos/acme/repo-3/pulls answered 422: Validation Failed',
        }),
      );
      // Never a second pull request for the same repository and release:
      // repo-0 was asked twice (before and after the kill) and got one.
      expect(calls.filter(c => c.endsWith('repo-0'))).toHaveLength(2);
      // Four of this campaign and repo-5 of the second one.
      expect(pulls.size).toBe(5);
      expect((await store.progress(again.id)).opened).toBe(1);
      expect(states.find(r => r.repoRef.endsWith('repo-0'))).toEqual(
        expect.objectContaining({ state: 'opened', prNumber: 1, attempts: 2 }),
      );
      // Nothing is left to do; a further run claims nothing.
      expect(
        await runCampaignStep({
          store,
          opener,
          limit: 10,
          leaseMs: 60_000,
          now,
        }),
      ).toEqual({ opened: 0, failed: 0 });
      await store.recordPullRequest(states[0].id, 'merged', clock);
      expect((await store.progress(id)).merged).toBe(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'two runners claiming at once never get the same repository, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await CampaignStore.create({
        database: mockServices.database({ knex }),
      });
      await store.createCampaign({
        base: 'org-base',
        version: '2.4.0',
        createdBy: 'user:default/dana.platform',
        now: 1,
        repos: repos(20),
      });
      const [a, b] = await Promise.all([
        store.claim({ limit: 15, now: 2, leaseMs: 1000 }),
        store.claim({ limit: 15, now: 2, leaseMs: 1000 }),
      ]);
      const refs = [...a, ...b].map(r => r.repoRef);
      expect(new Set(refs).size).toBe(refs.length);
      // Both looked at the same first 15 rows; each row went to one of them.
      expect(refs.length).toBeGreaterThanOrEqual(15);
      const rest = await store.claim({ limit: 20, now: 3, leaseMs: 1000 });
      expect(refs.length + rest.length).toBe(20);
    },
  );
});
