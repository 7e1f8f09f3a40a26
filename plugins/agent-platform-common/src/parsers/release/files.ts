import { ParseIssue } from '../../errors';

/**
 * The file that makes a folder an org base: its catalog metadata.
 *
 * @public
 */
export const BASE_MANIFEST_FILE = 'agent-base.yaml';

/**
 * The file names a base folder is read for. A reader matches names at any
 * depth, so {@link groupBaseFolders} decides which of them belong to a release.
 *
 * @public
 */
export const BASE_FILE_NAMES: readonly string[] = Object.freeze([
  BASE_MANIFEST_FILE,
  'RELEASE.md',
  'CLAUDE.md',
  'settings.json',
  '.mcp.json',
]);

/**
 * One file of a base folder as the parsers take it: its path relative to the
 * scanned target and its text, or the issue saying why it could not be read
 * as text (too large, binary). The issue is reported only if the file is used.
 *
 * @public
 */
export type BaseSourceText =
  | { path: string; text: string }
  | { path: string; issue: ParseIssue };

/**
 * The files of one `releases/<version>/` folder.
 *
 * @public
 */
export interface BaseReleaseFolder<
  F extends { path: string } = BaseSourceText,
> {
  /** The folder name, which is the release's version. */
  name: string;
  /** Path of the folder relative to the scanned target, e.g. `org-base/releases/2.4.0`. */
  path: string;
  /** `RELEASE.md`: frontmatter fields and the release notes. */
  releaseFile?: F;
  /** `CLAUDE.md` and `.claude/CLAUDE.md` (Claude Code loads both). */
  contextFiles: F[];
  /** `.claude/settings.json`. */
  settingsFile?: F;
  /** `.mcp.json`. */
  mcpFile?: F;
  /** `settings.json` and `.mcp.json` files where Claude Code does not read them. */
  misplaced: F[];
}

/**
 * One base folder: `agent-base.yaml` and its `releases/<version>/` folders.
 *
 * @public
 */
export interface BaseFolder<F extends { path: string } = BaseSourceText> {
  /** Path of the base folder relative to the scanned target; empty when the target is the base. */
  path: string;
  /** `agent-base.yaml`; absent when release folders were found without one. */
  manifest?: F;
  /** The release folders, by folder name. */
  releases: BaseReleaseFolder<F>[];
}

const dirOf = (path: string) => path.split('/').slice(0, -1).join('/');

/** Joins path segments with `/`, leaving out empty ones. */
export const joinPath = (...parts: string[]) => parts.filter(Boolean).join('/');

/**
 * Sorts the files a target yielded into base folders. A base folder is one
 * holding `agent-base.yaml`; only files at the positions of the format count
 * (`releases/<version>/RELEASE.md`, `CLAUDE.md`, `.claude/CLAUDE.md`,
 * `.claude/settings.json`, `.mcp.json`), so the base repository's own
 * `CLAUDE.md` or `.claude/settings.json` at its root are never read as a
 * release. Release files without an `agent-base.yaml` above them form a base
 * folder without a manifest, so that they can be reported. Only the paths are
 * looked at; the files are kept as given.
 *
 * @public
 */
export function groupBaseFolders<F extends { path: string }>(
  files: F[],
): BaseFolder<F>[] {
  const bases = new Map<string, BaseFolder<F>>();
  for (const file of files) {
    if (file.path.split('/').pop() === BASE_MANIFEST_FILE) {
      bases.set(dirOf(file.path), {
        path: dirOf(file.path),
        manifest: file,
        releases: [],
      });
    }
  }
  const manifestDirs = [...bases.keys()].sort((a, b) => b.length - a.length);

  for (const file of files) {
    const segments = file.path.split('/');
    if (segments[segments.length - 1] === BASE_MANIFEST_FILE) {
      continue;
    }
    const owner = manifestDirs.find(
      dir => dir === '' || file.path.startsWith(`${dir}/`),
    );
    let basePath: string;
    let rest: string[];
    if (owner !== undefined) {
      basePath = owner;
      rest = segments.slice(owner === '' ? 0 : owner.split('/').length);
    } else {
      // No manifest above: still group release folders, to report them.
      const index = segments.indexOf('releases');
      if (index < 0) {
        continue;
      }
      basePath = segments.slice(0, index).join('/');
      rest = segments.slice(index);
    }
    if (rest[0] !== 'releases' || rest.length < 3) {
      continue;
    }
    const base = bases.get(basePath) ?? { path: basePath, releases: [] };
    bases.set(basePath, base);
    const name = rest[1];
    let release = base.releases.find(r => r.name === name);
    if (!release) {
      release = {
        name,
        path: joinPath(basePath, 'releases', name),
        contextFiles: [],
        misplaced: [],
      };
      base.releases.push(release);
    }
    const tail = rest.slice(2).join('/');
    if (tail === 'RELEASE.md') {
      release.releaseFile = file;
    } else if (tail === 'CLAUDE.md' || tail === '.claude/CLAUDE.md') {
      release.contextFiles.push(file);
    } else if (tail === '.claude/settings.json') {
      release.settingsFile = file;
    } else if (tail === '.mcp.json') {
      release.mcpFile = file;
    } else if (tail.endsWith('settings.json') || tail.endsWith('.mcp.json')) {
      release.misplaced.push(file);
    }
    // Other RELEASE.md and CLAUDE.md files (e.g. a nested CLAUDE.md of a
    // subfolder, which Claude Code loads on demand) are not release metadata.
  }
  return [...bases.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The text of a base file, or undefined after adding the issue that says why
 * it could not be read.
 */
export function textOf(
  file: BaseSourceText,
  issues: ParseIssue[],
): string | undefined {
  if ('issue' in file) {
    issues.push(file.issue);
    return undefined;
  }
  return file.text;
}
