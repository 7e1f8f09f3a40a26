import { sortAgentPlatformEntities } from '@agent-platform/plugin-agent-platform-common';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import agentPlatformPlugin from '@agent-platform/plugin-agent-platform-backend';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';
import request from 'supertest';
import scaffolderModuleAgentPlatform from '../index';

export const repoRoot = resolve(__dirname, '../../../..');
export const examples = join(repoRoot, 'examples');
export const templates = join(repoRoot, 'templates');
export const TEMPLATE_NAMES = [
  'add-agent-context',
  'promote-skill',
  'service-with-agent-context',
  'upgrade-agent-base',
];

/**
 * The promotable example skills' CI posts a passing evaluation of their
 * version, as promotion requires (retried until the agent-platform snapshot
 * holds the skills).
 */
export async function postPassingEvals(
  server: Parameters<typeof request>[0],
  skills: Array<[string, string]> = [
    ['pci-checklist', '2.0.1'],
    ['dbt-model-review', '1.1.0'],
  ],
) {
  for (const [name, version] of skills) {
    let posted: request.Response | undefined;
    for (let attempt = 0; attempt < 120; attempt++) {
      posted = await request(server)
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
          idempotencyKey: `templates-test-${name}`,
        });
      if (posted.status !== 404) break;
      await new Promise(r => setTimeout(r, 500));
    }
    if (posted?.status !== 201) {
      throw new Error(
        `Posting the eval of ${name}: ${posted?.status} ${posted?.text}`,
      );
    }
  }
}

/** A template folder as the dry-run API takes it: every file, base64. */
function directoryContents(dir: string) {
  const out: Array<{ path: string; base64Content: string }> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const file = join(d, name);
      if (statSync(file).isDirectory()) walk(file);
      else
        out.push({
          path: relative(dir, file),
          base64Content: readFileSync(file).toString('base64'),
        });
    }
  };
  walk(dir);
  return out;
}

/**
 * The real catalog (with the example organisation and the templates of templates/) and the real
 * scaffolder with this module, as the template tests use them.
 */
export async function startTemplateBackend(
  options: {
    /**
     * Also run the agent-platform backend, with passing evaluations posted for
     * the promotable skills (promotion reads them from it).
     */
    evals?: boolean;
  } = {},
) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleAiModel,
      catalogModuleAgentPlatform,
      catalogModuleScaffolderEntityModel,
      scaffolderPlugin,
      scaffolderModuleGithub,
      scaffolderModuleAgentPlatform,
      // Promotion reads the skills' posted evaluation results from it.
      ...(options.evals ? [agentPlatformPlugin] : []),
      // The real scheduler: the mock one skips tasks with an initialDelay.
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          // The snapshot the eval routes read, refreshed often.
          agentPlatform: {
            snapshot: {
              schedule: { frequency: { seconds: 1 }, timeout: { seconds: 30 } },
            },
          },
          // The pull request action builds its client before it sees the dry
          // run; a dry run sends nothing to GitHub.
          integrations: {
            github: [{ host: 'github.com', token: 'dry-run-only' }],
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
              { type: 'file', target: join(examples, 'all.yaml') },
              ...TEMPLATE_NAMES.map(name => ({
                type: 'file',
                target: join(templates, name, 'template.yaml'),
              })),
            ],
            providers: {
              agentPlatform: {
                skills: [join(examples, 'skills')],
                mcpServers: [join(examples, 'mcp-servers')],
                bases: [join(examples, 'org-base')],
                schedule: {
                  frequency: { minutes: 10 },
                  timeout: { minutes: 1 },
                  initialDelay: { seconds: 0 },
                },
                repos: { enabled: false },
              },
            },
          },
        },
      }),
    ],
  });
  // dana.kim is on the platform team, which may scaffold for any team.
  const auth = mockCredentials.user.header('user:default/dana.kim');
  const get = (path: string) =>
    request(backend.server).get(path).set('Authorization', auth);

  // Wait until the catalog holds what the actions read, and the templates.
  const wanted = [
    'airesource:default/org-base',
    'airesource:default/payments-agent-config',
    'airesource:default/pci-checklist',
    'airesource:default/dbt-model-review',
    'airesource:default/code-review',
    'api:default/postgres-prod',
    'group:default/payments',
    'group:default/data-eng',
    ...TEMPLATE_NAMES.map(name => `template:default/${name}`),
  ];
  for (let attempt = 0; attempt < 240; attempt++) {
    const res = await get('/api/catalog/entities');
    const refs = new Set(
      (res.body as any[]).map(e =>
        `${e.kind}:default/${e.metadata.name}`.toLocaleLowerCase(),
      ),
    );
    if (wanted.every(r => refs.has(r))) break;
    await new Promise(r => setTimeout(r, 500));
  }

  if (options.evals) await postPassingEvals(backend.server);

  /** Runs a template as the catalog holds it, with its folder's files. */
  const dryRun = async (name: string, values: Record<string, unknown>) => {
    const entity = await get(
      `/api/catalog/entities/by-name/template/default/${name}`,
    );
    expect(entity.status).toBe(200);
    const { relations, status, ...template } = entity.body;
    return request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', auth)
      .send({
        template,
        values,
        secrets: {},
        directoryContents: directoryContents(join(templates, name)),
      });
  };

  return {
    backend,
    get,
    dryRun,
    /** The backend's own URL (it listens on a free port), for real HTTP clients. */
    url: `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`,
    /** The bearer token the mock auth accepts for a user. */
    // The default mock user's token: a plain word that survives the shell
    // quoting of the generated workflow (a token naming a user is JSON).
    userToken: mockCredentials.user.header().replace(/^Bearer /, ''),
    catalogEntities: async () =>
      sortAgentPlatformEntities((await get('/api/catalog/entities')).body),
  };
}

/** The files of a dry-run answer, by path. */
export const filesOf = (body: any): Record<string, string> =>
  Object.fromEntries(
    (body.directoryContents as any[]).map(f => [
      f.path,
      Buffer.from(f.base64Content, 'base64').toString('utf8'),
    ]),
  );

/** The task log's messages, without the logger's colour codes and level. */
export const logOf = (body: any): string[] =>
  (body.log as any[]).map(l =>
    String(l.body?.message ?? '')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[\d+m/g, '')
      .replace(/^(info|warn|error|debug): /, ''),
  );
