export { PlatformSnapshot, buildPlatformOverview } from './PlatformSnapshot';
export { promotionCandidatesOf } from './promotionCandidates';
export type { CatalogChange } from './PlatformSnapshot';
export { unownedReason } from './unowned';
export { modelMixDepartures } from './modelMix';
export type { ModelMixDeparture } from './modelMix';
export type {
  AssetUsage,
  BaseReleaseAdoption,
  SkillUsage,
  PromotionCandidate,
  UnownedAsset,
  RepoOverview,
  TeamOverview,
  ReleaseUsage,
  DeprecatedInUse,
  PlatformOverview,
} from './types';
export type {
  TeamOverviewAnswer,
  AssetUsageAnswer,
  OverviewSpendInsights,
  BaseReleasesAnswer,
} from './api';
