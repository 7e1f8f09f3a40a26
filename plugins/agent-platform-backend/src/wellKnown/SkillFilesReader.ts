import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

/** One skill's folder, read. */
export interface SkillFiles {
  /** Files by folder-relative POSIX path; `SKILL.md` first. */
  files: Map<string, Buffer>;
  /** `sha256:<hex>` of `SKILL.md`. */
  digest: string;
}

/** Beyond these a skill folder is not published: skills are small text bundles. */
const MAX_FILES = 200;
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_DEPTH = 6;

/**
 * Reads the files of a skill folder from its `backstage.io/source-location`:
 * `file:` locations from disk, `url:` locations through the UrlReader. Only
 * regular files inside the folder are read (no symlinks, nothing outside it),
 * so serving a listed path can never leave the folder.
 */
export class SkillFilesReader {
  constructor(private readonly urlReader: UrlReaderService) {}

  async read(sourceLocation: string): Promise<SkillFiles> {
    let files: Map<string, Buffer> | undefined;
    if (sourceLocation.startsWith('file:')) {
      files = await this.#readFolder(
        filePath(sourceLocation.slice('file:'.length)),
      );
    } else if (sourceLocation.startsWith('url:')) {
      files = await this.#readTree(sourceLocation.slice('url:'.length));
    }
    if (!files) {
      throw new InputError(
        `Unsupported source location ${sourceLocation}; expected file: or url:`,
      );
    }
    const skillMd = files.get('SKILL.md');
    if (!skillMd) {
      throw new InputError(`${sourceLocation} has no SKILL.md`);
    }
    const ordered = new Map<string, Buffer>([['SKILL.md', skillMd]]);
    for (const path of [...files.keys()].sort()) {
      if (path !== 'SKILL.md') ordered.set(path, files.get(path)!);
    }
    return {
      files: ordered,
      digest: `sha256:${createHash('sha256').update(skillMd).digest('hex')}`,
    };
  }

  async #readFolder(folder: string): Promise<Map<string, Buffer>> {
    const root = await realpath(folder);
    const files = new Map<string, Buffer>();
    const walk = async (dir: string, depth: number) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = resolve(dir, entry.name);
        const inside = relative(root, full);
        if (inside.startsWith('..') || isAbsolute(inside)) continue;
        if (entry.isDirectory() && depth < MAX_DEPTH) {
          await walk(full, depth + 1);
        } else if (entry.isFile()) {
          // lstat again: the entry must still be a regular file, not a link.
          const stat = await lstat(full);
          if (!stat.isFile() || stat.size > MAX_FILE_BYTES) continue;
          if (files.size >= MAX_FILES) return;
          files.set(inside.split(sep).join('/'), await readFile(full));
        }
      }
    };
    await walk(root, 0);
    return files;
  }

  async #readTree(url: string): Promise<Map<string, Buffer>> {
    const tree = await this.urlReader.readTree(url);
    const files = new Map<string, Buffer>();
    for (const file of await tree.files()) {
      const path = posix.normalize(file.path);
      if (path.startsWith('..') || posix.isAbsolute(path)) continue;
      const content = await file.content();
      if (content.length > MAX_FILE_BYTES || files.size >= MAX_FILES) continue;
      files.set(path, content);
    }
    return files;
  }
}

function filePath(location: string): string {
  return location.startsWith('file://') ? fileURLToPath(location) : location;
}
