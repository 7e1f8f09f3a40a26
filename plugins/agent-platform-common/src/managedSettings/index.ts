export {
  renderManagedSettings,
  MANAGED_MCP_FILE,
  MANAGED_SETTINGS_FILE,
} from './renderManagedSettings';
export type {
  ManagedSettings,
  ManagedTelemetryOptions,
  RenderManagedSettingsInput,
} from './renderManagedSettings';
