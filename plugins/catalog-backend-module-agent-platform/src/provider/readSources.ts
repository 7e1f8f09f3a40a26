import { UrlReaderService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MAX_SOURCE_FILE_BYTES, SourceFile } from './sourceFile';

/** Folders never worth walking into. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'dist-types']);
const MAX_DEPTH = 8;

/**
 * Reads the files named `fileNames` below `target`, a local folder (absolute,
 * or relative to the backend's working directory, like the catalog's file
 * locations) or a URL that the configured integrations can read as a tree.
 * Local files over the size limit are not read at all.
 */
export async function readSourceFiles(
  target: string,
  fileNames: ReadonlySet<string> | ((name: string) => boolean),
  urlReader: UrlReaderService,
): Promise<SourceFile[]> {
  const wanted =
    typeof fileNames === 'function'
      ? fileNames
      : (n: string) => fileNames.has(n);
  if (/^https?:\/\//.test(target)) {
    return readUrlTree(target, wanted, urlReader);
  }
  return readLocalTree(resolve(target), wanted);
}

async function readLocalTree(
  root: string,
  wanted: (name: string) => boolean,
): Promise<SourceFile[]> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new InputError(`${root} is not a readable folder`);
  }
  const found: SourceFile[] = [];
  const walk = async (dir: string, rel: string, depth: number) => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      const absolute = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH && !SKIPPED_FOLDERS.has(entry.name)) {
          await walk(absolute, path, depth + 1);
        }
      } else if (entry.isFile() && wanted(entry.name)) {
        found.push({
          path,
          locationType: 'file',
          target: absolute,
          folder: dir,
          ...(await readCapped(absolute)),
        });
      }
    }
  };
  await walk(root, '', 0);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

async function readCapped(
  file: string,
): Promise<{ size: number; content: Buffer }> {
  const { size } = await stat(file);
  // An oversized file is reported by its size; it is never read into memory.
  if (size > MAX_SOURCE_FILE_BYTES) {
    return { size, content: Buffer.alloc(0) };
  }
  return { size, content: await readFile(file) };
}

async function readUrlTree(
  url: string,
  wanted: (name: string) => boolean,
  urlReader: UrlReaderService,
): Promise<SourceFile[]> {
  const tree = await urlReader.readTree(url, {
    filter: path => wanted(path.split('/').pop() ?? ''),
  });
  const base = url.replace(/\/+$/, '');
  const files = await tree.files();
  const found: SourceFile[] = [];
  for (const file of files) {
    const folderPath = file.path.split('/').slice(0, -1).join('/');
    found.push({
      path: file.path,
      locationType: 'url',
      target: `${base}/${file.path}`,
      folder: folderPath ? `${base}/${folderPath}` : base,
      ...(await file.content().then(content => ({
        size: content.length,
        content,
      }))),
    });
  }
  return found.sort((a, b) => a.path.localeCompare(b.path));
}
