export * from './kinds';
export * from './annotations';
export * from './relations';
export * from './values';
export * from './entityRef';
export * from './entityName';
export type {
  EntityMetadataLike,
  EntityRelationLike,
  EntityValidationIssue,
  EntityValidationResult,
} from './common';
export * from './SkillEntity';
export * from './McpServerEntity';
export * from './AgentConfigEntity';
export * from './ObservedRepoAgentFiles';
export * from './jsonSchemas';
export * from './AgentAssetEntities';
export { renderMcpServerDefinition } from './mcpServerDefinition';
