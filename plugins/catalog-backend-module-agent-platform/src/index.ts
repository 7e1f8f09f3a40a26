/**
 * The Agent Platform catalog module: agent configs, skills and MCP servers as
 * governed catalog entities, discovered from real files.
 *
 * @packageDocumentation
 */
export { catalogModuleAgentPlatform as default } from './module';
export { AgentPlatformEntitiesProcessor } from './processor/AgentPlatformEntitiesProcessor';
export {
  AgentPlatformEntityProvider,
  type AgentPlatformEntityProviderOptions,
} from './provider/AgentPlatformEntityProvider';
export {
  skillEntityFromFile,
  type SkillEntityOptions,
} from './provider/skillEntity';
export {
  mcpServerEntityFromFiles,
  MCP_GOVERNANCE_FILE,
  type McpServerEntityOptions,
} from './provider/mcpServerEntity';
export {
  baseEntityFromFiles,
  groupBaseFolders,
  BASE_FILE_NAMES,
  BASE_MANIFEST_FILE,
  type BaseEntityOptions,
  type BaseFolder,
  type BaseReleaseFolder,
} from './provider/baseEntity';
export type { SourceFile, SourceEntityResult } from './provider/sourceFile';
export {
  RepoAgentFilesProvider,
  type RepoAgentFilesProviderOptions,
} from './repos/RepoAgentFilesProvider';
