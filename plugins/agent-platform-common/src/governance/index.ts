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
