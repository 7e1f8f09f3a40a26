import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createAdminApiImportRouter } from '../createAdminApiImportRouter';
import { SpendIngestFunction } from '../scheduleAdminApiFetch';

/** An `agent-platform` plugin serving only the Admin API upload, storing through `ingest`. */
export function importRouterPlugin(ingest: SpendIngestFunction) {
  return createBackendPlugin({
    pluginId: 'agent-platform',
    register(env) {
      env.registerInit({
        deps: {
          httpAuth: coreServices.httpAuth,
          httpRouter: coreServices.httpRouter,
          permissions: coreServices.permissions,
          config: coreServices.rootConfig,
          logger: coreServices.logger,
        },
        async init(deps) {
          deps.httpRouter.use(createAdminApiImportRouter({ ...deps, ingest }));
        },
      });
    },
  });
}
