import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { decodeRpcStatus } from './spend/otlp/otlpProtobuf';
import { agentPlatformPlugin } from './plugin';
import { agentPlatformClockServiceRef } from './services/clock';

const NOW = new Date('2026-11-21T12:00:00Z');

const config = (name: string, spec: Record<string, unknown>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name },
  spec: { type: 'agent-config', lifecycle: 'production', ...spec },
});

const team = (
  name: string,
  owner: string,
  spec: Record<string, unknown> = {},
) =>
  config(`${name}-agent-config`, {
    owner: `group:default/${owner}`,
    level: 'team',
    extends: 'org-base@2.1.0',
    ...spec,
  });

const component = (
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: { type: 'service', lifecycle: 'production', owner },
});

const entities: Entity[] = [
  config('org-base', {
    owner: 'group:default/platform',
    level: 'base',
    releases: ['2.0.0', '2.1.0'].map(version => ({
      version,
      config: {
        skills: ['airesource:default/code-review'],
        mcpServers: ['api:default/github'],
        permissions: { deny: ['Read(./.env)'], ask: ['Bash(git push *)'] },
        budget: { monthlyUsdCap: 1000 },
      },
    })),
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: { name: 'code-review' },
    spec: { type: 'skill', lifecycle: 'production', owner: 'platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'github' },
    spec: {
      type: 'mcp-server',
      lifecycle: 'production',
      owner: 'platform',
      remotes: [{ type: 'streamable-http', url: 'https://example.com/mcp' }],
      allowlist: { status: 'approved' },
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'alpha' },
    spec: { type: 'team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'twins' },
    spec: { type: 'team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'lonely' },
    spec: { type: 'team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'sloppy' },
    spec: { type: 'team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'sys' },
    spec: { owner: 'alpha' },
  },
  team('alpha', 'alpha'),
  team('ghost', 'ghost', { extends: 'org-base@9.9.9' }),
  team('orphan', 'orphan', { extends: 'other-base@1.0.0' }),
  team('ranged', 'ranged', { extends: 'org-base@^2.0' }),
  team('strays', 'strays', {
    skills: ['airesource:default/no-such-skill'],
    mcpServers: ['no-such-server'],
  }),
  team('sloppy', 'sloppy', {
    skills: 'code-review',
    permissions: { allow: ['Bash(npm test', 'Read(./.env)'], defaultMode: 7 },
    mcpServers: ['api:default/nowhere'],
    budget: { monthlyUsd: 5000 },
  }),
  team('twin-a', 'twins'),
  team('twin-b', 'twins'),
  config('alpha-repo-config', {
    owner: 'group:default/alpha',
    level: 'repo',
    component: 'component:default/app',
    extends: 'org-base@2.0.0',
  }),
  config('double-1', { owner: 'alpha', level: 'repo', component: 'double' }),
  config('double-2', { owner: 'alpha', level: 'repo', component: 'double' }),
  component('app', 'alpha'),
  component('lost', 'alpha', {
    'agent-platform.io/agent-config': 'airesource:default/missing',
  }),
  component('based', 'alpha', {
    'agent-platform.io/agent-config': 'airesource:default/org-base',
  }),
  component('double', 'alpha'),
  component('nobody', 'group:default/lonely'),
];

const started: Array<Awaited<ReturnType<typeof startTestBackend>>> = [];
afterAll(async () => {
  for (const backend of started) await backend.stop();
});

async function startBackend(
  options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
) {
  const backend = await startTestBackend({
    features: [
      agentPlatformPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
      createServiceFactory({
        service: agentPlatformClockServiceRef,
        deps: {},
        factory: () => ({ now: () => NOW }),
      }),
    ],
  });
  started.push(backend);
  return backend.server;
}

describe('router', () => {
  let server: Awaited<ReturnType<typeof startBackend>>;
  beforeAll(async () => {
    server = await startBackend();
  });
  const get = (path: string) =>
    request(server)
      .get(`/api/agent-platform${path}`)
      .set('Authorization', mockCredentials.user.header());
  const resolveOf = (kind: string, name: string) =>
    get(`/entities/${kind}/default/${name}/effective-config`);
  const rules = (body: any) =>
    body.violations.map((v: any) => `${v.rule} ${v.item}`).sort();

  it('resolves a team config with the layer of every entry', async () => {
    const res = await resolveOf('group', 'alpha');
    expect(res.status).toBe(200);
    expect(res.body.effective.layers).toEqual([
      'base@2.1.0',
      'team:alpha-agent-config',
    ]);
    expect(res.body.effective.permissions.deny).toEqual([
      {
        rule: 'Read(./.env)',
        key: 'Read(.env)',
        layer: 'base@2.1.0',
        alsoIn: [],
      },
    ]);
    expect(res.body.violations).toEqual([]);
    expect(res.body.drift).toMatchObject({ releasesBehind: 0, upToDate: true });
  });

  it('answers 400 for a malformed entity ref', async () => {
    const res = await get('/entities/com!ponent/default/app/effective-config');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message: 'kind must be an entity kind',
    });
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const res = await resolveOf('component', 'nope');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'No entity component:default/nope in the catalog',
    );
  });

  it('answers 400 for a kind without agent configs', async () => {
    const res = await resolveOf('system', 'sys');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^system:default\/sys is not a team or repo agent config/,
    );
  });

  it('answers 404 for an annotation naming a missing config', async () => {
    const res = await resolveOf('component', 'lost');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'component:default/lost names airesource:default/missing in its agent-platform.io/agent-config annotation, but no such agent config is in the catalog.',
    );
  });

  it('answers 400 for an annotation naming the base', async () => {
    const res = await resolveOf('component', 'based');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/which is a base config/);
  });

  it('answers 404 for a group or component without any config', async () => {
    expect((await resolveOf('group', 'lonely')).status).toBe(404);
    const res = await resolveOf('component', 'nobody');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/has no agent config/);
  });

  it('answers 409 for conflicting layers', async () => {
    const twins = await resolveOf('group', 'twins');
    expect(twins.status).toBe(409);
    expect(twins.body.error.message).toBe(
      'group:default/twins owns more than one team agent config (airesource:default/twin-a-agent-config and airesource:default/twin-b-agent-config); a team has exactly one.',
    );
    const double = await resolveOf('component', 'double');
    expect(double.status).toBe(409);
    expect(double.body.error.message).toMatch(/more than one repo config/);
  });

  it('reports a pin on a release that does not exist', async () => {
    const res = await resolveOf('airesource', 'ghost-agent-config');
    expect(res.status).toBe(200);
    expect(rules(res.body)).toEqual(['base-release-unknown org-base@9.9.9']);
    expect(res.body.release).toMatchObject({ version: '2.1.0', pinned: false });
    expect(res.body.drift).toMatchObject({ pinUnknown: true, upToDate: false });
  });

  it('reports a missing base', async () => {
    const res = await resolveOf('airesource', 'orphan-agent-config');
    expect(res.status).toBe(200);
    expect(res.body.violations).toEqual([
      expect.objectContaining({
        rule: 'base-missing',
        message: 'The base other-base is not in the catalog.',
      }),
    ]);
    expect(res.body.ok).toBe(false);
  });

  it('reports a malformed pin', async () => {
    const res = await resolveOf('airesource', 'ranged-agent-config');
    expect(res.status).toBe(200);
    expect(rules(res.body)).toEqual(['extends-malformed org-base@^2.0']);
  });

  it('reports malformed rules, wrong types and loosening as violations', async () => {
    const res = await resolveOf('airesource', 'sloppy-agent-config');
    expect(res.status).toBe(200);
    expect(rules(res.body)).toEqual([
      'budget-over-cap 5000',
      'deny-overridden Read(./.env)',
      'layer-invalid permissions.defaultMode',
      'layer-invalid skills',
      'mcp-server-unknown api:default/nowhere',
      'permission-rule-malformed Bash(npm test',
    ]);
  });

  it('reports a repo pin that differs from its team', async () => {
    const res = await resolveOf('component', 'app');
    expect(res.status).toBe(200);
    expect(res.body.configs).toEqual({
      base: 'airesource:default/org-base',
      team: 'airesource:default/alpha-agent-config',
      repo: 'airesource:default/alpha-repo-config',
    });
    expect(res.body.violations).toEqual([
      expect.objectContaining({
        rule: 'extends-differs',
        severity: 'warning',
        item: 'org-base@2.0.0',
        conflictsWith: {
          item: 'org-base@2.1.0',
          layer: 'team:alpha-agent-config',
        },
      }),
    ]);
    expect(res.body.drift).toMatchObject({
      pinned: 'org-base@2.0.0',
      releasesBehind: 1,
    });
  });

  it('reports skills and MCP servers the catalog does not have', async () => {
    const res = await resolveOf('airesource', 'strays-agent-config');
    expect(res.status).toBe(200);
    expect(
      res.body.violations.map((v: any) => [v.rule, v.layer, v.item, v.message]),
    ).toEqual([
      [
        'mcp-server-unknown',
        'team:strays-agent-config',
        'api:default/no-such-server',
        'The MCP server api:default/no-such-server is not in the catalog or has no allowlist review; only reviewed servers may be used.',
      ],
      [
        'skill-unknown',
        'team:strays-agent-config',
        'airesource:default/no-such-skill',
        'The skill airesource:default/no-such-skill is not in the catalog.',
      ],
    ]);
    expect(res.body.ok).toBe(false);
  });

  it('answers 409 and 404 for the approved assets of a team with two configs or none', async () => {
    const twins = await get('/teams/default/twins/approved-assets');
    expect(twins.status).toBe(409);
    expect(twins.body.error.name).toBe('ConflictError');
    const lonely = await get('/teams/default/lonely/approved-assets');
    expect(lonely.status).toBe(404);
    expect(lonely.body.error.message).toBe(
      'group:default/lonely owns no team agent config (an AiResource of type agent-config with level team).',
    );
  });

  describe('actions, through the actions registry', () => {
    const invoke = (action: string, input: unknown) =>
      request(server)
        .post(
          `/api/agent-platform/.backstage/actions/v1/actions/agent-platform:${action}/invoke`,
        )
        .set('Authorization', mockCredentials.user.header())
        .send(input as object);

    it('lists both actions', async () => {
      const res = await request(server)
        .get('/api/agent-platform/.backstage/actions/v1/actions')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(
        res.body.actions
          .map((a: any) => a.id)
          .filter((id: string) => id !== 'agent-platform:get-team-spend'),
      ).toEqual([
        'agent-platform:get-effective-agent-config',
        'agent-platform:get-approved-agent-assets',
      ]);
    });

    it('returns the effective config and drift of an entity', async () => {
      const res = await invoke('get-effective-agent-config', {
        entityRef: 'component:default/app',
      });
      expect(res.status).toBe(200);
      const { output } = res.body;
      expect(output.target).toBe('component:default/app');
      expect(output.configs).toEqual({
        base: 'airesource:default/org-base',
        team: 'airesource:default/alpha-agent-config',
        repo: 'airesource:default/alpha-repo-config',
      });
      expect(output.effective.layers).toEqual([
        'base@2.0.0',
        'team:alpha-agent-config',
        'repo:alpha-repo-config',
      ]);
      expect(output.effective.permissions.ask).toEqual([
        {
          rule: 'Bash(git push *)',
          key: 'Bash(git push *)',
          layer: 'base@2.0.0',
          alsoIn: [],
        },
      ]);
      expect(output.pin).toEqual({ ref: 'org-base@2.0.0', source: 'repo' });
      expect(output.violations.map((v: any) => [v.rule, v.item])).toEqual([
        ['extends-differs', 'org-base@2.0.0'],
      ]);
      expect(output.ok).toBe(true);
      expect(output.drift).toMatchObject({
        pinned: 'org-base@2.0.0',
        latest: '2.1.0',
        releasesBehind: 1,
        upToDate: false,
      });
    });

    it('returns the approved assets of a team, by name or ref', async () => {
      for (const name of ['sloppy', 'group:default/sloppy']) {
        const res = await invoke('get-approved-agent-assets', { team: name });
        expect(res.status).toBe(200);
        expect(res.body.output).toEqual({
          team: 'group:default/sloppy',
          config: 'airesource:default/sloppy-agent-config',
          mcpServers: [
            {
              ref: 'api:default/github',
              name: 'github',
              allowlistStatus: 'approved',
              layer: 'base@2.1.0',
            },
          ],
          skills: [
            { ref: 'airesource:default/code-review', layer: 'base@2.1.0' },
          ],
          excluded: [
            {
              ref: 'api:default/nowhere',
              reason: 'not in the catalog, or never reviewed',
            },
          ],
        });
      }
    });

    it.each([
      ['get-effective-agent-config', {}, 400],
      ['get-effective-agent-config', { entityRef: 'component:' }, 400],
      ['get-effective-agent-config', { entityRef: 'component:nope' }, 404],
      ['get-effective-agent-config', { entityRef: 'group:twins' }, 409],
      ['get-effective-agent-config', { entityRef: 'system:sys' }, 400],
      ['get-approved-agent-assets', { team: 42 }, 400],
      ['get-approved-agent-assets', { team: 'ghost' }, 404],
      ['get-approved-agent-assets', { team: 'twins' }, 409],
    ])('answers %s with %j with a clear %i', async (action, input, status) => {
      const res = await invoke(action, input);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toEqual(expect.any(String));
    });

    it('says what is wrong with a malformed ref', async () => {
      const res = await invoke('get-effective-agent-config', {
        entityRef: 'component:',
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(
          /^Invalid entity ref "component:"; expected kind:namespace\/name/,
        ),
      });
    });
  });

  it('serves the overview, with every team and usage per release', async () => {
    const res = await get('/overview');
    expect(res.status).toBe(200);
    expect(res.body.teams.map((t: any) => t.config.split('/')[1])).toEqual([
      'alpha-agent-config',
      'ghost-agent-config',
      'orphan-agent-config',
      'ranged-agent-config',
      'sloppy-agent-config',
      'strays-agent-config',
      'twin-a-agent-config',
      'twin-b-agent-config',
    ]);
    expect(
      res.body.releases.map((r: any) => [
        r.version,
        r.known,
        r.teams.length,
        r.repos,
      ]),
    ).toEqual([
      ['2.1.0', true, 5, []],
      ['2.0.0', true, 0, ['component:default/app']],
      ['9.9.9', false, 1, []],
      ['org-base@^2.0', false, 1, []],
      ['other-base@1.0.0', false, 1, []],
    ]);
  });

  it('requires credentials', async () => {
    const res = await request(server)
      .get('/api/agent-platform/overview')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it.each([
    ['no credentials', mockCredentials.none.header(), 401, 16, 'Missing credentials'],
    ['a user token', mockCredentials.user.header(), 403, 7, /user/],
  ])(
    'refuses OTLP ingestion with %s, answering a google.rpc.Status in the request encoding',
    async (_what, authorization, status, code, message) => {
      const post = (type: string, body: string | Buffer) =>
        request(server)
          .post('/api/agent-platform/otlp/v1/metrics')
          .set('Authorization', authorization)
          .set('Content-Type', type)
          .send(body)
          .buffer(true)
          .parse((r, cb) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () => cb(null, Buffer.concat(chunks)));
          });
      const pb = await post('application/x-protobuf', Buffer.alloc(0));
      expect(pb.status).toBe(status);
      expect(pb.headers['content-type']).toBe('application/x-protobuf');
      const decoded = decodeRpcStatus(pb.body);
      expect(decoded.code).toBe(code);
      expect(decoded.message).toMatch(message);

      const json = await post('application/json', '{}');
      expect(json.status).toBe(status);
      const body = JSON.parse(json.body.toString('utf8'));
      expect(body.code).toBe(code);
      expect(body.message).toMatch(message);
      expect(body.error.name).toBe(
        status === 401 ? 'AuthenticationError' : 'NotAllowedError',
      );
    },
  );

  it('answers 403 for the overview when the policy denies it', async () => {
    const denied = await startBackend({ permission: AuthorizeResult.DENY });
    const res = await request(denied)
      .get('/api/agent-platform/overview')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/agent-platform\.overview\.read/);
  });

  it('answers 404 for the approved assets of a group not in the catalog', async () => {
    const res = await get('/teams/default/ghost/approved-assets');
    expect(res.status).toBe(404);
  });

  it('lists the approved assets of a team', async () => {
    const res = await get('/teams/default/sloppy/approved-assets');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      team: 'group:default/sloppy',
      config: 'airesource:default/sloppy-agent-config',
      release: expect.objectContaining({ version: '2.1.0' }),
      mcpServers: [
        expect.objectContaining({
          ref: 'api:default/github',
          layer: 'base@2.1.0',
        }),
      ],
      skills: [{ ref: 'airesource:default/code-review', layer: 'base@2.1.0' }],
      excluded: [
        {
          ref: 'api:default/nowhere',
          reason: 'not in the catalog, or never reviewed',
        },
      ],
    });
  });
});
