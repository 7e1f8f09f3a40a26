export * from './problems';
export * from './userText';
export * from './repoPaths';
export * from './owner';
export * from './catalogSelection';
export {
  approvedAssetsOfResolution,
  scaffoldAssetChoices,
} from './assetChoices';
export type { ScaffoldAssetChoice } from './assetChoices';
export * from './planAgentContext';
export type { ScaffoldOptionsResponse, ScaffoldPreviewResponse } from './api';
