import {
  createParseIssue,
  ParseIssue,
} from '@agent-platform/plugin-agent-platform-common';
import { Entity } from '@backstage/catalog-model';

// Pure name helpers live in the core; the mappers import them from here.
export {
  entityNameFrom,
  toOwnerRef,
} from '@agent-platform/plugin-agent-platform-common';

/** Files larger than this are reported, not parsed. */
export const MAX_SOURCE_FILE_BYTES = 1024 * 1024;

/**
 * One file the provider found, and where it came from.
 *
 * @public
 */
export interface SourceFile {
  /** Path relative to the scanned target, with forward slashes: `code-review/SKILL.md`. */
  path: string;
  /** How the catalog locates the file: `file` for a local path, `url` for anything the UrlReader reads. */
  locationType: 'file' | 'url';
  /** Absolute path or URL of the file. */
  target: string;
  /** Absolute path or URL of the folder holding the file. */
  folder: string;
  /** The file's size in bytes. */
  size: number;
  /** The file's bytes; empty when the file is over {@link MAX_SOURCE_FILE_BYTES}. */
  content: Buffer;
  /** When the file last changed, when the source says (a local file's mtime, a URL's Last-Modified). */
  lastModified?: Date;
}

/**
 * What a mapper made of one source: an entity (absent only when not even a
 * name could be had), and every problem found on the way.
 *
 * @public
 */
export interface SourceEntityResult {
  entity?: Entity;
  issues: ParseIssue[];
}

/**
 * Decodes a source file as UTF-8 text, or reports why it cannot be read as
 * text: too large, or binary.
 */
export function readSourceText(
  file: SourceFile,
): { text: string } | { issue: ParseIssue } {
  if (file.size > MAX_SOURCE_FILE_BYTES) {
    return {
      issue: createParseIssue({
        file: file.path,
        rule: 'file-too-large',
        message: `${file.path} is ${file.size} bytes; the limit is ${MAX_SOURCE_FILE_BYTES} bytes, so it was not parsed`,
      }),
    };
  }
  if (file.content.includes(0)) {
    return {
      issue: createParseIssue({
        file: file.path,
        rule: 'file-binary',
        message: `${file.path} contains NUL bytes; it is a binary file, not text`,
      }),
    };
  }
  return { text: file.content.toString('utf8') };
}

/** The annotations every entity from this provider carries. */
export function locationAnnotations(file: SourceFile): Record<string, string> {
  const location = `${file.locationType}:${file.target}`;
  const folder = file.folder.endsWith('/') ? file.folder : `${file.folder}/`;
  return {
    'backstage.io/managed-by-location': location,
    'backstage.io/managed-by-origin-location': location,
    'backstage.io/source-location': `${file.locationType}:${folder}`,
  };
}
