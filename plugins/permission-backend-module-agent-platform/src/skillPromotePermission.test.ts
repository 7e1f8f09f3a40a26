import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import scaffolderModuleAgentPlatform from '@agent-platform/plugin-scaffolder-backend-module-agent-platform';
import agentPlatformPlugin from '@agent-platform/plugin-agent-platform-backend';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import policyModule from './permissionPolicy';
import { authWithActor, userInfoFrom } from './__testUtils__/policyServices';

// Skill promotion end to end: the promote-skill template through the real
// scaffolder (its dry-run API, and a real task whose pull request would go to
// a local GitHub stand-in), its action asking the real permission backend,
// the portal's policy deciding agent-platform.skill.promote, and the real
// catalog judging IS_ENTITY_OWNER on the skill.

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const root = resolve(__dirname, '../../..');
const examples = resolve(root, 'examples');
const template = parse(
  readFileSync(resolve(root, 'templates/promote-skill/template.yaml'), 'utf8'),
);

// The users' ownership refs, as a sign-in resolver gives them from memberOf.
const ownership: Record<string, string[]> = {
  'user:default/elena.sokolova': [
    'user:default/elena.sokolova',
    'group:default/payments',
  ],
  'user:default/wei.zhang': [
    'user:default/wei.zhang',
    'group:default/data-eng',
  ],
  'user:default/dana.kim': ['user:default/dana.kim', 'group:default/platform'],
};

