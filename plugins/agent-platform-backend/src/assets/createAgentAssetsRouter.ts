import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { entityParamsSchema, teamParamsSchema } from '../schemas';
import { AgentConfigService } from '../services/AgentConfigService';
import { AssetDocumentReader } from './AssetDocumentReader';

/**
 * Routes for the skills, subagents and rules of teams and repositories:
 *
 * - `GET /entities/:kind/:namespace/:name/agent-assets`: the skills,
 *   subagents and rules that apply to a Group or Component, inherited or its
 *   own, with each subagent tool checked against the effective rules (from
 *   the snapshot's index);
 * - `GET /assets/:namespace/:name/document`: the SKILL.md, subagent prompt or
 *   rule text of an `AiResource`, read from where the catalog module found it.
 *
 * Entities are read with the caller's credentials.
 */
export function createAgentAssetsRouter(options: {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  agentConfigs: AgentConfigService;
  reader: AssetDocumentReader;
}): express.Router {
  const { httpAuth, catalog, agentConfigs, reader } = options;
  const router = Router();
  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get(
    '/entities/:kind/:namespace/:name/agent-assets',
    async (req, res) => {
      const params = entityParamsSchema.safeParse(req.params);
      if (!params.success) throw new NotFoundError('Not an entity ref');
      const { kind, namespace, name } = params.data;
      res.json(
        await agentConfigs.agentAssets(
          `${kind}:${namespace}/${name}`,
          await credentialsOf(req),
        ),
      );
    },
  );

  router.get('/assets/:namespace/:name/document', async (req, res) => {
    const params = teamParamsSchema.safeParse(req.params);
    if (!params.success) throw new NotFoundError('Not an entity ref');
    const ref = `airesource:${params.data.namespace}/${params.data.name}`;
    const entity = await catalog.getEntityByRef(ref, {
      credentials: await credentialsOf(req),
    });
    if (!entity) throw new NotFoundError(`No entity ${ref} in the catalog`);
    res.json(await reader.read(entity));
  });

  return router;
}
