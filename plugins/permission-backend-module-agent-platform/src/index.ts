/**
 * The Agent Platform permission policy as a module of the permission backend: everyone signed in
 * reads and scaffolds; the platform team (`agentPlatform.platformTeam`) changes the catalog and
 * imports Admin API reports; services ingest telemetry; the platform overview is readable by
 * everyone or by `agentPlatform.overview.readers`; team members read their own spend.
 *
 * @packageDocumentation
 */
export {
  default,
  AgentPlatformPermissionPolicy,
  DEFAULT_PLATFORM_TEAM,
} from './permissionPolicy';
