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
  AgentPlatformPage,
  EntityBaseVersionCard,
  EntityPermissionScopesCard,
  EntitySpendCard,
  EntitySpendContent,
  EntitySkillCard,
  EntityMcpServerCard,
} from './plugin';
export * from './api';
export {
  OrgHealthSection,
  AdoptionCard,
  NearDuplicatesCard,
  ReuseTrendCard,
  StalenessCard,
} from './components/OrgHealth';
export {
  hasBaseVersion,
  hasPermissionScopes,
  hasSpend,
  isAgentConfig,
  isComponent,
  isGroup,
  isMcpServer,
  isSkill,
  isUser,
} from './lib/filters';
