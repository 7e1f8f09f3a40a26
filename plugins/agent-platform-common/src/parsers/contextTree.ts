import { createParseIssue, ParseIssue } from '../errors';
import { ContextFile, ContextImport, parseContextFile } from './contextFile';
import {
  escapesRoot,
  joinPosixPath,
  normalizePosixPath,
  posixDirname,
  relativeToRoot,
} from './paths';
import { ExtendsPin } from './pin';
import { exceedsByteSize, findBinaryContent } from './text';

/**
 * Reads one file of the repository by its repo-relative POSIX path (e.g. `docs/agents.md`).
 * Resolves to undefined when the file does not exist.
 *
 * @public
 */
export type ContextFileReader = (path: string) => Promise<string | undefined>;

/**
 * Options of {@link resolveContextTree}.
 *
 * @public
 */
export type ContextTreeOptions = {
  /** How many import hops to follow from an entry file. Default 4. */
  maxDepth?: number;
  /** Largest file read, in UTF-8 bytes. Default 1 MiB (1,048,576 bytes). */
  maxFileSize?: number;
  /** Stop after reading this many files. Default 200. */
  maxFiles?: number;
  /**
   * Absolute POSIX path of the repository root, when known. Absolute imports under it are
   * followed (as repo-relative paths); without it every absolute import is outside the root.
   */
  rootDir?: string;
};

/**
 * One file read while resolving a context tree.
 *
 * @public
 */
export type ContextTreeFile = {
  /** Repo-relative normalized path. */
  path: string;
  /** Import hops from the entry file (0 for an entry). */
  depth: number;
  /** The import that brought the file in (absent for entries). */
  importedFrom?: { file: string; line: number };
  /** The parsed content. */
  parsed: ContextFile;
};

/**
 * A pin together with the file it was found in.
 *
 * @public
 */
export type LocatedPin = ExtendsPin & {
  /** Repo-relative path of the file holding the pin. */
  file: string;
};

/**
 * The result of {@link resolveContextTree}.
 *
 * @public
 */
export type ContextTree = {
  /** The entry files, normalized. */
  entries: string[];
  /** Every file read and parsed, in the order Claude Code would load them. */
  files: ContextTreeFile[];
  /** The effective pin of the repository: the first pin found in load order. */
  pin?: LocatedPin;
  /** Every file's pin, in load order. */
  pins: LocatedPin[];
  /** Set when an entry only imports an AGENTS.md (the CLAUDE.md bridge). */
  bridge?: { from: string; to: string };
  /** All problems: those of each file and those of the tree. */
  issues: ParseIssue[];
};

const DEFAULTS = {
  maxDepth: 4,
  maxFileSize: 1024 * 1024,
  maxFiles: 200,
};

type Resolution =
  | { ok: true; path: string }
  | { ok: false; rule: string; message: string; severity: 'error' | 'warning' };

function resolveImport(
  from: string,
  imp: ContextImport,
  rootDir: string | undefined,
): Resolution {
  if (imp.kind === 'home') {
    return {
      ok: false,
      rule: 'context-import-home',
      severity: 'warning',
      message: `@${imp.path} imports a file from the user's home directory; it is not part of the repository, so it is not checked and teammates without that file do not get it`,
    };
  }
  if (imp.kind === 'absolute') {
    const inside =
      rootDir !== undefined ? relativeToRoot(imp.path, rootDir) : undefined;
    if (inside === undefined || inside === '.') {
      return {
        ok: false,
        rule: 'context-import-outside-root',
        severity: 'error',
        message: `@${imp.path} is an absolute path outside the repository root; it is not followed`,
      };
    }
    return { ok: true, path: inside };
  }
  const joined = joinPosixPath(posixDirname(from), imp.path);
  if (escapesRoot(joined)) {
    return {
      ok: false,
      rule: 'context-import-outside-root',
      severity: 'error',
      message: `@${imp.path} resolves to ${joined}, outside the repository root; it is not followed`,
    };
  }
  return { ok: true, path: joined };
}

function normalizeEntry(entry: string, rootDir: string | undefined): string {
  if (entry.startsWith('/') && rootDir !== undefined) {
    const inside = relativeToRoot(entry, rootDir);
    if (inside !== undefined) {
      return inside;
    }
  }
  return normalizePosixPath(entry);
}

/**
 * Reads a context file and everything it imports, the way Claude Code loads memory: imports are
 * followed depth-first up to `maxDepth` hops, each file is read once, and cycles, missing files,
 * paths escaping the repository, oversized files (default cap 1 MiB) and binary content become
 * issues instead of exceptions. The repository must declare at most one `extends:` pin across
 * all the files it loads.
 *
 * Rules: `context-file-missing`, `context-import-missing`, `context-import-cycle`,
 * `context-import-outside-root`, `context-import-home` (warning), `context-import-too-deep`
 * (warning), `context-file-too-large`, `context-file-binary`, `context-read-failed`,
 * `context-too-many-files` (warning), `pin-conflict`, plus those of {@link parseContextFile}.
 *
 * @param entryPath - repo-relative path(s) of the entry file(s), e.g. `CLAUDE.md` or
 * `['CLAUDE.md', 'AGENTS.md']`
 * @param readFile - reads a repo-relative path; no file system access happens here
 * @public
 */
