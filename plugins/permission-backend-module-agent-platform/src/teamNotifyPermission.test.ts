import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import agentPlatformPlugin from '@agent-platform/plugin-agent-platform-backend';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import request from 'supertest';
import {
  exampleCatalogConfig,
  policyTestFeatures,
} from './__testUtils__/policyServices';

// The overview's "Notify owners" through the real permission backend, the
// portal's policy and the real notifications backend: the platform team
// only; the team's members receive one notification, a second updates it.

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ownership: Record<string, string[]> = {
  'user:default/elena.sokolova': [
    'user:default/elena.sokolova',
    'group:default/payments',
  ],
  'user:default/dana.kim': ['user:default/dana.kim', 'group:default/platform'],
};

describe("notifying a team's owners", () => {
  it('is for the platform team only, and reaches the team once per scope', async () => {
    const backend = await startTestBackend({
      features: [
        agentPlatformPlugin,
        notificationsPlugin,
        catalogPlugin,
        catalogModuleAiModel,
        catalogModuleAgentPlatform,
        ...policyTestFeatures({ databases, ownership }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            permission: { enabled: true },
            agentPlatform: {
              platformTeam: 'group:default/platform',
              // The snapshot's own alerts off: only "Notify owners" sends.
              notifications: { enabled: false },
              snapshot: {
                schedule: {
                  frequency: { seconds: 1 },
                  timeout: { seconds: 30 },
                },
              },
            },
            catalog: exampleCatalogConfig({ reposOften: true }),
          },
        }),
      ],
    });
    const notify = (user: string, team: string) =>
      request(backend.server)
        .post(`/api/agent-platform/teams/default/${team}/notify`)
        .set(
          'Authorization',
          mockCredentials.user.header(`user:default/${user}`),
        );
    const inbox = async (user: string) =>
      (
        await request(backend.server)
          .get('/api/notifications/notifications?limit=100')
          .set(
            'Authorization',
            mockCredentials.user.header(`user:default/${user}`),
          )
      ).body.notifications as Array<{
        updated?: string | null;
        payload: {
          title: string;
          description: string;
          scope: string;
          link: string;
          severity: string;
        };
      }>;
    try {
      // mobile pins org-base@1.8.0: behind, past a security release.
      for (let i = 0; ; i++) {
        const res = await notify('dana.kim', 'mobile');
        if (res.status === 200) break;
        if (i > 600)
          throw new Error(
            `not ready: ${res.status} ${JSON.stringify(res.body)}`,
          );
        await new Promise(r => setTimeout(r, 250));
      }
      // yuki.tanaka is in mobile (examples/org).
      const [told] = (await inbox('yuki.tanaka')).filter(
        n => n.payload.scope === 'agent-platform:nudge:group:default/mobile',
      );
      expect(told.payload).toEqual(
        expect.objectContaining({
          title:
            'The platform team asks group:default/mobile to look at its agent config',
          link: '/catalog/default/group/mobile',
          severity: 'critical',
        }),
      );
      expect(told.payload.description).toMatch(
        /^Pinned to org-base@1\.8\.0, \d+ releases behind 2\.4\.0, including a security release\..*\(Sent by user:default\/dana\.kim\.\)$/,
      );
      // Again: the same notification, updated, not a second one.
      expect((await notify('dana.kim', 'mobile')).status).toBe(200);
      const again = (await inbox('yuki.tanaka')).filter(
        n => n.payload.scope === 'agent-platform:nudge:group:default/mobile',
      );
      expect(again).toHaveLength(1);

      const allowed = async (user: string) =>
        (
          await request(backend.server)
            .get('/api/agent-platform/teams/notify-allowed')
            .set(
              'Authorization',
              mockCredentials.user.header(`user:default/${user}`),
            )
        ).body;
      expect([
        await allowed('dana.kim'),
        await allowed('elena.sokolova'),
      ]).toEqual([{ allowed: true }, { allowed: false }]);
      // Anyone else: 403, nothing sent.
      const outsider = await notify('elena.sokolova', 'data-eng');
      expect([outsider.status, outsider.body.error.message]).toEqual([
        403,
        "Not allowed to notify a team's owners (agent-platform.team.notify)",
      ]);
      expect(
        (await inbox('wei.zhang')).filter(n =>
          n.payload.scope.startsWith('agent-platform:nudge'),
        ),
      ).toEqual([]);
      // Nothing to tell, and no such team: said so.
      // (identity: payments has had a subagent violation since subagents are
      // judged with the team's, so it has something to be told.)
      // Once the catalog has processed identity's team config and the
      // releases it pins (404 until the config is there; until the releases
      // are, the snapshot may see it behind, and a nudge is sent).
      let upToDate = await notify('dana.kim', 'identity');
      for (let i = 0; upToDate.status !== 409 && i < 600; i++) {
        await new Promise(r => setTimeout(r, 250));
        upToDate = await notify('dana.kim', 'identity');
      }
      expect([upToDate.status, upToDate.body.error.message]).toEqual([
        409,
        'group:default/identity is up to date and its agent config has no violation: there is nothing to tell it',
      ]);
      const unknown = await notify('dana.kim', 'nobody');
      expect([unknown.status, unknown.body.error.message]).toEqual([
        404,
        'group:default/nobody has no team agent config in the portal, so there is nothing to tell it about',
      ]);
    } finally {
      await backend.stop();
    }
  });
});
