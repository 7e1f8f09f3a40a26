import {
  BASE_FILE_NAMES as BASE_FILE_NAME_LIST,
  BaseFolder as CoreBaseFolder,
  BaseReleaseFolder as CoreBaseReleaseFolder,
  BaseSourceText,
  groupBaseFolders as groupCoreBaseFolders,
  parseBaseFolder,
} from '@agent-platform/plugin-agent-platform-common';
import { Entity } from '@backstage/catalog-model';
import {
  locationAnnotations,
  readSourceText,
  SourceEntityResult,
  SourceFile,
} from './sourceFile';

/**
 * The file that makes a folder an org base: its catalog metadata.
 *
 * @public
 */
export { BASE_MANIFEST_FILE } from '@agent-platform/plugin-agent-platform-common';

/**
 * The file names a base folder is read for. The reader matches names at any
 * depth, so {@link groupBaseFolders} decides which of them belong to a release.
 *
 * @public
 */
export const BASE_FILE_NAMES: ReadonlySet<string> = new Set(
  BASE_FILE_NAME_LIST,
);

/**
 * The files of one `releases/<version>/` folder, as the provider read them.
 *
 * @public
 */
export type BaseReleaseFolder = CoreBaseReleaseFolder<SourceFile>;

/**
 * One base folder, as the provider read it: `agent-base.yaml` and its
 * `releases/<version>/` folders.
 *
 * @public
 */
export type BaseFolder = CoreBaseFolder<SourceFile>;

/**
 * Options for {@link baseEntityFromFiles}.
 *
 * @public
 */
export interface BaseEntityOptions {
  /** Owner of bases whose `agent-base.yaml` names none. */
  defaultOwner: string;
}

/**
 * Sorts the files a target yielded into base folders (see the core's
 * `groupBaseFolders` for which files count).
 *
 * @public
 */
export function groupBaseFolders(files: SourceFile[]): BaseFolder[] {
  return groupCoreBaseFolders(files);
}

/**
 * Maps a base folder the provider read to the org base entity, with the
 * catalog location annotations of its `agent-base.yaml`. The parsing is the
 * core's `parseBaseFolder`; this decodes the files and says where they are.
 *
 * @public
 */
export function baseEntityFromFiles(
  base: BaseFolder,
  options: BaseEntityOptions,
): SourceEntityResult {
  const manifest = base.manifest;
  const { entity, issues } = parseBaseFolder(toText(base), {
    defaultOwner: options.defaultOwner,
    folderName: manifest?.folder.replace(/\/+$/, '').split('/').pop() ?? '',
    annotations: manifest ? locationAnnotations(manifest) : undefined,
  });
  return entity ? { entity: entity as unknown as Entity, issues } : { issues };
}

function toText(base: BaseFolder): CoreBaseFolder {
  const text = (file: SourceFile): BaseSourceText => {
    const read = readSourceText(file);
    return 'text' in read
      ? { path: file.path, text: read.text }
      : { path: file.path, issue: read.issue };
  };
  const optional = (file?: SourceFile) => (file ? text(file) : undefined);
  return {
    path: base.path,
    manifest: optional(base.manifest),
    releases: base.releases.map(release => ({
      name: release.name,
      path: release.path,
      releaseFile: optional(release.releaseFile),
      contextFiles: release.contextFiles.map(text),
      settingsFile: optional(release.settingsFile),
      mcpFile: optional(release.mcpFile),
      misplaced: release.misplaced.map(text),
    })),
  };
}
