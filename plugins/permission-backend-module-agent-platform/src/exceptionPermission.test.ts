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

// Exception requests and decisions end to end: the real permission backend
// with the portal's policy, the agent-platform plugin's IS_TEAM_MEMBER rule,
// the real catalog on the example organisation, and the snapshot that the
// approved exceptions feed.

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

// The exception checks run against today's date; keep the test's dates valid.
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('exception requests and decisions', () => {
  it('lets members request, approvers decide, refuses everyone else and bad input, and feeds the snapshot', async () => {
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
              exceptions: { maxDays: 60 },
              snapshot: {
                schedule: {
                  frequency: { seconds: 1 },
                  timeout: { seconds: 30 },
                },
              },
            },
            catalog: exampleCatalogConfig(),
          },
        }),
      ],
    });
    const header = (user: string) =>
      mockCredentials.user.header(`user:default/${user}`);
    const post = (user: string, path: string, body: object = {}) =>
      request(backend.server)
        .post(`/api/agent-platform${path}`)
        .set('Authorization', header(user))
        .send(body);
    const list = (user: string, team?: string) =>
      request(backend.server)
        .get(`/api/agent-platform/exceptions${team ? `?team=${team}` : ''}`)
        .set('Authorization', header(user));
    const ask = {
      team: 'group:default/payments',
      target: 'Read(./.env)',
      reason: 'Local secrets for the ledger migration (PAY-2301).',
      until: day(30),
    };
    try {
      // Until the catalog holds the organisation and the snapshot its team configs.
      for (let i = 0; ; i++) {
        const res = await list('elena.sokolova', 'group:default/payments');
        if (res.status === 200 && res.body.inConfig.length > 0) break;
        if (i > 600)
          throw new Error(
            `not ready: ${res.status} ${JSON.stringify(res.body)}`,
          );
        await new Promise(r => setTimeout(r, 250));
      }
      const before = await list('elena.sokolova', 'group:default/payments');
      expect(before.body).toEqual(
        expect.objectContaining({
          requests: [],
          canDecide: false,
          canRequest: true,
          maxDays: 60,
        }),
      );
      // The example's exception, approved by a platform member, counts.
      expect(before.body.inConfig).toEqual([
        expect.not.objectContaining({ rejected: expect.anything() }),
      ]);

      // Someone from another team: 403, nothing stored.
      const outsider = await post('arjun.mehta', '/exceptions', ask);
      expect([outsider.status, outsider.body.error.message]).toEqual([
        403,
        'Not allowed to request an exception for group:default/payments (agent-platform.exception.request)',
      ]);

      // Bad input: each a 400 naming the field.
      const bad = async (change: object) => {
        const res = await post('elena.sokolova', '/exceptions', {
          ...ask,
          ...change,
        });
        expect(res.status).toBe(400);
        return res.body.error.message;
      };
      expect(await bad({ until: day(61) })).toMatch(
        /^until: .* days from .*; at most 60 days are allowed$/,
      );
      expect(await bad({ since: day(10), until: day(5) })).toBe(
        `until: ${day(5)} is before the start, ${day(10)}`,
      );
      expect(await bad({ target: 'api:default/nope' })).toBe(
        'target: api:default/nope is not a known MCP server',
      );
      expect(await bad({ target: 'Read(./.env' })).toMatch(
        /^target: "Read\(\.\/\.env" is neither a permission rule/,
      );
      expect(await bad({ reason: undefined })).toMatch(/^body.reason: /);
      // A team without a team config: the platform team may ask for any team, so the check is the team's existence.
      const unknown = await post('dana.kim', '/exceptions', {
        ...ask,
        team: 'group:default/nobody',
      });
      expect([unknown.status, unknown.body.error.message]).toEqual([
        400,
        'team: group:default/nobody does not exist or owns no team agent config',
      ]);
      expect((await list('dana.kim')).body.requests).toEqual([]);

      // The member asks; a replay is refused and nothing is stored twice.
      const created = await post('elena.sokolova', '/exceptions', ask);
      expect(created.status).toBe(201);
      expect(created.body).toEqual(
        expect.objectContaining({
          status: 'pending',
          requestedBy: 'user:default/elena.sokolova',
          since: day(0),
        }),
      );
      const replay = await post('elena.sokolova', '/exceptions', ask);
      expect([replay.status, replay.body.error.name]).toEqual([
        409,
        'ConflictError',
      ]);
      expect((await list('dana.kim')).body.requests).toHaveLength(1);

      // A non-approver cannot decide: 403 and nothing stored.
      const id = created.body.id;
      const selfApproval = await post(
        'elena.sokolova',
        `/exceptions/${id}/approve`,
      );
      expect([selfApproval.status, selfApproval.body.error.message]).toEqual([
        403,
        'Not allowed to decide on exception requests (agent-platform.exception.decide)',
      ]);
      expect(
        (await list('elena.sokolova', 'group:default/payments')).body
          .requests[0].status,
      ).toBe('pending');
      expect(
        (await post('dana.kim', '/exceptions/not-a-uuid/approve')).status,
      ).toBe(400);

      // An approver approves; approving or denying again is refused.
      const approved = await post('dana.kim', `/exceptions/${id}/approve`, {
        note: 'OK for a month.',
      });
      expect(approved.status).toBe(200);
      expect(approved.body).toEqual(
        expect.objectContaining({
          status: 'approved',
          decidedBy: 'user:default/dana.kim',
          decisionNote: 'OK for a month.',
        }),
      );
      const again = await post('dana.kim', `/exceptions/${id}/deny`);
      expect([again.status, again.body.error.message]).toEqual([
        409,
        expect.stringMatching(
          new RegExp(
            `^Exception request ${id} was already approved by user:default/dana.kim at `,
          ),
        ),
      ]);

      // It takes effect with the next snapshot: the team config holds it.
      let view: any;
      for (let i = 0; ; i++) {
        view = (await list('elena.sokolova', 'group:default/payments')).body;
        if (view.inConfig.some((e: any) => e.target === 'Read(./.env)')) break;
        if (i > 200)
          throw new Error('the approved exception never reached the snapshot');
        await new Promise(r => setTimeout(r, 100));
      }
      const held = view.inConfig.find((e: any) => e.target === 'Read(./.env)');
      expect(held).toEqual(
        expect.objectContaining({
          approvedBy: 'user:default/dana.kim',
          since: day(0),
          until: ask.until,
        }),
      );
      expect(held.rejected).toBeUndefined();
      expect(view.requests[0].state).toBe('active');

      // A denial is recorded as such and excepts nothing.
      const second = await post('elena.sokolova', '/exceptions', {
        ...ask,
        target: 'Bash(curl *)',
      });
      const denied = await post(
        'dana.kim',
        `/exceptions/${second.body.id}/deny`,
        { note: 'Use the proxy.' },
      );
      expect(denied.body.status).toBe('denied');

      // Reading: another team's member may not read payments' requests.
      expect((await list('arjun.mehta', 'group:default/payments')).status).toBe(
        403,
      );
    } finally {
      await backend.stop();
    }
  });
});
