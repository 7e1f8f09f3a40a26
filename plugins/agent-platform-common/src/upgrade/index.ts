export { diffReleases, describeReleaseDiff, flattenHooks } from './releaseDiff';
export type { ListChange, ReleaseDiff, ReleaseHook } from './releaseDiff';
export { upgradeAgentFiles } from './upgradeAgentFiles';
export type {
  UpgradeConflict,
  UpgradeErrorCode,
  UpgradeFailure,
  UpgradeInput,
  UpgradeResult,
  UpgradeSuccess,
} from './upgradeTypes';
export { collectAgentFiles } from './collectAgentFiles';
export { upgradePullRequest } from './upgradePullRequest';
export type { UpgradePullRequest } from './upgradePullRequest';
export { planFromPins, planUpgrades } from './planUpgrades';
export type { PinnedPlan, PlannedUpgrade } from './planUpgrades';
export {
  CAMPAIGN_REPO_STATES,
  componentRepoUrl,
  parseCampaignRepoUrl,
  planCampaign,
} from './campaigns';
export type {
  CampaignAnswer,
  CampaignListAnswer,
  CampaignProgress,
  CampaignRepo,
  CampaignRepoState,
  CampaignStartAnswer,
  CampaignSummary,
} from './campaigns';
