import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
// The policy's spend decisions evaluated by the plugin that defines the rule.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import agentPlatformPlugin from '@agent-platform/plugin-agent-platform-backend';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import request from 'supertest';
import {
  exampleCatalogConfig,
  policyTestFeatures,
} from './__testUtils__/policyServices';

// The spend permission end to end: the real permission backend with the
// portal's policy, the agent-platform plugin's IS_OWN_SPEND rule evaluated on
// its spend resources, and the real catalog on the example organisation.

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

// The users' ownership refs, as the catalog's membership would give them.
const ownership: Record<string, string[]> = {
  'user:default/elena.sokolova': [
    'user:default/elena.sokolova',
    'group:default/payments',
  ],
  'user:default/arjun.mehta': [
    'user:default/arjun.mehta',
    'group:default/search',
  ],
  'user:default/dana.kim': ['user:default/dana.kim', 'group:default/platform'],
};

describe('spend permissions', () => {
  it('lets team members read their spend and the platform team all of it; anyone else gets 403', async () => {
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
              spend: { attribution: { refreshSeconds: 1 } },
            },
            catalog: exampleCatalogConfig(),
          },
        }),
      ],
    });
    const as = (user: string) => (path: string) =>
      request(backend.server)
        .get(`/api/agent-platform${path}`)
        .set(
          'Authorization',
          mockCredentials.user.header(`user:default/${user}`),
        );
    const elena = as('elena.sokolova');
    const arjun = as('arjun.mehta');
    const dana = as('dana.kim');
    try {
      // Until the catalog holds the organisation: 404 (or 403 while the
      // Component's owner is unknown).
      for (let i = 0; ; i++) {
        const own = await elena('/spend/entities/group/default/payments');
        const component = await elena(
          '/spend/entities/component/default/payments-api',
        );
        if (own.status === 200 && component.status === 200) break;
        if (i > 600) throw new Error(`catalog not ready: ${own.status}`);
        await new Promise(r => setTimeout(r, 250));
      }
      const status = async (get: ReturnType<typeof as>, path: string) =>
        (await get(path)).status;

      expect(
        await status(elena, '/spend/entities/group/default/payments'),
      ).toBe(200);
      expect(
        await status(elena, '/spend/entities/user/default/elena.sokolova'),
      ).toBe(200);
      expect(
        await status(elena, '/spend/entities/component/default/payments-api'),
      ).toBe(200);
      expect(await status(elena, '/spend/entities/group/default/search')).toBe(
        403,
      );
      expect(
        await status(elena, '/spend/entities/user/default/arjun.mehta'),
      ).toBe(403);
      expect(
        await status(elena, '/spend/entities/component/default/search-indexer'),
      ).toBe(403);
      expect(await status(elena, '/spend/teams')).toBe(403);
      expect(await status(arjun, '/spend/entities/group/default/search')).toBe(
        200,
      );
      expect(
        await status(arjun, '/spend/entities/group/default/payments'),
      ).toBe(403);

      const denied = await elena('/spend/entities/group/default/search');
      expect(denied.body.error).toEqual({
        name: 'NotAllowedError',
        message:
          'Not allowed to read the spend of group:default/search (agent-platform.spend.read)',
      });
      const table = await elena('/spend/teams');
      expect(table.body.error.message).toBe(
        'Not allowed to read the spend of every team (agent-platform.spend.read)',
      );

      // The platform team reads everything, the unattributed row included.
      expect(await status(dana, '/spend/entities/group/default/search')).toBe(
        200,
      );
      expect(
        await status(dana, '/spend/entities/user/default/arjun.mehta'),
      ).toBe(200);
      const all = await dana('/spend/teams');
      expect(all.status).toBe(200);
      expect(all.body.rows.map((r: any) => r.team)).toContain(null);

      // The action applies the same permission.
      const action = await request(backend.server)
        .post(
          '/api/agent-platform/.backstage/actions/v1/actions/agent-platform:get-team-spend/invoke',
        )
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/elena.sokolova'),
        )
        .send({ team: 'search' });
      expect(action.status).toBe(403);
      const own = await request(backend.server)
        .post(
          '/api/agent-platform/.backstage/actions/v1/actions/agent-platform:get-team-spend/invoke',
        )
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/elena.sokolova'),
        )
        .send({ team: 'payments' });
      expect(own.status).toBe(200);
      expect(own.body.output.entityRef).toBe('group:default/payments');

      // Admin API report uploads: the platform team only.
      const upload = (user: string) =>
        request(backend.server)
          .post('/api/agent-platform/spend/import/admin-api')
          .set(
            'Authorization',
            mockCredentials.user.header(`user:default/${user}`),
          )
          .send([]);
      const refused = await upload('elena.sokolova');
      expect([refused.status, refused.body.error.message]).toEqual([
        403,
        'Not allowed to import Admin API usage reports (agent-platform.spend.import)',
      ]);
      // Allowed: on to reading the (empty, so refused) report.
      const allowed = await upload('dana.kim');
      expect([allowed.status, allowed.body.error.message]).toEqual([
        400,
        'Not an Admin API usage report: report must contain at least one page',
      ]);
    } finally {
      await backend.stop();
    }
  });
});
