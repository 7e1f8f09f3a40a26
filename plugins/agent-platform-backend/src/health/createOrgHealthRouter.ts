import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { agentPlatformOverviewReadPermission } from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { requirePermission } from '../services/requirePermission';
import { NearDuplicatesService } from './NearDuplicatesService';

/**
 * The org health views, for whoever may read the platform overview
 * (`agent-platform.overview.read`): `GET /health/near-duplicates`.
 *
 * @public
 */
export function createOrgHealthRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  nearDuplicates: Pick<NearDuplicatesService, 'get'>;
}): express.Router {
  const { httpAuth, permissions } = options;
  const router = Router();
  const allowed = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermission(
      permissions,
      credentials,
      { permission: agentPlatformOverviewReadPermission },
      'read the org health views',
    );
  };

  router.get('/health/near-duplicates', async (req, res) => {
    await allowed(req);
    res.json(await options.nearDuplicates.get());
  });

  return router;
}
