import {
  DatabaseService,
  HttpAuthService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { isSkillEntity } from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import { AgentPlatformClock } from '../services/clock';
import { PlatformSnapshotCache } from '../services/PlatformSnapshotCache';
import { createSkillEvalsRouter } from './createSkillEvalsRouter';
import { DatabaseSkillEvalStore, SkillEvalStore } from './SkillEvalStore';

/**
 * Sets up skill evaluation results: the store, the routes, and
 * `agentPlatform.evals` (`maxAgeDays` of a posted run, default 30;
 * `requireVerifiedForPublishing`, default false).
 *
 * @public
 */
export async function setUpSkillEvals(deps: {
  config: RootConfigService;
  database: DatabaseService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  clock: AgentPlatformClock;
  cache: Pick<PlatformSnapshotCache, 'get'>;
}): Promise<{
  router: express.Router;
  store: SkillEvalStore;
  requireVerifiedForPublishing: boolean;
}> {
  const evalsConfig = deps.config.getOptionalConfig('agentPlatform.evals');
  const store = await DatabaseSkillEvalStore.create(deps.database);
  const router = createSkillEvalsRouter({
    httpAuth: deps.httpAuth,
    permissions: deps.permissions,
    store,
    clock: deps.clock,
    skills: async () =>
      (await deps.cache.get()).index.catalog.skills.filter(isSkillEntity),
    maxAgeDays: evalsConfig?.getOptionalNumber('maxAgeDays'),
  });
  return {
    router,
    store,
    requireVerifiedForPublishing:
      evalsConfig?.getOptionalBoolean('requireVerifiedForPublishing') ?? false,
  };
}
