/**
 * The agent-platform frontend plugin: base version, permission scopes, spend,
 * skill and MCP server cards, the Spend tab and the platform overview page.
 *
 * The default export is the plugin for the new frontend system (also the
 * default export of `/alpha`); the named `Entity*` exports serve legacy apps.
 *
 * @packageDocumentation
 */
export { default } from './alpha';
export {
  agentPlatformLegacyPlugin,
  legacyRootRouteRef,
  legacyMySpendRouteRef,
  AgentPlatformPage,
  MyAgentSpendPage,
  EntityBaseVersionCard,
  EntityBaseReleasesCard,
  EntityStalenessCard,
  EntityPermissionScopesCard,
  EntitySpendCard,
  EntitySpendContent,
  EntitySkillCard,
  EntityAgentAssetsCard,
  EntityAssetDocumentCard,
  EntityMcpServerCard,
  EntityExceptionsCard,
  EntityConfigHistoryCard,
  ExceptionsCard,
  AgentPlatformTeamPickerFieldExtension,
  AgentPlatformBaseReleaseFieldExtension,
  AgentPlatformSkillPickerFieldExtension,
  AgentPlatformMcpServerPickerFieldExtension,
  AgentPlatformAgentToolsPickerFieldExtension,
  AgentPlatformDescriptionFieldExtension,
  AgentPlatformFilesPreviewFieldExtension,
} from './plugin';
export { ScaffoldClient } from './scaffolder/ScaffoldClient';
export * from './api';
export {
  OrgHealthSection,
  AdoptionCard,
  NearDuplicatesCard,
  ReuseTrendCard,
  StalenessCard,
} from './components/OrgHealth';
export {
  isBaseConfig,
  hasAgentAssets,
  hasAssetDocument,
  hasBaseVersion,
  hasPermissionScopes,
  hasSpend,
  isSubagent,
  isAgentConfig,
  isComponent,
  isGroup,
  isMcpServer,
  isSkill,
  isUser,
} from './lib/filters';