export async function resolveContextTree(
  entryPath: string | string[],
  readFile: ContextFileReader,
  options: ContextTreeOptions = {},
): Promise<ContextTree> {
  const maxDepth = options.maxDepth ?? DEFAULTS.maxDepth;
  const maxFileSize = options.maxFileSize ?? DEFAULTS.maxFileSize;
  const maxFiles = options.maxFiles ?? DEFAULTS.maxFiles;
  const entries = (Array.isArray(entryPath) ? entryPath : [entryPath]).map(e =>
    normalizeEntry(e, options.rootDir),
  );
  const tree: ContextTree = { entries, files: [], pins: [], issues: [] };
  const visited = new Set<string>();
  let limitReported = false;

  const visit = async (
    path: string,
    depth: number,
    stack: string[],
    via?: { file: string; line: number; imp: ContextImport },
  ): Promise<void> => {
    visited.add(path);
    if (tree.files.length >= maxFiles) {
      if (!limitReported) {
        limitReported = true;
        tree.issues.push(
          createParseIssue({
            file: via?.file ?? path,
            line: via?.line,
            rule: 'context-too-many-files',
            severity: 'warning',
            message: `Stopped after reading ${maxFiles} context files; ${path} and later imports were not read`,
          }),
        );
      }
      return;
    }

    let text: string | undefined;
    try {
      text = await readFile(path);
    } catch (e) {
      tree.issues.push(
        createParseIssue({
          file: via?.file ?? path,
          line: via?.line,
          rule: 'context-read-failed',
          message: `Could not read ${path}: ${(e as Error).message}`,
        }),
      );
      return;
    }
    if (text === undefined) {
      if (via) {
        const punctuation = /[.,;:!?)\]'"]$/.test(via.imp.path)
          ? ' (trailing punctuation counts as part of the path)'
          : '';
        tree.issues.push(
          createParseIssue({
            file: via.file,
            line: via.line,
            rule: 'context-import-missing',
            // A bare word such as "@alice" is more often a mention than an import.
            severity: via.imp.bare ? 'warning' : 'error',
            message: `@${via.imp.path} imports ${path}, which does not exist${punctuation}`,
          }),
        );
      } else {
        tree.issues.push(
          createParseIssue({
            file: path,
            rule: 'context-file-missing',
            message: `The context file ${path} does not exist`,
          }),
        );
      }
      return;
    }
    const importedBy = via ? ` (imported by ${via.file}:${via.line})` : '';
    if (exceedsByteSize(text, maxFileSize)) {
      tree.issues.push(
        createParseIssue({
          file: path,
          rule: 'context-file-too-large',
          message: `${path} is larger than the ${maxFileSize} byte limit${importedBy}; it was not read`,
        }),
      );
      return;
    }
    const nulLine = findBinaryContent(text);
    if (nulLine !== undefined) {
      tree.issues.push(
        createParseIssue({
          file: path,
          line: nulLine,
          rule: 'context-file-binary',
          message: `${path} contains binary data (a NUL byte on line ${nulLine})${importedBy}; context files must be text`,
        }),
      );
      return;
    }

    const parsed = parseContextFile(text, { file: path });
    tree.files.push({
      path,
      depth,
      importedFrom: via ? { file: via.file, line: via.line } : undefined,
      parsed,
    });
    tree.issues.push(...parsed.issues);
    if (parsed.pin) {
      tree.pins.push({ ...parsed.pin, file: path });
    }
    if (depth === 0 && parsed.bridgeTo && !tree.bridge) {
      const target = resolveImport(path, parsed.imports[0], options.rootDir);
      if (target.ok) {
        tree.bridge = { from: path, to: target.path };
      }
    }

    for (const imp of parsed.imports) {
      const resolved = resolveImport(path, imp, options.rootDir);
      if (!resolved.ok) {
        tree.issues.push(
          createParseIssue({
            file: path,
            line: imp.line,
            rule: resolved.rule,
            severity: resolved.severity,
            message: resolved.message,
          }),
        );
        continue;
      }
      const target = resolved.path;
      const cycleStart = stack.indexOf(target);
      if (cycleStart >= 0 || target === path) {
        const cycle = [...stack.slice(cycleStart), path, target];
        tree.issues.push(
          createParseIssue({
            file: path,
            line: imp.line,
            rule: 'context-import-cycle',
            message: `Import cycle: ${cycle.join(' -> ')}; @${
              imp.path
            } is not followed`,
          }),
        );
        continue;
      }
      if (visited.has(target)) {
        continue;
      }
      if (depth + 1 > maxDepth) {
        tree.issues.push(
          createParseIssue({
            file: path,
            line: imp.line,
            rule: 'context-import-too-deep',
            severity: 'warning',
            message: `@${imp.path} is ${depth + 1} imports away from ${
              stack[0] ?? path
            }; Claude Code follows at most ${maxDepth} hops, so it is not loaded`,
          }),
        );
        continue;
      }
      await visit(target, depth + 1, [...stack, path], {
        file: path,
        line: imp.line,
        imp,
      });
    }
  };

  for (const entry of entries) {
    if (escapesRoot(entry)) {
      tree.issues.push(
        createParseIssue({
          file: entry,
          rule: 'context-import-outside-root',
          message: `The entry file ${entry} is outside the repository root; it is not read`,
        }),
      );
    } else if (!visited.has(entry)) {
      await visit(entry, 0, []);
    }
  }

  const [first, ...others] = tree.pins;
  tree.pin = first;
  for (const other of others) {
    if (other.base !== first.base || other.version !== first.version) {
      tree.issues.push(
        createParseIssue({
          file: other.file,
          line: other.line,
          rule: 'pin-conflict',
          message: `Conflicting pins: ${other.file}:${other.line} extends ${other.base}@${other.version} but ${first.file}:${first.line} extends ${first.base}@${first.version}; a repository extends one base`,
        }),
      );
    }
  }
  return tree;
}
