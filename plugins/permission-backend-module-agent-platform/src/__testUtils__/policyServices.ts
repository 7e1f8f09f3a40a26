import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import permissionPlugin from '@backstage/plugin-permission-backend';
import policyModule from '../permissionPolicy';
import { resolve } from 'node:path';

/** The example organisation's folder (`examples/` at the repository root). */
export const examples = resolve(__dirname, '../../../../examples');

/**
 * The mock auth service, except that a plugin's calls on a user's behalf
 * carry the plugin as the actor, as the real auth service's on-behalf-of
 * tokens do (the permission backend refuses resource permissions for direct
 * user requests, and the permissions registry apply-conditions calls from a
 * user without an actor).
 */
export const authWithActor = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    const getPluginRequestToken = inner.getPluginRequestToken.bind(inner);
    return Object.assign(inner, {
      async getPluginRequestToken(options: any) {
        const principal = options.onBehalfOf.principal;
        if (principal.type === 'user') {
          const plain = mockCredentials.user.token(principal.userEntityRef);
          const prefix = plain.slice(0, plain.indexOf('{'));
          return {
            token: `${prefix}${JSON.stringify({
              sub: principal.userEntityRef,
              actor: { subject: `plugin:${plugin.getId()}` },
            })}`,
          };
        }
        return getPluginRequestToken(options);
      },
    });
  },
});

/** A user info service that answers each user's ownership refs from a table (the user alone otherwise). */
export const userInfoFrom = (ownership: Record<string, string[]>) =>
  createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials: any) {
        const ref = credentials.principal.userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: ownership[ref] ?? [ref],
        };
      },
    }),
  });

/**
 * What every permission test backend here runs besides the plugins under test: the real
 * permission backend with the portal's policy, the permission services, `authWithActor`, the
 * scheduler, every plugin its own SQLite database (one shared database makes the plugins'
 * schedulers race on their tables' migrations), and `userInfoFrom(ownership)`.
 */
export function policyTestFeatures(options: {
  databases: TestDatabases;
  ownership: Record<string, string[]>;
}) {
  return [
    permissionPlugin,
    policyModule,
    permissionsServiceFactory,
    permissionsRegistryServiceFactory,
    authWithActor,
    schedulerServiceFactory,
    createServiceFactory({
      service: coreServices.database,
      deps: {},
      async factory() {
        const knex = await options.databases.init('SQLITE_3');
        return { getClient: async () => knex };
      },
    }),
    userInfoFrom(options.ownership),
  ];
}

/**
 * The catalog config that loads the example organisation: its catalog files
 * and the agent-platform providers. The repos provider runs once at start, or
 * with `reposOften` every 2 s (a first run may come before the Components).
 */
export function exampleCatalogConfig(options: { reposOften?: boolean } = {}) {
  const onceAtStart = {
    frequency: { minutes: 10 },
    timeout: { minutes: 1 },
    initialDelay: { seconds: 0 },
  };
  return {
    processingInterval: { seconds: 1 },
    rules: [
      {
        allow: [
          'Component',
          'System',
          'Domain',
          'API',
          'Resource',
          'Location',
          'AiResource',
          'User',
          'Group',
        ],
      },
    ],
    locations: [{ type: 'file', target: resolve(examples, 'all.yaml') }],
    providers: {
      agentPlatform: {
        skills: [resolve(examples, 'skills')],
        mcpServers: [resolve(examples, 'mcp-servers')],
        bases: [resolve(examples, 'org-base')],
        repos: {
          schedule: options.reposOften
            ? {
                frequency: { seconds: 2 },
                timeout: { minutes: 1 },
                initialDelay: { seconds: 1 },
              }
            : onceAtStart,
        },
        schedule: onceAtStart,
      },
    },
  };
}
