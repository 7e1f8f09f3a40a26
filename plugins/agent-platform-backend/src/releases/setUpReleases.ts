import {
  AuthService,
  DiscoveryService,
  HttpRouterService,
  RootConfigService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { BaseReleaseReader } from './BaseReleaseReader';
import { createManagedSettingsRouter } from './createManagedSettingsRouter';
import { createMarketplaceRouter } from './createMarketplaceRouter';
import { SkillFilesReader } from '../wellKnown/SkillFilesReader';
import { AssetDocumentReader } from '../assets/AssetDocumentReader';
import { createRenovateDatasourceRouter } from './createRenovateDatasourceRouter';

/**
 * Mounts the release routes: managed settings per release, the Claude Code
 * plugin marketplace per release and the Renovate datasource. They answer
 * without authentication: device management, Claude Code's `/plugin` and
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
  urlReader: UrlReaderService;
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
    createMarketplaceRouter({
      reader,
      files: new SkillFilesReader(deps.urlReader),
      assets: new AssetDocumentReader(deps.urlReader),
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
