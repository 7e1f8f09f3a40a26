import { RootConfigService } from '@backstage/backend-plugin-api';
import { readReleases } from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { BaseReleaseReader } from './BaseReleaseReader';

/**
 * One release in Renovate's custom datasource format.
 *
 * @public
 */
export interface RenovateRelease {
  version: string;
  releaseTimestamp?: string;
  isDeprecated?: boolean;
  changelogUrl?: string;
}

/**
 * The releases of a base in Renovate's custom datasource JSON format
 * (`customDatasources.<name>.format: "json"`), at a stable URL:
 * `GET /releases/:base/renovate.json`. Withdrawn releases are left out, so
 * Renovate never proposes one; deprecated ones carry `isDeprecated`.
 */
export function createRenovateDatasourceRouter(options: {
  reader: BaseReleaseReader;
  config: RootConfigService;
}): express.Router {
  const { reader, config } = options;
  const router = Router();
  router.get('/releases/:base/renovate.json', async (req, res) => {
    const base = await reader.base(req.params.base);
    const appUrl = config.getOptionalString('app.baseUrl');
    const page = appUrl
      ? `${appUrl.replace(/\/+$/, '')}/catalog/default/airesource/${
          base.metadata.name
        }`
      : undefined;
    const releases: RenovateRelease[] = readReleases(base)
      .releases.filter(r => r.withdrawn !== true)
      .map(r => ({
        version: r.version,
        ...(r.date ? { releaseTimestamp: `${r.date}T00:00:00.000Z` } : {}),
        ...(r.deprecated ? { isDeprecated: true } : {}),
        ...(page ? { changelogUrl: page } : {}),
      }));
    res.json({ releases, ...(page ? { homepage: page } : {}) });
  });
  return router;
}
