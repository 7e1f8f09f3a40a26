import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import request from 'supertest';
import { PlatformSnapshotCache } from '../services/PlatformSnapshotCache';
import { createWellKnownSkillsRouter } from './createWellKnownSkillsRouter';
import { SkillFilesReader } from './SkillFilesReader';

const root = mkdtempSync(join(tmpdir(), 'skills-'));
const secret = join(root, 'secret.txt');
writeFileSync(secret, 'outside the skill folder');

function skillFolder(name: string, files: Record<string, string>) {
  const folder = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return folder;
}

const reviewMd =
  '---\nname: code-review\ndescription: Reviews diffs.\n---\n# Review\n';
const reviewFolder = skillFolder('code-review', {
  'SKILL.md': reviewMd,
  'references/checklist.md': '- tests\n',
});
// A link out of the folder is never listed nor served.
symlinkSync(secret, join(reviewFolder, 'references', 'leak.txt'));

const skill = (
  name: string,
  spec: Record<string, unknown>,
  folder = skillFolder(name, { 'SKILL.md': `---\nname: ${name}\n---\n` }),
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: {
    name,
    description: `The ${name} skill.`,
    annotations: { 'backstage.io/source-location': `file:${folder}/` },
  },
  spec: {
    type: 'skill',
    lifecycle: 'production',
    owner: 'platform',
    scope: 'org',
    ...spec,
  },
});

const entities: Entity[] = [
  skill('code-review', { evalStatus: 'passing' }, reviewFolder),
  skill('pending-one', { evalStatus: 'pending' }),
  skill('old-one', { lifecycle: 'deprecated' }),
  skill('failing-one', { evalStatus: 'failing' }),
  skill('team-one', { scope: 'team' }),
  {
    ...skill('broken-one', {}),
    metadata: {
      name: 'broken-one',
      annotations: {
        'backstage.io/source-location': `file:${root}/broken-one/`,
        'agent-platform.io/source-issues': JSON.stringify([
          {
            file: 'SKILL.md',
            rule: 'skill-name-mismatch',
            message: 'x',
            severity: 'error',
          },
        ]),
      },
    },
  },
];

describe('createWellKnownSkillsRouter', () => {
  const logger = mockServices.logger.mock();
  const cache = PlatformSnapshotCache.create({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger,
    clock: { now: () => new Date('2026-11-21T12:00:00Z') },
  });
  const app = express();
  app.use(
    '/.well-known',
    createWellKnownSkillsRouter({
      cache,
      reader: new SkillFilesReader(mockServices.urlReader.mock()),
      logger,
    }),
  );
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger,
    }).error(),
  );

  it('lists the approved org skills with their files', async () => {
    const res = await request(app).get('/.well-known/skills/index.json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      skills: [
        {
          name: 'code-review',
          description: 'The code-review skill.',
          files: ['SKILL.md', 'references/checklist.md'],
        },
        {
          name: 'pending-one',
          description: 'The pending-one skill.',
          files: ['SKILL.md'],
        },
      ],
    });
  });

  it('publishes the agentskills discovery index with digests', async () => {
    const res = await request(app).get('/.well-known/agent-skills/index.json');
    expect(res.status).toBe(200);
    expect(res.body.skills[0]).toEqual({
      name: 'code-review',
      type: 'skill-md',
      description: 'The code-review skill.',
      url: 'code-review/SKILL.md',
      digest: `sha256:${createHash('sha256').update(reviewMd).digest('hex')}`,
    });
    expect(res.body.skills.map((s: any) => s.name)).toEqual([
      'code-review',
      'pending-one',
    ]);
  });

  it('serves the files of a published skill', async () => {
    for (const prefix of ['skills', 'agent-skills']) {
      const res = await request(app).get(
        `/.well-known/${prefix}/code-review/SKILL.md`,
      );
      expect(res.status).toBe(200);
      expect(res.text).toBe(reviewMd);
      expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    }
    const nested = await request(app).get(
      '/.well-known/skills/code-review/references/checklist.md',
    );
    expect(nested.text).toBe('- tests\n');
  });

  it.each([
    '/.well-known/skills/code-review/references/leak.txt',
    '/.well-known/skills/code-review/..%2F..%2Fsecret.txt',
    '/.well-known/skills/code-review/%2E%2E/secret.txt',
    '/.well-known/skills/old-one/SKILL.md',
    '/.well-known/skills/failing-one/SKILL.md',
    '/.well-known/skills/team-one/SKILL.md',
    '/.well-known/skills/broken-one/SKILL.md',
    '/.well-known/skills/nope/SKILL.md',
  ])('answers 404 for %s', async path => {
    const res = await request(app).get(path);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('outside the skill folder');
  });
});
