import { ContextFileReader } from '@agent-platform/plugin-agent-platform-common';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { readFile } from 'node:fs/promises';

/**
 * Reads repo-relative files below `root`; a path escaping it is an error,
 * a missing file is undefined.
 */
export function workspaceReader(root: string): ContextFileReader {
  return async path => {
    const file = resolveSafeChildPath(root, path);
    try {
      return await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  };
}
