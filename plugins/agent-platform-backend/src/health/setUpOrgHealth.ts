import {
  DatabaseService,
  HttpAuthService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerService,
  LoggerService,
  PermissionsService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { weekStartOf } from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import { AgentPlatformClock } from '../services/clock';
import { SpendFeature } from '../spend/setUpSpend';
import { PlatformSnapshotCache } from '../services/PlatformSnapshotCache';
import { SkillFilesReader } from '../wellKnown/SkillFilesReader';
import { createOrgHealthRouter } from './createOrgHealthRouter';
import { NearDuplicatesService } from './NearDuplicatesService';
import { reuseOf } from './reuseFromSnapshot';
import { ReuseHistoryStore } from './ReuseHistoryStore';

/** The id of the scheduled task that records the week's reuse. @public */
export const REUSE_HISTORY_TASK_ID = 'agent-platform-reuse-history';

/**
 * Sets up the org health views (near-duplicate skills, staleness, adoption
 * depth, reuse over time) and their routes. The views read the platform
 * snapshot; near-duplicates are computed once per snapshot. A scheduled task
 * (`agentPlatform.health.reuseSchedule`, default hourly, global) records
 * the week's reuse measure.
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
  database: DatabaseService;
  scheduler: SchedulerService;
}): Promise<express.Router> {
  const health = deps.config.getOptionalConfig('agentPlatform.health');
  const reuseHistory = await ReuseHistoryStore.create(deps.database);
  const schedule = health?.getOptionalConfig('reuseSchedule');
  await deps.scheduler.scheduleTask({
    id: REUSE_HISTORY_TASK_ID,
    ...(schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : {
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 2 },
        }),
    // One instance records each run (the scheduler's lock).
    scope: 'global',
    fn: async () => {
      const now = deps.clock.now();
      const measure = reuseOf(await deps.cache.get());
      await reuseHistory.record(weekStartOf(now), measure, now);
      deps.logger.info(
        `Reuse this week: ${measure.teamsReusing} of ${measure.teams} teams and ${measure.reposReusing} of ${measure.repos} repositories use registry skills or servers`,
      );
    },
  });
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
    reuseHistory,
  });
}
