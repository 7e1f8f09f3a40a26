/**
 * The agent platform backend plugin: effective agent configs, federation
 * violations and drift per team and repository, the platform overview,
 * actions for coding agents, and the approved org skills published at
 * `/.well-known/skills`.
 *
 * @packageDocumentation
 */
export { agentPlatformPlugin as default } from './plugin';
