import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { usageRecord } from './__testUtils__/fakeAdminApi';
import { memoryIngest } from './__testUtils__/memoryIngest';
import { importRouterPlugin } from './__testUtils__/importRouterPlugin';

const PLATFORM_MEMBER = 'user:default/dana.kim';
const OTHER_USER = 'user:default/sam.rivera';
const URL = '/api/agent-platform/spend/import/admin-api';

function page(records: unknown[], more = false) {
  return { data: records, has_more: more, next_page: more ? 'next' : null };
}

describe('createAdminApiImportRouter', () => {
  let authorized: string[];
  async function start(maxUploadBytes?: number) {
    authorized = [];
    const memory = memoryIngest();
    const backend = await startTestBackend({
      features: [
        importRouterPlugin(memory.ingest),
        mockServices.rootConfig.factory({
          data: {
            agentPlatform: {
              ...(maxUploadBytes
                ? { spend: { adminApi: { maxUploadBytes } } }
                : {}),
            },
          },
        }),
        // The portal's policy for agent-platform.spend.import: the platform
        // team's members, and services.
        mockServices.permissions.mock({
          async authorize(requests: any[], options: any) {
            const principal = options.credentials.principal;
            const allowed =
              principal.type === 'service' ||
              principal.userEntityRef === PLATFORM_MEMBER;
            authorized.push(
              ...requests.map(r => `${r.permission.name} ${allowed}`),
            );
            return requests.map(() => ({
              result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
            }));
          },
        }).factory,
      ],
    });
    return { server: backend.server, memory };
  }

  it('imports pages for a platform team member, and a second import changes nothing', async () => {
    const { server, memory } = await start();
    const body = [
      page(
        [
          usageRecord('2026-11-19', 'elena.sokolova@acme.example', {
            cents: 250,
          }),
          usageRecord('2026-11-19', 'sam.rivera@acme.example', { cents: 1000 }),
        ],
        true,
      ),
      page([
        usageRecord('2026-11-20', 'elena.sokolova@acme.example', { cents: 75 }),
      ]),
    ];

    const first = await request(server)
      .post(URL)
      .set('Authorization', mockCredentials.user.header(PLATFORM_MEMBER))
      .send(body);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      pages: 2,
      records: 3,
      points: 30,
      accepted: 30,
      duplicates: 0,
      ignored: {},
    });
    expect(memory.total('cost')).toBeCloseTo(13.25, 10);
    expect(memory.total('sessions')).toBe(6);

    const again = await request(server)
      .post(URL)
      .set('Authorization', mockCredentials.service.header())
      .send(body[1]);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      pages: 1,
      records: 1,
      points: 10,
      accepted: 0,
      duplicates: 10,
      ignored: {},
    });
    expect(memory.stored.size).toBe(30);
    expect(memory.total('cost')).toBeCloseTo(13.25, 10);
  });

  it('accepts service credentials', async () => {
    const { server, memory } = await start();
    const res = await request(server)
      .post(URL)
      .set('Authorization', mockCredentials.service.header())
      .send(page([usageRecord('2026-11-19', 'a@acme.example')]));
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(10);
    expect(memory.stored.size).toBe(10);
  });

  it('refuses users outside the platform team and anonymous callers', async () => {
    const { server, memory } = await start();
    const forbidden = await request(server)
      .post(URL)
      .set('Authorization', mockCredentials.user.header(OTHER_USER))
      .send(page([usageRecord('2026-11-19', 'a@acme.example')]));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toBe(
      'Not allowed to import Admin API usage reports (agent-platform.spend.import)',
    );
    expect(authorized).toEqual(['agent-platform.spend.import false']);

    // (the test backend treats a request without a header as a mock user)
    const anonymous = await request(server)
      .post(URL)
      .set('Authorization', mockCredentials.none.header())
      .send(page([usageRecord('2026-11-19', 'a@acme.example')]));
    expect(anonymous.status).toBe(401);
    expect(memory.calls).toEqual([]);
  });

  it('answers a malformed report with 400 naming the field, and stores nothing of it', async () => {
    const { server, memory } = await start();
    const bad = usageRecord('2026-11-19', 'b@acme.example');
    (bad.model_breakdown[0].tokens as any).input = 'lots';
    const res = await request(server)
      .post(URL)
      .set('Authorization', mockCredentials.service.header())
      .send([page([usageRecord('2026-11-19', 'a@acme.example')]), page([bad])]);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message:
        'Not an Admin API usage report: [1].data[0].model_breakdown[0].tokens.input must be a non-negative number (at most 1000000000000000)',
    });
    expect(memory.calls).toEqual([]);
  });

  it.each([
    ['not JSON', '{"data": [', 'The upload is not valid JSON: '],
    [
      'a string',
      '"hello"',
      'Not an Admin API usage report: report must be an object',
    ],
    [
      'an empty array',
      '[]',
      'Not an Admin API usage report: report must contain at least one page',
    ],
    [
      'no body',
      '',
      'The body must be an Admin API Claude Code usage report page ({data, has_more, next_page}) or an array of pages',
    ],
  ])('answers %s with 400', async (_what, body, message) => {
    const { server, memory } = await start();
    const res = await request(server)
      .post(URL)
      .set('Authorization', mockCredentials.service.header())
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message.startsWith(message)).toBe(true);
    expect(memory.calls).toEqual([]);
  });

  it('answers an upload over the limit with 413 and says what to do', async () => {
    const { server, memory } = await start(2000);
    const records = Array.from({ length: 10 }, (_, i) =>
      usageRecord('2026-11-19', `user${i}@acme.example`),
    );
    const res = await request(server)
      .post(URL)
      .set('Authorization', mockCredentials.service.header())
      .send(page(records));
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe(
      'The upload is larger than 2000 bytes (agentPlatform.spend.adminApi.maxUploadBytes); split it into several uploads',
    );
    expect(memory.calls).toEqual([]);

    const small = await request(server)
      .post(URL)
      .set('Authorization', mockCredentials.service.header())
      .send(page(records.slice(0, 1)));
    expect(small.status).toBe(200);
  });
});
