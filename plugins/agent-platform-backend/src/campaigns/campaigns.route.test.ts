import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  AuditorEvent,
  DefaultAuditorService,
} from '@backstage/backend-defaults/auditor';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import { Knex } from 'knex';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { exampleDatabases } from '../__testUtils__/exampleBackend';
import {
  exampleCatalogConfig,
  examplesRoot,
} from '../__testUtils__/exampleCatalog';
import { pluginDatabases } from '../__testUtils__/pluginDatabases';
import { agentPlatformPlugin } from '../plugin';
import { startGithubStandIn } from './__testUtils__/githubStandIn';

// Campaigns end to end: the real catalog on the example organisation, the
// plugin's scheduled runner, the real auditor (its sink records), and a
// GitHub stand-in that answers one repository 403, one 422 and never answers
// a third. SQLite and PostgreSQL.

jest.setTimeout(600_000);

const databases = exampleDatabases();

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 120_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

describe.each(databases.eachSupportedId())('upgrade campaigns on %p', id => {
  it('opens one pull request per repository below the release, rate-limited, with failures kept apart, and follows them', async () => {
    const knex = await databases.init(id);
    const others: Knex[] = [];
    const events: AuditorEvent[] = [];
    let forbidRiskScoring = true;
    const standIn = await startGithubStandIn({
      repoDir: (owner, repo) => {
        const dir = join(examplesRoot, 'repos', repo);
        return owner === 'acme-financial' && existsSync(dir) ? dir : undefined;
      },
      fail: ({ method, path }) => {
        if (
          forbidRiskScoring &&
          method === 'POST' &&
          path === '/repos/acme-financial/risk-scoring/pulls'
        ) {
          return {
            status: 403,
            message: 'Resource not accessible by integration',
          };
        }
        if (
          method === 'POST' &&
          path === '/repos/acme-financial/search-indexer/git/refs'
        ) {
          return { status: 422, message: 'Reference already exists' };
        }
        if (path === '/repos/acme-financial/mobile-app') return { hang: true };
        return undefined;
      },
    });
    const backend = await startTestBackend({
      features: [
        agentPlatformPlugin,
        catalogPlugin,
        catalogModuleAiModel,
        catalogModuleAgentPlatform,
        schedulerServiceFactory,
        pluginDatabases(knex, others),
        createServiceFactory({
          service: coreServices.auditor,
          deps: {
            auth: coreServices.auth,
            httpAuth: coreServices.httpAuth,
            plugin: coreServices.pluginMetadata,
          },
          factory: ({ auth, httpAuth, plugin }) =>
            DefaultAuditorService.create(
              event => {
                if (event.plugin === 'agent-platform') events.push(event);
              },
              { auth, httpAuth, plugin },
            ),
        }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [
                {
                  host: 'github.com',
                  apiBaseUrl: standIn.url,
                  token: 'stand-in-token',
                },
              ],
            },
            agentPlatform: {
              notifications: { enabled: false },
              snapshot: {
                schedule: {
                  frequency: { seconds: 1 },
                  timeout: { seconds: 30 },
                },
              },
              campaigns: {
                pullRequestsPerRun: 2,
                timeoutSeconds: 5,
                checkEveryMinutes: 0,
                schedule: {
                  frequency: { seconds: 2 },
                  timeout: { seconds: 30 },
                },
              },
            },
            // Repos often: a first run may come before the Components.
            catalog: exampleCatalogConfig({
              reposSchedule: {
                frequency: { seconds: 2 },
                timeout: { minutes: 1 },
                initialDelay: { seconds: 1 },
              },
            }),
          },
        }),
      ],
    });
    const api = (path: string) => `/api/agent-platform${path}`;
    const as = (user: string) =>
      mockCredentials.user.header(`user:default/${user}`);
    const start = (body: unknown, base = 'org-base') =>
      request(backend.server)
        .post(api(`/bases/default/${base}/campaigns`))
        .set('Authorization', as('dana.kim'))
        .send(body as object);
    const get = (path: string) =>
      request(backend.server)
        .get(api(path))
        .set('Authorization', as('dana.kim'));
    try {
      // The snapshot has every repository's pin: all 13 of the example
      // organisation (with fewer, under load, a repository the catalog had
      // not processed yet joined the campaign but not `below`).
      await waitFor(
        'the repositories pins',
        async () => {
          const res = await get('/bases/default/org-base/releases');
          const pinned = (res.body.releases ?? []).flatMap((r: any) => r.repos);
          return res.status === 200 && pinned.length >= 13 ? pinned : undefined;
        },
        400_000,
      );
      const releases = (await get('/bases/default/org-base/releases')).body
        .releases;
      const below = releases
        .filter((r: any) => r.version !== '2.4.0')
        .flatMap((r: any) => r.repos)
        .sort();

      // Bad input: a clear message, nothing stored.
      const unknown = await start({ version: '9.9.9' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe(
        'org-base has no release 9.9.9 (releases: 1.8.0, 2.0.0, 2.1.0, 2.2.0, 2.3.0, 2.4.0)',
      );
      expect((await start({ version: '2.2.0' })).body.error.message).toBe(
        'org-base@2.2.0 is older than the latest release 2.4.0; start the campaign for 2.4.0',
      );
      expect((await start({})).body.error.message).toMatch(/^body\.version: /);
      expect((await start({ version: '2.4.0' }, 'no-such-base')).status).toBe(
        404,
      );
      expect((await get('/bases/default/org-base/campaigns')).body).toEqual({
        campaigns: [],
        canStart: true,
      });

      const started = await start({ version: '2.4.0' });
      expect(started.status).toBe(201);
      expect(started.body).toEqual({
        campaign: expect.objectContaining({
          base: 'org-base',
          version: '2.4.0',
          createdBy: 'user:default/dana.kim',
        }),
        added: below.length,
        alreadyPlanned: 0,
      });
      const campaignId = started.body.campaign.id;
      // Again at once: nothing added, no second campaign.
      const again = await start({ version: '2.4.0' });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(
        expect.objectContaining({ added: 0, alreadyPlanned: below.length }),
      );
      expect(again.body.campaign.id).toBe(campaignId);

      const done = await waitFor('the campaign to finish', async () => {
        const res = await get(`/campaigns/${campaignId}`);
        const { queued, opening } = res.body.progress;
        return queued + opening === 0 ? res.body : undefined;
      });
      expect(done.repos.map((r: any) => r.repoRef).sort()).toEqual(below);
      const byName = new Map<string, any>(
        done.repos.map((r: any) => [r.repoRef.split('/')[1], r]),
      );
      expect(byName.get('cart-service')).toEqual(
        expect.objectContaining({
          state: 'opened',
          fromVersion: '2.2.0',
          prUrl: 'https://github.com/acme-financial/cart-service/pull/1',
          prNumber: 1,
          attempts: 1,
        }),
      );
      expect(byName.get('risk-scoring')).toEqual(
        expect.objectContaining({
          state: 'failed',
          reason:
            'POST /repos/acme-financial/risk-scoring/pulls answered 403: Resource not accessible by integration - https://docs.github.com/rest',
        }),
      );
      expect(byName.get('search-indexer')).toEqual(
        expect.objectContaining({
          state: 'failed',
          reason:
            'POST /repos/acme-financial/search-indexer/git/refs answered 422: Reference already exists - https://docs.github.com/rest',
        }),
      );
      expect(byName.get('mobile-app')).toEqual(
        expect.objectContaining({
          state: 'failed',
          reason:
            'GitHub did not answer within 5 s (GET /repos/acme-financial/mobile-app)',
        }),
      );
      // The campaign went on past the failures.
      for (const name of ['checkout-web', 'events-pipeline']) {
        expect(byName.get(name).state).toBe('opened');
      }
      // A repository pinned through its repo config only: its files carry
      // no pin line, and the engine says so.
      const named = [
        'cart-service',
        'checkout-web',
        'events-pipeline',
        'mobile-app',
        'risk-scoring',
        'search-indexer',
      ];
      const unpinned = [...byName.entries()].filter(
        ([name]) => !named.includes(name),
      );
      expect(unpinned.map(([name, r]) => [name, r.state, r.reason])).toEqual(
        unpinned.map(([name]) => [
          name,
          'failed',
          expect.stringMatching(/^Cannot upgrade: /),
        ]),
      );
      const failed = 3 + unpinned.length;
      // One pull request per repository, with the engine's title and body.
      const heads = standIn.pulls.map(p => `${p.repo} ${p.head}`);
      expect(new Set(heads).size).toBe(heads.length);
      const cart = standIn.pulls.find(p => p.repo === 'cart-service')!;
      expect(cart).toEqual(
        expect.objectContaining({
          head: 'acme-financial:agent-platform/upgrade-org-base-2.4.0',
          base: 'main',
          title: 'Upgrade org-base from 2.2.0 to 2.4.0',
        }),
      );
      expect(cart.body).toContain(
        '## What 2.4.0 changes in org-base (since 2.2.0)',
      );
      // The tree of its commit: the engine's files, pin moved.
      const tree = standIn.requests.find(
        r =>
          r.method === 'POST' &&
          r.path === '/repos/acme-financial/cart-service/git/trees',
      )!.body;
      expect(tree.base_tree).toBe('base-tree');
      const files = new Map<string, string>(
        tree.tree.map((t: any) => [t.path, t.content]),
      );
      expect([...files.keys()].sort()).toEqual([
        '.claude/settings.json',
        'AGENTS.md',
      ]);
      expect(files.get('AGENTS.md')).toContain(
        '<!-- agent-platform: extends: org-base@2.4.0 -->',
      );

      // Rate limit: two repositories per run, a run every 2 s. The first
      // request for each repository (its pull request lookup), in order:
      // the third starts in a later run than the first.
      const firstSeen = new Map<string, number>();
      for (const r of standIn.requests) {
        if (
          r.method === 'GET' &&
          r.path.endsWith('/pulls') &&
          r.query.get('state') === 'all' &&
          !firstSeen.has(r.path)
        ) {
          firstSeen.set(r.path, r.at);
        }
      }
      const firsts = [...firstSeen.values()];
      expect(firsts.length).toBe(below.length);
      for (let i = 0; i + 2 < firsts.length; i++) {
        expect(firsts[i + 2] - firsts[i]).toBeGreaterThanOrEqual(1000);
      }

      // What became of the pull requests.
      standIn.pulls.find(p => p.repo === 'cart-service')!.merged = true;
      standIn.pulls.find(p => p.repo === 'cart-service')!.state = 'closed';
      standIn.pulls.find(p => p.repo === 'checkout-web')!.state = 'closed';
      const followed = await waitFor('merged and closed', async () => {
        const res = await get(`/campaigns/${campaignId}`);
        return res.body.progress.merged === 1 && res.body.progress.closed === 1
          ? res.body
          : undefined;
      });
      expect(
        followed.repos.find((r: any) => r.repoRef.endsWith('/cart-service'))
          .state,
      ).toBe('merged');

      // A campaign started again after the end opens nothing new.
      const pullsBefore = standIn.pulls.length;
      expect((await start({ version: '2.4.0' })).body.added).toBe(0);
      const list = await get('/bases/default/org-base/campaigns');
      expect(list.body.campaigns).toEqual([
        expect.objectContaining({
          id: campaignId,
          progress: expect.objectContaining({
            total: below.length,
            failed,
            merged: 1,
            closed: 1,
          }),
        }),
      ]);
      await new Promise(r => setTimeout(r, 2500));
      expect(standIn.pulls.length).toBe(pullsBefore);

      // The cause fixed (the app may now open pull requests in
      // risk-scoring), the platform team queues the failed ones again.
      forbidRiskScoring = false;
      const retried = await request(backend.server)
        .post(api(`/campaigns/${campaignId}/retry`))
        .set('Authorization', as('dana.kim'));
      expect(retried.status).toBe(200);
      expect(retried.body.requeued).toBe(failed);
      const retriedDone = await waitFor(
        'the retried repositories',
        async () => {
          const res = await get(`/campaigns/${campaignId}`);
          const { queued, opening } = res.body.progress;
          return queued + opening === 0 ? res.body : undefined;
        },
      );
      const risk = retriedDone.repos.find((r: any) =>
        r.repoRef.endsWith('/risk-scoring'),
      );
      expect(risk).toEqual(
        expect.objectContaining({ state: 'opened', attempts: 2 }),
      );
      expect(risk.reason).toBeUndefined();
      expect(retriedDone.progress.failed).toBe(failed - 1);
      expect(standIn.pulls.filter(p => p.repo === 'risk-scoring')).toHaveLength(
        1,
      );
      expect(
        (
          await request(backend.server)
            .post(api('/campaigns/999/retry'))
            .set('Authorization', as('dana.kim'))
        ).status,
      ).toBe(404);

      expect((await get('/campaigns/999')).status).toBe(404);
      expect((await get('/campaigns/abc')).body.error.message).toBe(
        'path.id: must be a campaign id',
      );

      // Every start, refused ones included, is an auditor event.
      const starts = events.filter(e => e.eventId === 'upgrade-campaign-start');
      expect(starts.map(e => e.status)).toEqual([
        ...Array(4).fill(['initiated', 'failed']).flat(),
        'initiated',
        'succeeded',
        'initiated',
        'succeeded',
        'initiated',
        'succeeded',
      ]);
      expect(starts[9].meta).toEqual({
        base: 'default/org-base',
        version: '2.4.0',
        campaign: campaignId,
        added: below.length,
        alreadyPlanned: 0,
      });
      expect(starts[9].actor.actorId).toBe('user:default/dana.kim');
    } finally {
      await backend.stop();
      await standIn.close();
      await Promise.all(others.map(o => o.destroy()));
    }
  });
});
