import {
  AGENT_TOOL_PARSERS,
  AgentToolParser,
  resolveContextTree,
} from '@agent-platform/plugin-agent-platform-common';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import { open, readdir, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { MAX_SOURCE_FILE_BYTES, SourceFile } from '../provider/sourceFile';

/**
 * The context files a repository may start from: Claude Code reads the first
 * two; `AGENTS.md` is read by other agents, and by Claude Code through the
 * usual `@AGENTS.md` bridge.
 */
export const ENTRY_CONTEXT_FILES = [
  'CLAUDE.md',
  '.claude/CLAUDE.md',
  'AGENTS.md',
];
/** The project MCP servers file. */
export const MCP_JSON_FILE = '.mcp.json';
/** The project settings file. */
export const SETTINGS_JSON_FILE = '.claude/settings.json';

/** Claude Code follows at most this many import hops. */
export const MAX_IMPORT_HOPS = 4;

/**
 * Where a Component's repository is: a local folder or a URL the integrations
 * can read. `target` is an absolute path for `file`, and ends in `/` for `url`.
 */
export interface RepoRoot {
  type: 'file' | 'url';
  target: string;
}

/** The files found in one repository, by repo-relative path. Missing files are absent. */
export type RepoFiles = ReadonlyMap<string, SourceFile>;

/** Reads one repo-relative file; undefined when it does not exist, throws when it cannot be read. */
export type RepoFileRead = (path: string) => Promise<SourceFile | undefined>;

/**
 * Lists the repo-relative paths of the files directly inside a repo-relative
 * folder whose names end with `suffix`; empty when the folder does not exist.
 */
export type RepoFolderList = (
  folder: string,
  suffix: string,
) => Promise<string[]>;

/**
 * The repository of a Component: its `backstage.io/source-location`, else the
 * folder its `catalog-info.yaml` was read from (`backstage.io/managed-by-location`).
 * A `file:` source location is only trusted on a Component that was itself read
 * from a local file, so an entity registered from a URL cannot point the
 * backend at arbitrary local folders.
 */
export function repoRootOf(component: Entity): RepoRoot | undefined {
  const annotations = component.metadata.annotations ?? {};
  const managedBy = parseRef(annotations[ANNOTATION_LOCATION]);
  const source = parseRef(annotations[ANNOTATION_SOURCE_LOCATION]);
  if (source && (source.type === 'url' || managedBy?.type === 'file')) {
    return toRoot(source.type, source.target, false);
  }
  if (managedBy) {
    return toRoot(managedBy.type, managedBy.target, true);
  }
  return undefined;
}

function parseRef(
  ref: string | undefined,
): { type: 'file' | 'url'; target: string } | undefined {
  if (!ref) {
    return undefined;
  }
  try {
    const { type, target } = parseLocationRef(ref);
    return type === 'file' || type === 'url' ? { type, target } : undefined;
  } catch {
    return undefined;
  }
}

function toRoot(
  type: 'file' | 'url',
  target: string,
  isFile: boolean,
): RepoRoot | undefined {
  if (type === 'file') {
    if (!isAbsolute(target)) {
      return undefined;
    }
    return { type, target: isFile ? dirname(target) : resolve(target) };
  }
  try {
    const url = new URL(target);
    if (!/^https?:$/.test(url.protocol)) {
      return undefined;
    }
    url.search = '';
    url.hash = '';
    // A file URL's folder; a folder URL as it is, with the trailing slash URL resolution needs.
    if (isFile) {
      return { type, target: new URL('.', url).href };
    }
    if (!url.pathname.endsWith('/')) {
      url.pathname = `${url.pathname}/`;
    }
    return { type, target: url.href };
  } catch {
    return undefined;
  }
}

/** `file:/x/repo/` or `url:https://.../blob/main/`: the repository as a location ref. */
export function repoLocationRef(root: RepoRoot): string {
  const target =
    root.type === 'file' && !root.target.endsWith('/')
      ? `${root.target}/`
      : root.target;
  return `${root.type}:${target}`;
}

/**
 * Reads one repo-relative file of a repository. A missing file is normal and
 * resolves to undefined; any other failure (permissions, an integration
 * outage) throws. At most {@link MAX_SOURCE_FILE_BYTES} + 1 bytes are kept, so
 * an oversized file is reported by its size without being held in memory.
 */
export async function readRepoFile(
  root: RepoRoot,
  path: string,
  urlReader: UrlReaderService,
): Promise<SourceFile | undefined> {
  return root.type === 'url'
    ? readUrlFile(root.target, path, urlReader)
    : readLocalFile(root.target, path);
}

async function readLocalFile(
  root: string,
  path: string,
): Promise<SourceFile | undefined> {
  const absolute = resolve(root, path);
  if (!inside(root, absolute)) {
    return undefined;
  }
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (error) {
    if (isMissing(error)) {
      return undefined;
    }
    throw error;
  }
  // A symlink must not lead out of the repository.
  if (!inside(await realpath(root), real)) {
    return undefined;
  }
  const handle = await open(real, 'r');
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      return undefined;
    }
    const length = Math.min(info.size, MAX_SOURCE_FILE_BYTES + 1);
    const content = Buffer.alloc(length);
    const { bytesRead } = await handle.read(content, 0, length, 0);
    return {
      path,
      locationType: 'file',
      target: absolute,
      folder: dirname(absolute),
      size: info.size,
      content: content.subarray(0, bytesRead),
      lastModified: info.mtime,
    };
  } finally {
    await handle.close();
  }
}

