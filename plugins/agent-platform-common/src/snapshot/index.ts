export { PlatformSnapshot } from './PlatformSnapshot';
export { buildPlatformOverview } from './buildPlatformOverview';
export { promotionCandidatesOf } from './promotionCandidates';
export type { CatalogChange } from './CatalogChange';
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
