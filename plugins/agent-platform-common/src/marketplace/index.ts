export {
  buildReleaseMarketplace,
  buildReleasePlugin,
  ReleasePluginError,
} from './releasePlugin';
export type {
  ClaudeMarketplace,
  ClaudeMarketplacePluginEntry,
  ClaudePluginManifest,
  ReleasePlugin,
  ReleasePluginInput,
} from './releasePlugin';
export {
  marketplaceEntitiesOf,
  marketplaceEntityName,
  releasePluginEntityName,
} from './marketplaceEntities';
export type { ReleasePluginEntity } from './marketplaceEntities';
