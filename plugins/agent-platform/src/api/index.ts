export { agentPlatformApiRef } from './AgentPlatformApi';
export type {
  AgentPlatformApi,
  SpendRange,
  TeamApprovedAssets,
} from './AgentPlatformApi';
export { AgentPlatformClient } from './AgentPlatformClient';
