import {
  AuditorService,
  AuthService,
  DatabaseService,
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import { AgentPlatformClock } from '../services/clock';
import { PlatformSnapshotCache } from '../services/PlatformSnapshotCache';
import { createExceptionsRouter } from './createExceptionsRouter';
import {
  isTeamMemberRule,
  teamPermissionResourceRef,
} from './exceptionPermissions';
import { DatabaseExceptionRequestStore } from './ExceptionRequestStore';
import { ExceptionService, readExceptionSettings } from './ExceptionService';

/**
 * Sets up exceptions: the store, the team permission resource, the policy as
 * an input to every snapshot, and the routes.
 *
 * @public
 */
export async function setUpExceptions(deps: {
  config: RootConfigService;
  auditor: AuditorService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  database: DatabaseService;
  catalog: CatalogService;
  clock: AgentPlatformClock;
  cache: PlatformSnapshotCache;
}): Promise<{ router: express.Router; exceptions: ExceptionService }> {
  const store = await DatabaseExceptionRequestStore.create({
    database: deps.database,
  });
  const exceptions = new ExceptionService({
    store,
    catalog: deps.catalog,
    auth: deps.auth,
    permissions: deps.permissions,
    clock: deps.clock,
    settings: readExceptionSettings(deps.config),
    snapshot: deps.cache,
  });
  deps.permissionsRegistry.addResourceType({
    resourceRef: teamPermissionResourceRef,
    rules: [isTeamMemberRule],
    getResources: async refs =>
      refs.map(ref => ({ ref: ref.toLocaleLowerCase('en-US') })),
  });
  deps.cache.addContributor(exceptions.contributor());
  return {
    router: createExceptionsRouter({
      httpAuth: deps.httpAuth,
      auditor: deps.auditor,
      exceptions,
    }),
    exceptions,
  };
}
