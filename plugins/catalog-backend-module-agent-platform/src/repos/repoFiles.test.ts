import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SourceFile } from '../provider/sourceFile';
import {
  collectRepoFiles,
  readRepoFile,
  repoLocationRef,
  repoRootOf,
} from './repoFiles';

const withAnnotations = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'a', annotations },
  spec: {},
});

describe('repoRootOf', () => {
  it('takes the folder of the catalog-info.yaml the Component was read from', () => {
    expect(
      repoRootOf(
        withAnnotations({
          'backstage.io/managed-by-location':
            'file:/x/repos/a/catalog-info.yaml',
        }),
      ),
    ).toEqual({ type: 'file', target: '/x/repos/a' });
    expect(
      repoRootOf(
        withAnnotations({
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/a/blob/main/catalog-info.yaml',
        }),
      ),
    ).toEqual({ type: 'url', target: 'https://github.com/acme/a/blob/main/' });
  });

  it('prefers the source location, trusting file: only on Components read from files', () => {
    expect(
      repoRootOf(
        withAnnotations({
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/a/blob/main/catalog-info.yaml',
          'backstage.io/source-location':
            'url:https://github.com/acme/a/tree/main',
        }),
      ),
    ).toEqual({ type: 'url', target: 'https://github.com/acme/a/tree/main/' });
    expect(
      repoRootOf(
        withAnnotations({
          'backstage.io/managed-by-location':
            'file:/x/repos/a/catalog-info.yaml',
          'backstage.io/source-location': 'file:/x/checkouts/a/',
        }),
      ),
    ).toEqual({ type: 'file', target: '/x/checkouts/a' });
    expect(
      repoRootOf(
        withAnnotations({
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/a/blob/main/catalog-info.yaml',
          'backstage.io/source-location': 'file:/etc/',
        }),
      ),
    ).toEqual({ type: 'url', target: 'https://github.com/acme/a/blob/main/' });
  });

  it('has no root for Components without a readable location', () => {
    expect(repoRootOf(withAnnotations({}))).toBeUndefined();
    expect(
      repoRootOf(
        withAnnotations({
          'backstage.io/managed-by-location': 'bootstrap:bootstrap',
        }),
      ),
    ).toBeUndefined();
  });

  it('writes the root as a location ref', () => {
    expect(repoLocationRef({ type: 'file', target: '/x/a' })).toBe(
      'file:/x/a/',
    );
    expect(
      repoLocationRef({ type: 'url', target: 'https://h/a/blob/main/' }),
    ).toBe('url:https://h/a/blob/main/');
  });
});

describe('readRepoFile', () => {
  it('reads URLs below the root; a missing file is undefined, an outage throws', async () => {
    const urlReader = mockServices.urlReader.mock({
      readUrl: jest.fn(async (url: string) => {
        if (url.endsWith('CLAUDE.md')) {
          return { buffer: async () => Buffer.from('# hi\n') } as any;
        }
        if (url.endsWith('AGENTS.md')) {
          throw new NotFoundError('no such file');
        }
        throw new Error('rate limited');
      }),
    });
    const root = { type: 'url' as const, target: 'https://h/a/blob/main/' };
    expect(await readRepoFile(root, 'CLAUDE.md', urlReader)).toEqual(
      expect.objectContaining({
        target: 'https://h/a/blob/main/CLAUDE.md',
        size: 5,
      }),
    );
    expect(await readRepoFile(root, 'AGENTS.md', urlReader)).toBeUndefined();
    await expect(readRepoFile(root, '.mcp.json', urlReader)).rejects.toThrow(
      'rate limited',
    );
  });

  it('does not follow a symlink out of a local repository', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'repo-files-'));
    try {
      await mkdir(join(dir, 'repo'));
      await writeFile(join(dir, 'secret.md'), 'secret');
      await symlink(join(dir, 'secret.md'), join(dir, 'repo', 'CLAUDE.md'));
      await writeFile(join(dir, 'repo', 'AGENTS.md'), '# agents');
      const root = { type: 'file' as const, target: join(dir, 'repo') };
      const urlReader = mockServices.urlReader.mock();
      expect(await readRepoFile(root, 'CLAUDE.md', urlReader)).toBeUndefined();
      expect(
        (await readRepoFile(root, 'AGENTS.md', urlReader))?.content.toString(),
      ).toBe('# agents');
      expect(await readRepoFile(root, 'missing.md', urlReader)).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('collectRepoFiles', () => {
  const fake = (record: Record<string, string>) => {
    const read = jest.fn(
      async (path: string): Promise<SourceFile | undefined> => {
        if (!(path in record)) {
          return undefined;
        }
        const content = Buffer.from(record[path]);
        return {
          path,
          locationType: 'url',
          target: path,
          folder: '',
          size: content.length,
          content,
        };
      },
    );
    return read;
  };

  it('reads the entry files, their imports up to 4 hops, .mcp.json and settings', async () => {
    const read = fake({
      'CLAUDE.md': '@h1.md\n',
      'h1.md': '@h2.md\n',
      'h2.md': '@h3.md\n',
      'h3.md': '@h4.md\n',
      'h4.md': '@h5.md\n',
      'h5.md': 'five hops away',
      '.mcp.json': '{"mcpServers": {}}',
    });
    const files = await collectRepoFiles(read);
    expect([...files.keys()].sort()).toEqual([
      '.mcp.json',
      'CLAUDE.md',
      'h1.md',
      'h2.md',
      'h3.md',
      'h4.md',
    ]);
    expect(read).not.toHaveBeenCalledWith('h5.md');
    // Each file is read once.
    expect(read.mock.calls.filter(([p]) => p === 'CLAUDE.md')).toHaveLength(1);
  });

  it('throws when an import cannot be read, instead of reporting half a repository', async () => {
    const read = fake({ 'CLAUDE.md': '@docs/a.md\n' });
    read.mockImplementation(async path => {
      if (path === 'docs/a.md') {
        throw new Error('connection reset');
      }
      return path === 'CLAUDE.md'
        ? {
            path,
            locationType: 'url',
            target: path,
            folder: '',
            size: 11,
            content: Buffer.from('@docs/a.md\n'),
          }
        : undefined;
    });
    await expect(collectRepoFiles(read)).rejects.toThrow('connection reset');
  });
});
