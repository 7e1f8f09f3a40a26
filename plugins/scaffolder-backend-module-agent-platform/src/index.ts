/**
 * The Agent Platform module for the scaffolder: actions that write and check
 * a repository's agent context.
 *
 * @packageDocumentation
 */

export { scaffolderModuleAgentPlatform as default } from './module';
export { createContextCreateAction } from './actions/contextCreate';
export { createContextValidateAction } from './actions/contextValidate';
export { createSkillPromoteAction } from './actions/skillPromote';
export { createBaseUpgradeAction } from './actions/baseUpgrade';