async function readUrlFile(
  root: string,
  path: string,
  urlReader: UrlReaderService,
): Promise<SourceFile | undefined> {
  const url = new URL(path, root).href;
  if (!url.startsWith(root)) {
    return undefined;
  }
  let buffer: Buffer;
  let lastModified: Date | undefined;
  try {
    const response = await urlReader.readUrl(url);
    buffer = await response.buffer();
    lastModified = response.lastModifiedAt;
  } catch (error) {
    if (isError(error) && error.name === 'NotFoundError') {
      return undefined;
    }
    throw error;
  }
  return {
    path,
    locationType: 'url',
    target: url,
    folder: new URL('.', url).href,
    size: buffer.length,
    content: buffer.subarray(0, MAX_SOURCE_FILE_BYTES + 1),
    ...(lastModified ? { lastModified } : {}),
  };
}

/**
 * Lists the files of one folder of a repository (see {@link RepoFolderList}).
 * Local folders are listed directly; for a URL the integration's `search` is
 * asked for `<folder>/*<suffix>`, and an integration that cannot search lists
 * nothing, so such a repository is read without its folder files.
 */
export async function listRepoFolder(
  root: RepoRoot,
  folder: string,
  suffix: string,
  urlReader: UrlReaderService,
): Promise<string[]> {
  if (root.type === 'file') {
    const absolute = resolve(root.target, folder);
    if (!inside(root.target, absolute)) {
      return [];
    }
    try {
      const entries = await readdir(absolute, { withFileTypes: true });
      return entries
        .filter(e => !e.isDirectory() && e.name.endsWith(suffix))
        .map(e => `${folder}/${e.name}`)
        .sort();
    } catch (error) {
      if (isMissing(error)) {
        return [];
      }
      throw error;
    }
  }
  const pattern = new URL(`${folder}/*${suffix}`, root.target).href;
  try {
    const result = await urlReader.search(pattern);
    return result.files
      .map(file => file.url)
      .filter(url => url.startsWith(root.target))
      .map(url => decodeURI(url.slice(root.target.length)))
      .filter(path => path.startsWith(`${folder}/`) && path.endsWith(suffix))
      .sort();
  } catch (error) {
    if (
      isError(error) &&
      ['NotFoundError', 'NotImplementedError', 'NotAllowedError'].includes(
        error.name,
      )
    ) {
      return [];
    }
    throw error;
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The text a context file offers the context tree (which checks size and binary content itself). */
export function contextText(file: SourceFile | undefined): string | undefined {
  return file?.content.toString('utf8');
}

/**
 * Reads the agent files of one repository: every file an agent tool parser
 * names (Claude Code, Cursor, Codex, Copilot, Gemini CLI: see
 * `AGENT_TOOL_PARSERS`), the files of the folders they read (listed with
 * `list`, when given), and every file the instruction files `@import` (up to
 * {@link MAX_IMPORT_HOPS} hops, as Claude Code does). Each file is read once.
 * Throws the first read failure that is not a missing file, so that the
 * caller can keep its last good result instead of reporting half a repository.
 */
export async function collectRepoFiles(
  read: RepoFileRead,
  list?: RepoFolderList,
  parsers: readonly AgentToolParser[] = AGENT_TOOL_PARSERS,
): Promise<RepoFiles> {
  const files = new Map<string, SourceFile>();
  const tried = new Map<string, Promise<SourceFile | undefined>>();
  let failure: unknown;
  const load = (path: string): Promise<SourceFile | undefined> => {
    let pending = tried.get(path);
    if (!pending) {
      pending = read(path).then(
        file => {
          if (file) {
            files.set(path, file);
          }
          return file;
        },
        error => {
          failure ??= error;
          throw error;
        },
      );
      tried.set(path, pending);
    }
    return pending;
  };

  const fixed = [...new Set(parsers.flatMap(p => p.files))];
  const folders = parsers.flatMap(p => p.folders);
  const listed = list
    ? (
        await Promise.all(
          folders.map(f =>
            list(f.path, f.suffix).catch(error => {
              failure ??= error;
              return [] as string[];
            }),
          ),
        )
      ).flat()
    : [];
  await Promise.all(
    [...fixed, ...listed].map(path => load(path).catch(() => undefined)),
  );
  const entries = [...files.keys()].filter(path =>
    parsers.some(p => p.isContextFile(path)),
  );
  if (entries.length > 0) {
    await resolveContextTree(
      entries,
      async path => contextText(await load(path)),
      { maxDepth: MAX_IMPORT_HOPS, maxFileSize: MAX_SOURCE_FILE_BYTES },
    );
  }
  if (failure !== undefined) {
    throw failure;
  }
  return files;
}
