export { agentPlatformApiRef } from './AgentPlatformApi';
export type {
  AgentPlatformApi,
  SpendRange,
  TeamApprovedAssets,
} from './AgentPlatformApi';
export { AgentPlatformClient } from './AgentPlatformClient';
export { agentPlatformExceptionsApiRef } from './ExceptionsApi';
export type {
  AgentPlatformExceptionsApi,
  NewExceptionRequest,
} from './ExceptionsApi';
export { ExceptionsClient } from './ExceptionsClient';
