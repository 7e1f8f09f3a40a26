import {
  escapesRoot,
  normalizePosixPath,
  parseSkillMd,
  SkillEntity,
} from '@agent-platform/plugin-agent-platform-common';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_LOCATION = 'backstage.io/source-location';
/** Limits per skill folder: a skill is instructions and a few scripts. */
const MAX_FILES = 200;
const MAX_FILE_BYTES = 1024 * 1024;

/** A skill folder read into memory: repo-relative POSIX path to bytes. */
export type SkillFiles = Map<string, Buffer>;

/**
 * Reads a skill's folder from its `backstage.io/source-location`: `file:`
 * folders from the local file system (symbolic links are skipped, so nothing
 * outside the folder is read), `url:` folders through the UrlReader. Checks
 * the SKILL.md against the Agent Skills spec (its name must equal the
 * entity's). Returns the files, or the problems.
 */
export async function readSkillFolder(
  skill: SkillEntity,
  urlReader: UrlReaderService,
): Promise<{ files: SkillFiles } | { problems: string[] }> {
  const name = skill.metadata.name;
  const location = skill.metadata.annotations?.[SOURCE_LOCATION];
  const read = await readSkillFiles(skill, urlReader);
  if ('problems' in read) return read;
  const files = read.files;
  const problems: string[] = [];
  const skillMd = files.get('SKILL.md');
  if (!skillMd) {
    return { problems: [`Skill ${name}: ${location} has no SKILL.md`] };
  }
  const parsed = parseSkillMd(skillMd.toString('utf8'), {
    file: `${name}/SKILL.md`,
    folderName: name,
  });
  for (const issue of parsed.issues) {
    if (issue.severity === 'error') {
      problems.push(
        `Skill ${name}: ${issue.file}:${issue.line ?? 1} [${issue.rule}] ${
          issue.message
        }`,
      );
    }
  }
  return problems.length > 0 ? { problems } : { files };
}

/**
 * Reads a skill's folder from its `backstage.io/source-location` like
 * {@link readSkillFolder}, without checking the SKILL.md.
 */
export async function readSkillFiles(
  skill: SkillEntity,
  urlReader: UrlReaderService,
): Promise<{ files: SkillFiles } | { problems: string[] }> {
  const name = skill.metadata.name;
  const location = skill.metadata.annotations?.[SOURCE_LOCATION];
  let files: SkillFiles;
  try {
    if (location?.startsWith('file:')) {
      files = await readLocalFolder(location.slice('file:'.length));
    } else if (location?.startsWith('url:')) {
      files = await readUrlFolder(location.slice('url:'.length), urlReader);
    } else {
      return {
        problems: [
          `Skill ${name} has no ${SOURCE_LOCATION} annotation (file: or url:), so its folder cannot be copied`,
        ],
      };
    }
  } catch (e) {
    return {
      problems: [
        `Skill ${name}: could not read ${location}: ${(e as Error).message}`,
      ],
    };
  }
  return { files };
}

async function readLocalFolder(target: string): Promise<SkillFiles> {
  const root = resolve(
    target.startsWith('file://') ? fileURLToPath(target) : target,
  );
  const files: SkillFiles = new Map();
  const walk = async (dir: string, rel: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const absolute = join(dir, entry.name);
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (!absolute.startsWith(root + sep)) continue;
      const info = await lstat(absolute);
      if (info.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'node_modules') {
          await walk(absolute, path);
        }
      } else if (info.isFile()) {
        if (info.size > MAX_FILE_BYTES) {
          throw new Error(`${path} is larger than ${MAX_FILE_BYTES} bytes`);
        }
        if (files.size >= MAX_FILES) {
          throw new Error(`the folder has more than ${MAX_FILES} files`);
        }
        files.set(path, await readFile(absolute));
      }
    }
  };
  await walk(root, '');
  return files;
}

async function readUrlFolder(
  url: string,
  urlReader: UrlReaderService,
): Promise<SkillFiles> {
  const tree = await urlReader.readTree(url);
  const files: SkillFiles = new Map();
  for (const file of await tree.files()) {
    const path = normalizePosixPath(file.path);
    if (escapesRoot(path) || path.startsWith('/')) {
      throw new Error(`${file.path} is outside the skill folder`);
    }
    const content = await file.content();
    if (content.length > MAX_FILE_BYTES) {
      throw new Error(`${path} is larger than ${MAX_FILE_BYTES} bytes`);
    }
    if (files.size >= MAX_FILES) {
      throw new Error(`the folder has more than ${MAX_FILES} files`);
    }
    files.set(path, content);
  }
  return files;
}
