import {
  AuthService,
  DiscoveryService,
  HttpRouterService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { BaseReleaseReader } from './BaseReleaseReader';
import { createManagedSettingsRouter } from './createManagedSettingsRouter';
import { createRenovateDatasourceRouter } from './createRenovateDatasourceRouter';

/**
 * Mounts the release routes: managed settings per release and the Renovate
 * datasource. They answer without authentication: device management and
 * Renovate hold no Backstage session, and a release holds no secret (server
 * credentials are `${VAR}` references, the ingest token comes from the
 * machine's headers helper).
 */
export function setUpReleases(deps: {
  config: RootConfigService;
  discovery: DiscoveryService;
  auth: AuthService;
  catalog: CatalogService;
  httpRouter: HttpRouterService;
}) {
  const reader = BaseReleaseReader.create(deps);
  deps.httpRouter.use(
    createManagedSettingsRouter({
      reader,
      config: deps.config,
      discovery: deps.discovery,
    }),
  );
  deps.httpRouter.use(
    createRenovateDatasourceRouter({ reader, config: deps.config }),
  );
  deps.httpRouter.addAuthPolicy({
    path: '/releases',
    allow: 'unauthenticated',
  });
}
