export {
  computeGovernanceAlerts,
  EXCEPTION_EXPIRY_WARNING_DAYS,
} from './governanceAlerts';
export type {
  GovernanceAlert,
  GovernanceAlertInput,
  HeldExceptionState,
  TeamBudgetState,
} from './governanceAlerts';
export {
  diffEffectiveConfigStates,
  effectiveConfigStateKey,
  repoConfigState,
  teamConfigState,
} from './configHistory';
export type {
  ConfigHistoryAnswer,
  ConfigHistoryEntry,
  EffectiveConfigChange,
  EffectiveConfigState,
} from './configHistory';
export {
  nextRecipientRefs,
  recipientsReachingAUser,
} from './recipientReach';
export type { RecipientEntity } from './recipientReach';
export { buildTeamNudge } from './teamNudge';
export type { TeamNudge } from './teamNudge';
