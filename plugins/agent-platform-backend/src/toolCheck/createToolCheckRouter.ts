import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { agentPlatformOverviewReadPermission } from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { requirePermission } from '../services/requirePermission';
import { McpToolCheckService } from './McpToolCheckService';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * Serves the declared-vs-real tool checks: `GET /mcp-tool-checks` (every
 * server checked) and `GET /mcp-tool-checks/:namespace/:name` (one server).
 * Readers need the overview read permission.
 */
export function createToolCheckRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  toolChecks: McpToolCheckService;
}): express.Router {
  const { httpAuth, permissions, toolChecks } = options;
  const router = Router();
  const allow = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermission(
      permissions,
      credentials,
      { permission: agentPlatformOverviewReadPermission },
      'read MCP tool checks',
    );
  };
  router.get('/mcp-tool-checks', async (req, res) => {
    await allow(req);
    res.json({ items: toolChecks.list() });
  });
  router.get('/mcp-tool-checks/:namespace/:name', async (req, res) => {
    const { namespace, name } = req.params;
    for (const [field, value] of Object.entries({ namespace, name })) {
      if (!NAME.test(value)) {
        throw new InputError(`${field} "${value}" is not an entity name`);
      }
    }
    await allow(req);
    const ref = `api:${namespace}/${name}`;
    const result = toolChecks.get(ref);
    if (!result) {
      throw new NotFoundError(
        `No tool check for ${ref}: it is not a remote MCP server in the catalog, or it was not checked yet`,
      );
    }
    res.json(result);
  });
  return router;
}