describe('agent-platform.skill.promote through the scaffolder', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  // GitHub's stand-in: records every request, answers 404; a refused
  // promotion must send it nothing.
  const sentToGithub: string[] = [];
  let github: Server;

  beforeAll(async () => {
    github = createServer((req, res) => {
      sentToGithub.push(`${req.method} ${req.url}`);
      req.resume();
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message":"Not Found"}');
    });
    await new Promise<void>(r => github.listen(0, '127.0.0.1', r));
    const githubUrl = `http://127.0.0.1:${
      (github.address() as AddressInfo).port
    }`;
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleAiModel,
        catalogModuleAgentPlatform,
        catalogModuleScaffolderEntityModel,
        scaffolderPlugin,
        scaffolderModuleGithub,
        scaffolderModuleAgentPlatform,
        // Promotion reads the skills' posted evaluation results from it.
        agentPlatformPlugin,
        permissionPlugin,
        policyModule,
        permissionsServiceFactory,
        permissionsRegistryServiceFactory,
        authWithActor,
        schedulerServiceFactory,
        createServiceFactory({
          service: coreServices.database,
          deps: {},
          async factory() {
            const knex = await databases.init('SQLITE_3');
            return { getClient: async () => knex };
          },
        }),
        userInfoFrom(ownership),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            agentPlatform: { platformTeam: 'group:default/platform' },
            integrations: {
              github: [
                {
                  host: 'github.com',
                  apiBaseUrl: githubUrl,
                  token: 'stand-in',
                },
              ],
            },
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Domain',
                    'API',
                    'Resource',
                    'Location',
                    'AiResource',
                    'User',
                    'Group',
                    'Template',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: resolve(examples, 'all.yaml') },
                {
                  type: 'file',
                  target: resolve(
                    root,
                    'templates/promote-skill/template.yaml',
                  ),
                },
              ],
              providers: {
                agentPlatform: {
                  skills: [resolve(examples, 'skills')],
                  mcpServers: [resolve(examples, 'mcp-servers')],
                  bases: [resolve(examples, 'org-base')],
                  repos: { enabled: false },
                  schedule: {
                    frequency: { minutes: 10 },
                    timeout: { minutes: 1 },
                    initialDelay: { seconds: 0 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    // Until the skills are owned (the ownedBy relation is what the rule reads).
    for (let i = 0; ; i++) {
      const res = await request(backend.server)
        .get(
          '/api/catalog/entities/by-name/airesource/default/dbt-model-review',
        )
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/dana.kim'),
        );
      if (
        res.status === 200 &&
        res.body.relations?.some((r: any) => r.type === 'ownedBy')
      ) {
        break;
      }
      if (i > 600) throw new Error(`catalog not ready: ${res.status}`);
      await new Promise(r => setTimeout(r, 250));
    }
    // And the template the real tasks run.
    for (let i = 0; ; i++) {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-name/template/default/promote-skill')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/dana.kim'),
        );
      if (res.status === 200) break;
      if (i > 600)
        throw new Error(`template not in the catalog: ${res.status}`);
      await new Promise(r => setTimeout(r, 250));
    }
    // The skills' CI posted a passing evaluation of their version, as
    // promotion requires (retried until the agent-platform snapshot has them).
    for (const [name, version] of [
      ['pci-checklist', '2.0.1'],
      ['dbt-model-review', '1.1.0'],
    ]) {
      for (let i = 0; ; i++) {
        const posted = await request(backend.server)
          .post(`/api/agent-platform/skills/default/${name}/evals`)
          .set(
            'Authorization',
            mockCredentials.service.header({
              onBehalfOf: mockCredentials.service(`skill-eval:default/${name}`),
              targetPluginId: 'agent-platform',
            }),
          )
          .send({
            version,
            outcome: 'passed',
            suite: 'golden-prompts',
            counts: { passed: 5, failed: 0, skipped: 0, total: 5 },
            ranAt: new Date().toISOString(),
            idempotencyKey: `promote-permission-test-${name}`,
          });
        if (posted.status === 201) break;
        if (posted.status !== 404 || i > 240) {
          throw new Error(
            `Posting the eval of ${name}: ${posted.status} ${posted.text}`,
          );
        }
        await new Promise(r => setTimeout(r, 500));
      }
    }
  }, 300_000);

  afterAll(async () => {
    await backend?.stop();
    // The scaffolder's task event pollers check for cancellation once a
    // second: let them end before the test's databases are closed, or they
    // poll a destroyed pool in whichever test file runs next in this worker.
    await new Promise(r => setTimeout(r, 2500));
    await new Promise(r => github?.close(r));
  });

  /** Runs the catalog's promote-skill template as a real task. */
  const runTask = async (user: string, values: Record<string, unknown>) => {
    const auth = mockCredentials.user.header(`user:default/${user}`);
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', auth)
      .send({
        templateRef: 'template:default/promote-skill',
        values: {
          registryRepoUrl: 'github.com?owner=acme-financial&repo=agent-skills',
          registryPath: 'skills',
          ...values,
        },
        secrets: {},
      });
    expect(created.status).toBe(201);
    for (let i = 0; i < 480; i++) {
      const task = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', auth);
      if (['failed', 'completed', 'cancelled'].includes(task.body.status)) {
        const events = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
          .set('Authorization', auth);
        return {
          status: task.body.status as string,
          log: (events.body as any[]).map(
            e => `${e.body?.stepId ?? ''}: ${e.body?.message ?? ''}`,
          ),
        };
      }
      await new Promise(r => setTimeout(r, 250));
    }
    throw new Error('the task did not finish');
  };

  /** A real task fails at the promote step with the message; GitHub saw nothing. */
  const expectTaskRefused = async (
    user: string,
    values: Record<string, unknown>,
    message: string,
  ) => {
    const before = sentToGithub.length;
    const task = await runTask(user, values);
    expect(task.status).toBe('failed');
    expect(
      task.log.find(l => l.startsWith('promote: ') && l.includes(message)),
    ).toBeDefined();
    expect(task.log.join('\n')).not.toMatch(/^pr: Beginning step/m);
    expect(sentToGithub.slice(before)).toEqual([]);
  };

  const promote = (user: string, values: Record<string, unknown>) =>
    request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header(`user:default/${user}`))
      .send({
        template,
        values: {
          registryRepoUrl: 'github.com?owner=acme-financial&repo=agent-skills',
          registryPath: 'skills',
          ...values,
        },
        secrets: {},
        directoryContents: [],
      });
  const files = (res: request.Response) =>
    ((res.body.directoryContents ?? []) as any[]).map(f => f.path).sort();

  it("refuses a payments engineer promoting data-eng's skill: 403, nothing written", async () => {
    const res = await promote('elena.sokolova', {
      skill: 'airesource:default/dbt-model-review',
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual(
      expect.objectContaining({
        name: 'NotAllowedError',
        message:
          'user:default/elena.sokolova may not promote airesource:default/dbt-model-review: only members of the team that owns it (group:default/data-eng) and the platform team may (permission agent-platform.skill.promote)',
      }),
    );
    expect(files(res)).toEqual([]);
    await expectTaskRefused(
      'elena.sokolova',
      { skill: 'airesource:default/dbt-model-review' },
      'user:default/elena.sokolova may not promote airesource:default/dbt-model-review',
    );
  });

  it('lets the owning team and the platform team promote it', async () => {
    const owner = await promote('wei.zhang', {
      skill: 'airesource:default/dbt-model-review',
    });
    expect(owner.status).toBe(200);
    expect(files(owner)).toContain('registry/skills/dbt-model-review/SKILL.md');

    const platform = await promote('dana.kim', {
      skill: 'airesource:default/dbt-model-review',
    });
    expect(platform.status).toBe(200);

    const own = await promote('elena.sokolova', {
      skill: 'airesource:default/pci-checklist',
    });
    expect(own.status).toBe(200);
  });

  it.each([
    ['.github/workflows', 'names the dot folder ".github"'],
    ['.git', 'names the dot folder ".git"'],
    ['skills\nevil', 'contains a control character'],
  ])('refuses the registry path %j with a 400 naming it', async (path, why) => {
    const res = await promote('wei.zhang', {
      skill: 'airesource:default/dbt-model-review',
      registryPath: path,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      `- registryPath: ${JSON.stringify(path)} ${why}`,
    );
    expect(files(res)).toEqual([]);
    await expectTaskRefused(
      'wei.zhang',
      { skill: 'airesource:default/dbt-model-review', registryPath: path },
      `- registryPath: ${JSON.stringify(path)} ${why}`,
    );
  });
});
