import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  agentPlatformOverviewReadPermission,
  SpendRange,
} from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { entityParamsSchema, teamParamsSchema } from './schemas';
import { AgentConfigService } from './services/AgentConfigService';
import { requirePermission } from './services/requirePermission';

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues
        .map(i => `${i.path.join('.') || 'request'} ${i.message}`)
        .join('; '),
    );
  }
  return parsed.data;
}

/**
 * The plugin's API router (mounted at `/api/agent-platform`).
 *
 * @public
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  agentConfigs: AgentConfigService;
  /** Reads `from`/`to` query parameters into a spend range (InputError when malformed). */
  spendRange?: (query: { from?: unknown; to?: unknown }) => SpendRange;
  /** The scaffolder form's routes (`createScaffoldRouter`), under `/scaffold`. */
  scaffold?: express.Router;
}): Promise<express.Router> {
  const { httpAuth, permissions, agentConfigs, spendRange } = options;
  const userOrService = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const router = Router();
  if (options.scaffold) router.use('/scaffold', options.scaffold);
  router.use(express.json());

  router.get(
    '/entities/:kind/:namespace/:name/effective-config',
    async (req, res) => {
      const { kind, namespace, name } = parse(entityParamsSchema, req.params);
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(
        await agentConfigs.resolveEntity(
          `${kind}:${namespace}/${name}`,
          credentials,
        ),
      );
    },
  );

  router.get('/teams/:namespace/:name/approved-assets', async (req, res) => {
    const { namespace, name } = parse(teamParamsSchema, req.params);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await agentConfigs.approvedForTeam(
        `group:${namespace}/${name}`,
        credentials,
      ),
    );
  });

  router.get('/teams/:namespace/:name/overview', async (req, res) => {
    const { namespace, name } = parse(teamParamsSchema, req.params);
    res.json(
      await agentConfigs.team(
        `group:${namespace}/${name}`,
        await userOrService(req),
      ),
    );
  });

  router.get('/bases/:namespace/:name/releases', async (req, res) => {
    const { namespace, name } = parse(teamParamsSchema, req.params);
    res.json(
      await agentConfigs.baseReleases(
        `airesource:${namespace}/${name}`,
        await userOrService(req),
      ),
    );
  });

  router.get('/assets/:kind/:namespace/:name/usage', async (req, res) => {
    const { kind, namespace, name } = parse(entityParamsSchema, req.params);
    res.json(
      await agentConfigs.usage(
        `${kind}:${namespace}/${name}`,
        await userOrService(req),
        spendRange?.(req.query),
      ),
    );
  });

  router.get('/overview/spend-insights', async (req, res) => {
    const credentials = await userOrService(req);
    await requirePermission(
      permissions,
      credentials,
      { permission: agentPlatformOverviewReadPermission },
      'read the platform overview',
    );
    if (!spendRange) throw new InputError('Spend telemetry is not set up');
    res.json(
      await agentConfigs.spendInsights(spendRange(req.query), credentials),
    );
  });

  router.get('/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermission(
      permissions,
      credentials,
      { permission: agentPlatformOverviewReadPermission },
      'read the platform overview',
    );
    res.json(await agentConfigs.overview());
  });

  return router;
}
