import { UrlReaderService } from '@backstage/backend-plugin-api';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSourceFiles } from './readSources';
import { MAX_SOURCE_FILE_BYTES } from './sourceFile';

/** A UrlReader answering readTree from a map of paths, as integrations do. */
function treeReader(files: Record<string, string>) {
  const calls: Array<{ url: string; kept: string[] }> = [];
  const reader = {
    readTree: async (
      url: string,
      options?: { filter?: (path: string) => boolean },
    ) => {
      const kept = Object.keys(files).filter(p => options?.filter?.(p) ?? true);
      calls.push({ url, kept });
      return {
        etag: 'etag',
        files: async () =>
          kept.map(path => ({
            path,
            content: async () => Buffer.from(files[path]),
          })),
        archive: async () => {
          throw new Error('not used');
        },
        dir: async () => {
          throw new Error('not used');
        },
      };
    },
  } as unknown as UrlReaderService;
  return { reader, calls };
}

describe('readSourceFiles', () => {
  it('reads a URL target through the UrlReader, asking only for the wanted files', async () => {
    const { reader, calls } = treeReader({
      'code-review/SKILL.md': '---\nname: code-review\n---\n',
      'code-review/references/checklist.md': '# Checklist',
      'README.md': '# Skills',
    });
    const files = await readSourceFiles(
      'https://github.com/acme/agent-skills/tree/main/skills/',
      new Set(['SKILL.md']),
      reader,
    );
    expect(calls).toEqual([
      {
        url: 'https://github.com/acme/agent-skills/tree/main/skills/',
        kept: ['code-review/SKILL.md'],
      },
    ]);
    expect(files).toEqual([
      {
        path: 'code-review/SKILL.md',
        locationType: 'url',
        target:
          'https://github.com/acme/agent-skills/tree/main/skills/code-review/SKILL.md',
        folder:
          'https://github.com/acme/agent-skills/tree/main/skills/code-review',
        size: 26,
        content: Buffer.from('---\nname: code-review\n---\n'),
      },
    ]);
  });

  it('lets a failing URL read throw, so the provider keeps its last good read', async () => {
    const reader = {
      readTree: async () => {
        throw new Error('NotFoundError: 404 from github.com');
      },
    } as unknown as UrlReaderService;
    await expect(
      readSourceFiles(
        'https://github.com/acme/gone',
        new Set(['SKILL.md']),
        reader,
      ),
    ).rejects.toThrow('404');
  });

  describe('local folders', () => {
    let root: string;
    beforeEach(async () => {
      root = await mkdtemp(join(tmpdir(), 'read-sources-'));
    });
    afterEach(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('walks the tree, skipping node_modules and .git', async () => {
      await mkdir(join(root, 'a'), { recursive: true });
      await mkdir(join(root, 'node_modules', 'b'), { recursive: true });
      await mkdir(join(root, '.git', 'c'), { recursive: true });
      await writeFile(join(root, 'a', 'SKILL.md'), 'x');
      await writeFile(join(root, 'node_modules', 'b', 'SKILL.md'), 'x');
      await writeFile(join(root, '.git', 'c', 'SKILL.md'), 'x');
      const files = await readSourceFiles(
        root,
        new Set(['SKILL.md']),
        {} as UrlReaderService,
      );
      expect(files.map(f => [f.path, f.locationType, f.folder])).toEqual([
        ['a/SKILL.md', 'file', join(root, 'a')],
      ]);
    });

    it('reports the size of a file over the limit without reading it', async () => {
      await mkdir(join(root, 'big'));
      await writeFile(
        join(root, 'big', 'SKILL.md'),
        Buffer.alloc(MAX_SOURCE_FILE_BYTES + 10, 0x61),
      );
      const [file] = await readSourceFiles(
        root,
        new Set(['SKILL.md']),
        {} as UrlReaderService,
      );
      expect(file.size).toBe(MAX_SOURCE_FILE_BYTES + 10);
      expect(file.content.length).toBe(0);
    });

    it('names a target that is not a folder', async () => {
      await expect(
        readSourceFiles(
          join(root, 'missing'),
          new Set(['SKILL.md']),
          {} as UrlReaderService,
        ),
      ).rejects.toThrow(`${join(root, 'missing')} is not a readable folder`);
    });
  });
});
