/***/
/**
 * The agent-platform backend module for the catalog plugin.
 *
 * @packageDocumentation
 */

export { catalogModuleAgentPlatform as default } from './module';
