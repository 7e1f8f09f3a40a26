/**
 * Normalizes a POSIX path without touching a file system: collapses repeated slashes, removes
 * `.` segments and resolves `..` where possible. A relative path that climbs above its start keeps
 * its leading `..` segments; an absolute path never climbs above `/`. Backslashes are not
 * separators. The empty path and `.` normalize to `.`.
 *
 * @public
 */
export function normalizePosixPath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') {
        out.pop();
      } else if (!absolute) {
        out.push('..');
      }
      continue;
    }
    out.push(segment);
  }
  const joined = out.join('/');
  if (absolute) {
    return `/${joined}`;
  }
  return joined === '' ? '.' : joined;
}

/**
 * Returns the directory part of a POSIX path (`.` for a bare file name, `/` for a file at root).
 *
 * @public
 */
export function posixDirname(path: string): string {
  const normalized = normalizePosixPath(path);
  const index = normalized.lastIndexOf('/');
  if (index < 0) {
    return '.';
  }
  if (index === 0) {
    return '/';
  }
  return normalized.slice(0, index);
}

/**
 * Returns the last segment of a POSIX path.
 *
 * @public
 */
export function posixBasename(path: string): string {
  const normalized = normalizePosixPath(path);
  return normalized.slice(normalized.lastIndexOf('/') + 1);
}

/**
 * Joins POSIX path segments and normalizes the result. A segment starting with `/` restarts
 * the path, as in `path.posix.resolve`.
 *
 * @public
 */
export function joinPosixPath(...segments: string[]): string {
  let joined = '';
  for (const segment of segments) {
    if (segment.startsWith('/')) {
      joined = segment;
    } else if (segment !== '') {
      joined = joined === '' ? segment : `${joined}/${segment}`;
    }
  }
  return normalizePosixPath(joined);
}

/**
 * Returns whether a normalized relative path climbs out of its root (`..` or `../...`), or is
 * absolute.
 *
 * @public
 */
export function escapesRoot(relativePath: string): boolean {
  const normalized = normalizePosixPath(relativePath);
  return (
    normalized === '..' ||
    normalized.startsWith('../') ||
    normalized.startsWith('/')
  );
}

/**
 * Expresses an absolute path relative to an absolute root directory, or returns undefined when
 * the path is outside the root.
 *
 * @public
 */
export function relativeToRoot(
  absolutePath: string,
  rootDir: string,
): string | undefined {
  const path = normalizePosixPath(absolutePath);
  const root = normalizePosixPath(rootDir);
  if (path === root) {
    return '.';
  }
  const prefix = root === '/' ? '/' : `${root}/`;
  if (!path.startsWith(prefix)) {
    return undefined;
  }
  return path.slice(prefix.length);
}
