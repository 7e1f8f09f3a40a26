export type {
  LayerContent,
  LayerHook,
  EffectiveHook,
  ConfigLayer,
  SourcedValue,
  EffectiveRule,
  EffectiveSkill,
  EffectiveMcpServer,
  EffectiveConfig,
  FederationRuleId,
  AppliedException,
  FederationViolation,
  ExceptedViolation,
} from './types';
export { mergeLayers } from './merge';
export type { MergeCatalog } from './merge';
export {
  DEFAULT_EXCEPTION_MAX_DAYS,
  judgeException,
  applyExceptionPolicy,
} from './exceptionPolicy';
export type { ExceptionPolicy, GrantedException } from './exceptionPolicy';
export { checkExceptionRequest } from './exceptionRequest';
export type {
  ExceptionRequestStatus,
  ExceptionRequest,
  ExceptionRequestState,
  ExceptionRequestView,
  HeldExceptionView,
  ExceptionsView,
} from './exceptionViews';
export type {
  ExceptionRequestInput,
  ExceptionRequestProblem,
} from './exceptionRequest';
export { readReleases, latestRelease, findRelease } from './releases';
export type { PinSource, ResolvedRelease } from './resolveBaseRelease';
export { resolveEffectiveConfig } from './resolveEffectiveConfig';
export type {
  ResolveEffectiveConfigInput,
  EffectiveConfigResult,
} from './resolveEffectiveConfig';
export { computeDrift } from './computeDrift';
export type { DriftReport, MissedRelease } from './computeDrift';
export { summarizeTeamDrift } from './summarizeTeamDrift';
export type {
  RepoPin,
  PinBucket,
  TeamDriftSummary,
  VersionMemo,
} from './summarizeTeamDrift';
export { createPlatformIndex } from './platformIndex';
export type {
  PlatformEntityLike,
  PlatformCatalog,
  PlatformIndex,
} from './platformIndex';
export { selectLayers, resolveSelection } from './selectLayers';
export type {
  EffectiveServerTool,
  LayerSelection,
  TargetResolution,
} from './selectLayers';
export { isApprovedSkill, approvedAssetsOf } from './approvedAssets';
export type { ApprovedAssets, TeamApprovedAssets } from './approvedAssets';
export type { ResolutionCache } from './resolveEffectiveConfig';
export type { BaseReleaseCache } from './resolveBaseRelease';
export type { LayerFinding } from './federation';
export type { ExceptableViolation, ExceptionTargetKind } from './exceptions';
export { agentAssetsOf, checkAssetTools } from './agentAssets';
export type {
  AgentAssetRow,
  AssetDocument,
  AssetSource,
  AssetToolAccess,
  EntityAgentAssets,
} from './agentAssets';
