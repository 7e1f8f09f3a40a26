/**
 * A basic permission, shaped exactly as `BasicPermission` of
 * `@backstage/plugin-permission-common` (which this framework-free package
 * does not depend on), so that it can be passed to the permissions service
 * and the permission policy as it is.
 *
 * @public
 */
export interface AgentPlatformBasicPermission {
  /** Always `basic`: the permission is not about one resource. */
  type: 'basic';
  /** Unique name, prefixed with the plugin id. */
  name: string;
  /** What the permission allows. */
  attributes: { action?: 'create' | 'read' | 'update' | 'delete' };
}

/**
 * Read the platform overview: every team's pin, drift and violations, and
 * every repository's pin. Entity-level answers (one team, one repository) are
 * governed by the catalog's own read permission instead.
 *
 * @public
 */
export const agentPlatformOverviewReadPermission: AgentPlatformBasicPermission =
  {
    type: 'basic',
    name: 'agent-platform.overview.read',
    attributes: { action: 'read' },
  };

/**
 * Every permission the agent platform defines.
 *
 * @public
 */
export const agentPlatformPermissions: AgentPlatformBasicPermission[] = [
  agentPlatformOverviewReadPermission,
];
