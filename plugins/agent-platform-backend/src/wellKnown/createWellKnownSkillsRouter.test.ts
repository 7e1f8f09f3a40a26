import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
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

// A valid 64-character name: the entity name stops at 63, the annotation keeps it whole.
const longName = `${'a'.repeat(30)}-${'b'.repeat(33)}`;
const longSkill = skill(longName, {});
longSkill.metadata.name = longName.slice(0, 63);
longSkill.metadata.annotations!['agent-platform.io/skill-name'] = longName;

const entities: Entity[] = [
  skill('code-review', { evalStatus: 'passing' }, reviewFolder),
  longSkill,
  {
    ...skill('claude-only', {}),
    metadata: {
      name: 'claude-only',
      annotations: {
        'backstage.io/source-location': `file:${root}/claude-only/`,
        // Claude Code loads it; the Agent Skills spec does not allow the field.
        'agent-platform.io/source-issues': JSON.stringify([
          {
            file: 'SKILL.md',
            line: 4,
            rule: 'skill-field-claude-code-only',
            message: 'x',
            severity: 'warning',
          },
        ]),
      },
    },
  },
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
          name: longName,
          description: `The ${longName} skill.`,
          files: ['SKILL.md'],
        },
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
    expect(res.body.skills[1]).toEqual({
      name: 'code-review',
      type: 'skill-md',
      description: 'The code-review skill.',
      url: 'code-review/SKILL.md',
      digest: `sha256:${createHash('sha256').update(reviewMd).digest('hex')}`,
    });
    expect(res.body.skills.map((s: any) => s.name)).toEqual([
      longName,
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
    const long = await request(app).get(
      `/.well-known/skills/${longName}/SKILL.md`,
    );
    expect(long.status).toBe(200);
  });

  it.each([
    '/.well-known/skills/code-review/references/leak.txt',
    '/.well-known/skills/code-review/..%2F..%2Fsecret.txt',
    '/.well-known/skills/code-review/%2E%2E/secret.txt',
    '/.well-known/skills/old-one/SKILL.md',
    '/.well-known/skills/claude-only/SKILL.md',
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

describe('createWellKnownSkillsRouter with skills in a Git host', () => {
  // A Gitea-compatible host on localhost, answering what the real UrlReader
  // asks for a tree: the latest commit of the branch, then the branch archive.
  const repo = mkdtempSync(join(tmpdir(), 'skills-repo-'));
  const archive = join(repo, 'archive.tar.gz');
  const remoteMd =
    '---\nname: remote-review\ndescription: Reviews from Git.\n---\n# Remote\n';
  mkdirSync(join(repo, 'skills', 'remote-review', 'references'), {
    recursive: true,
  });
  writeFileSync(join(repo, 'skills', 'remote-review', 'SKILL.md'), remoteMd);
  writeFileSync(
    join(repo, 'skills', 'remote-review', 'references', 'rubric.md'),
    '- naming\n',
  );
  mkdirSync(join(repo, 'skills', 'other-skill'), { recursive: true });
  writeFileSync(join(repo, 'skills', 'other-skill', 'SKILL.md'), 'other');
  // Gitea archives hold the repository under one top-level folder.
  execFileSync('tar', ['-czf', archive, '-C', repo, 'skills']);

  const requests: string[] = [];
  const host = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/api/v1/repos/acme/agent-skills/git/commits/main') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ sha: 'c0ffee' }));
    } else if (
      req.url === '/api/v1/repos/acme/agent-skills/archive/main.tar.gz'
    ) {
      res.setHeader('content-type', 'application/gzip');
      res.end(readFileSync(archive));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  let app: express.Express;

  beforeAll(async () => {
    await new Promise<void>(done => host.listen(0, '127.0.0.1', done));
    const { port } = host.address() as AddressInfo;
    const base = `http://localhost:${port}`;
    const config = mockServices.rootConfig({
      data: {
        integrations: { gitea: [{ host: `localhost:${port}`, baseUrl: base }] },
      },
    });
    const logger = mockServices.logger.mock();
    const remote = skill('remote-review', {}, 'unused');
    remote.metadata.annotations = {
      'backstage.io/source-location': `url:${base}/acme/agent-skills/src/branch/main/remote-review`,
    };
    const cache = PlatformSnapshotCache.create({
      catalog: catalogServiceMock({ entities: [remote] }),
      auth: mockServices.auth(),
      logger,
      clock: { now: () => new Date('2026-11-21T12:00:00Z') },
    });
    app = express();
    app.use(
      '/.well-known',
      createWellKnownSkillsRouter({
        cache,
        reader: new SkillFilesReader(UrlReaders.default({ config, logger })),
        logger,
      }),
    );
  });

  afterAll(async () => {
    host.closeAllConnections();
    await new Promise(done => host.close(done));
  });

  it('lists and serves a skill folder read through the UrlReader', async () => {
    const index = await request(app).get('/.well-known/skills/index.json');
    expect(index.status).toBe(200);
    expect(index.body).toEqual({
      skills: [
        {
          name: 'remote-review',
          description: 'The remote-review skill.',
          files: ['SKILL.md', 'references/rubric.md'],
        },
      ],
    });
    const discovery = await request(app).get(
      '/.well-known/agent-skills/index.json',
    );
    expect(discovery.body.skills).toEqual([
      {
        name: 'remote-review',
        type: 'skill-md',
        description: 'The remote-review skill.',
        url: 'remote-review/SKILL.md',
        digest: `sha256:${createHash('sha256').update(remoteMd).digest('hex')}`,
      },
    ]);
    const file = await request(app).get(
      '/.well-known/skills/remote-review/references/rubric.md',
    );
    expect(file.status).toBe(200);
    expect(file.text).toBe('- naming\n');
    expect(requests).toContain(
      '/api/v1/repos/acme/agent-skills/archive/main.tar.gz',
    );
  });
});
