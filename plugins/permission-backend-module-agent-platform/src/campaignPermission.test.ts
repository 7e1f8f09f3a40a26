import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import agentPlatformPlugin from '@agent-platform/plugin-agent-platform-backend';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import request from 'supertest';
import {
  exampleCatalogConfig,
  policyTestFeatures,
} from './__testUtils__/policyServices';

// Starting an upgrade campaign through the real permission backend and the
// portal's policy: the platform team only, 403 for anyone else.

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ownership: Record<string, string[]> = {
  'user:default/elena.sokolova': [
    'user:default/elena.sokolova',
    'group:default/payments',
  ],
  'user:default/dana.kim': ['user:default/dana.kim', 'group:default/platform'],
};

describe('starting an upgrade campaign', () => {
  it('is for the platform team only', async () => {
    const backend = await startTestBackend({
      features: [
        agentPlatformPlugin,
        catalogPlugin,
        catalogModuleAiModel,
        catalogModuleAgentPlatform,
        ...policyTestFeatures({ databases, ownership }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            agentPlatform: {
              platformTeam: 'group:default/platform',
              notifications: { enabled: false },
              snapshot: {
                schedule: {
                  frequency: { seconds: 1 },
                  timeout: { seconds: 30 },
                },
              },
              // No pull request is opened in this test: the runner waits.
              campaigns: {
                schedule: {
                  frequency: { hours: 1 },
                  timeout: { minutes: 1 },
                  initialDelay: { hours: 1 },
                },
              },
            },
            catalog: exampleCatalogConfig({ reposOften: true }),
          },
        }),
      ],
    });
    const start = (user: string) =>
      request(backend.server)
        .post('/api/agent-platform/bases/default/org-base/campaigns')
        .set(
          'Authorization',
          mockCredentials.user.header(`user:default/${user}`),
        )
        .send({ version: '2.4.0' });
    const list = () =>
      request(backend.server)
        .get('/api/agent-platform/bases/default/org-base/campaigns')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/elena.sokolova'),
        );
    try {
      for (let i = 0; ; i++) {
        const res = await request(backend.server)
          .get('/api/agent-platform/bases/default/org-base/releases')
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/dana.kim'),
          );
        const pinned = (res.body.releases ?? []).flatMap((r: any) => r.repos);
        if (res.status === 200 && pinned.length >= 10) break;
        if (i > 600) throw new Error(`not ready: ${res.status}`);
        await new Promise(r => setTimeout(r, 250));
      }
      const outsider = await start('elena.sokolova');
      expect([outsider.status, outsider.body.error.message]).toEqual([
        403,
        'Not allowed to start an upgrade campaign (agent-platform.campaign.start)',
      ]);
      // Everyone may follow campaigns; the refused one stored nothing.
      expect((await list()).body).toEqual({ campaigns: [], canStart: false });

      const platform = await start('dana.kim');
      expect(platform.status).toBe(201);
      const retry = (user: string) =>
        request(backend.server)
          .post(
            `/api/agent-platform/campaigns/${platform.body.campaign.id}/retry`,
          )
          .set(
            'Authorization',
            mockCredentials.user.header(`user:default/${user}`),
          );
      expect((await retry('elena.sokolova')).body.error.message).toBe(
        'Not allowed to retry an upgrade campaign (agent-platform.campaign.start)',
      );
      expect((await retry('dana.kim')).body).toEqual(
        expect.objectContaining({ requeued: 0 }),
      );
      expect(platform.body.added).toBeGreaterThan(0);
      expect((await list()).body.campaigns).toEqual([
        expect.objectContaining({
          createdBy: 'user:default/dana.kim',
          progress: expect.objectContaining({ queued: platform.body.added }),
        }),
      ]);
    } finally {
      await backend.stop();
    }
  });
});
