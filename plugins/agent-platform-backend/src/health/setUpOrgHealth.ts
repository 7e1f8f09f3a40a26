import {
  HttpAuthService,
  RootConfigService,
  LoggerService,
  PermissionsService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import { AgentPlatformClock } from '../services/clock';
import { SpendFeature } from '../spend/setUpSpend';
import { PlatformSnapshotCache } from '../services/PlatformSnapshotCache';
import { SkillFilesReader } from '../wellKnown/SkillFilesReader';
import { createOrgHealthRouter } from './createOrgHealthRouter';
import { NearDuplicatesService } from './NearDuplicatesService';

/**
 * Sets up the org health views (near-duplicate skills, ...) and their
 * routes. The views read the platform snapshot; each is computed once per
 * snapshot.
 *
 * @public
 */
export async function setUpOrgHealth(deps: {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  urlReader: UrlReaderService;
  config: RootConfigService;
  clock: AgentPlatformClock;
  cache: Pick<PlatformSnapshotCache, 'get'>;
  spend: Pick<SpendFeature, 'query' | 'store'>;
}): Promise<express.Router> {
  const health = deps.config.getOptionalConfig('agentPlatform.health');
  const nearDuplicates = new NearDuplicatesService({
    snapshot: () => deps.cache.get(),
    reader: new SkillFilesReader(deps.urlReader),
    logger: deps.logger,
  });
  return createOrgHealthRouter({
    httpAuth: deps.httpAuth,
    permissions: deps.permissions,
    nearDuplicates,
    snapshot: () => deps.cache.get(),
    clock: deps.clock,
    staleAfterDays: health?.getOptionalNumber('staleAfterDays') ?? 90,
    spend: deps.spend,
  });
}
