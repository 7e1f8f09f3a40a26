import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import { resolve } from 'node:path';
import request from 'supertest';
import { catalogModuleAgentPlatform } from '../module';
import { EXAMPLE_ORG_BASE } from './__testUtils__/baseFolders';

// The example org base and skills through the real catalog: the base's
// Claude Code marketplace and the plugin of each release, on upstream's
// AiResource `marketplace` and `plugin` types, with their relations.

jest.setTimeout(120_000);

const EXAMPLE_SKILLS = resolve(EXAMPLE_ORG_BASE, '../skills');
const EXAMPLE_SUBAGENTS = resolve(EXAMPLE_ORG_BASE, '../subagents');

describe('the marketplace and release plugins in the real catalog', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleAiModel,
        catalogModuleAgentPlatform,
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['AiResource'] }],
              providers: {
                agentPlatform: {
                  bases: [EXAMPLE_ORG_BASE],
                  skills: [EXAMPLE_SKILLS],
                  subagents: [EXAMPLE_SUBAGENTS],
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
  });

  afterAll(async () => {
    await backend?.stop();
  });

  async function entity(name: string, wanted: (e: any) => boolean) {
    for (let attempt = 0; attempt < 200; attempt++) {
      const res = await request(backend.server)
        .get(`/api/catalog/entities/by-name/airesource/default/${name}`)
        .set('Authorization', mockCredentials.user.header());
      if (res.status === 200 && wanted(res.body)) return res.body;
      await new Promise(r => setTimeout(r, 250));
    }
    throw new Error(`airesource:default/${name} never showed up as expected`);
  }
  const relations = (e: any) =>
    e.relations.map((r: any) => `${r.type} ${r.targetRef}`).sort();

  it('catalogs the plugin of a release: its skills and subagents, part of the base', async () => {
    const plugin = await entity('org-base-plugin-2.4.0', e =>
      e.relations?.some((r: any) => r.type === 'partOf'),
    );
    expect(plugin.spec).toMatchObject({
      type: 'plugin',
      lifecycle: 'production',
      owner: 'group:default/platform',
      version: '2.4.0',
      base: 'airesource:default/org-base',
      subagents: ['airesource:default/security-reviewer'],
    });
    expect(relations(plugin)).toEqual([
      'hasPart airesource:default/code-review',
      'hasPart airesource:default/commit-message',
      'hasPart airesource:default/dependency-upgrade',
      'hasPart airesource:default/incident-triage',
      'hasPart airesource:default/pr-description',
      'hasPart airesource:default/release-notes',
      'hasPart airesource:default/security-reviewer',
      'hasPart airesource:default/test-writer',
      'hasPart airesource:default/write-adr',
      'ownedBy group:default/platform',
      'partOf airesource:default/org-base',
      // The reverse of the marketplace's hasPart.
      'partOf airesource:default/org-base-marketplace',
      'partOf system:default/agent-platform',
    ]);
    // The reverse direction: the skill is part of the plugin.
    const skill = await entity('code-review', e =>
      e.relations?.some(
        (r: any) =>
          r.type === 'partOf' &&
          r.targetRef === 'airesource:default/org-base-plugin-2.4.0',
      ),
    );
    expect(skill.spec.type).toBe('skill');
    // And so is the subagent the release ships.
    const subagent = await entity('security-reviewer', e =>
      e.relations?.some(
        (r: any) =>
          r.type === 'partOf' &&
          r.targetRef === 'airesource:default/org-base-plugin-2.4.0',
      ),
    );
    expect(subagent.spec.type).toBe('subagent');
  });

  it('catalogs the marketplace holding every release plugin, and the base has the plugins as parts', async () => {
    const marketplace = await entity('org-base-marketplace', e =>
      e.relations?.some((r: any) => r.type === 'hasPart'),
    );
    expect(marketplace.spec).toMatchObject({
      type: 'marketplace',
      owner: 'group:default/platform',
      version: '2.4.0',
    });
    expect(marketplace.spec.plugins).toEqual([
      'airesource:default/org-base-plugin-1.8.0',
      'airesource:default/org-base-plugin-2.0.0',
      'airesource:default/org-base-plugin-2.1.0',
      'airesource:default/org-base-plugin-2.2.0',
      'airesource:default/org-base-plugin-2.3.0',
      'airesource:default/org-base-plugin-2.4.0',
    ]);
    expect(
      relations(marketplace).filter((r: string) => r.startsWith('hasPart')),
    ).toEqual(marketplace.spec.plugins.map((p: string) => `hasPart ${p}`));

    const base = await entity('org-base', e =>
      e.relations?.some(
        (r: any) =>
          r.type === 'hasPart' &&
          r.targetRef === 'airesource:default/org-base-plugin-2.4.0',
      ),
    );
    expect(base.spec.level).toBe('base');
  });
});
