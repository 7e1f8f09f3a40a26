export {
  BASE_FILE_NAMES,
  BASE_MANIFEST_FILE,
  groupBaseFolders,
  type BaseFolder,
  type BaseReleaseFolder,
  type BaseSourceText,
} from './files';
export {
  parseBaseManifest,
  type BaseManifest,
  type BaseManifestLink,
} from './manifest';
export { parseReleaseFile, type ReleaseFileFields } from './releaseFile';
export { parseReleaseFolder, parseReleaseFolders } from './releaseFolder';
export {
  parseBaseFolder,
  type ParseBaseFolderOptions,
  type ParsedBaseFolder,
} from './baseFolder';
