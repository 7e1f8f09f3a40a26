import {
  AuditorService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { isBaseAgentConfigEntity } from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import { PlatformSnapshotCache } from '../services/PlatformSnapshotCache';
import { CampaignStore } from './CampaignStore';
import {
  CampaignService,
  createCampaignsRouter,
} from './createCampaignsRouter';
import { GithubUpgradeOpener } from './GithubUpgradeOpener';
import { checkCampaignPullRequests, runCampaignStep } from './runCampaignStep';

/**
 * How campaigns run, from `agentPlatform.campaigns`.
 *
 * @public
 */
export interface CampaignSettings {
  /** Pull requests opened per run of the task at most (the rate limit). */
  pullRequestsPerRun: number;
  /** Time one repository may take on GitHub, in ms. */
  timeoutMs: number;
  /** How long a claimed repository stays a runner's, in ms (then another run takes it up). */
  leaseMs: number;
  /** How often an opened pull request is looked at for merged or closed, in ms. */
  checkEveryMs: number;
}

/**
 * Reads `agentPlatform.campaigns`.
 *
 * @public
 */
export function readCampaignSettings(
  config: RootConfigService,
): CampaignSettings {
  const c = config.getOptionalConfig('agentPlatform.campaigns');
  const pullRequestsPerRun = c?.getOptionalNumber('pullRequestsPerRun') ?? 10;
  const timeoutMs = (c?.getOptionalNumber('timeoutSeconds') ?? 60) * 1000;
  return {
    pullRequestsPerRun,
    timeoutMs,
    // A run opens its claims one after the other: the lease covers them all.
    leaseMs: pullRequestsPerRun * timeoutMs + 30_000,
    checkEveryMs: (c?.getOptionalNumber('checkEveryMinutes') ?? 15) * 60_000,
  };
}

/**
 * Sets up upgrade campaigns: the store, the routes, and the scheduled task
 * (scope `global`: one runner across replicas) that opens the queued pull
 * requests, `pullRequestsPerRun` per run, and records which opened ones were
 * merged or closed.
 *
 * @public
 */
export async function setUpCampaigns(deps: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  cache: PlatformSnapshotCache;
}): Promise<{ router: express.Router; store: CampaignStore }> {
  const { config, logger, cache } = deps;
  const settings = readCampaignSettings(config);
  const store = await CampaignStore.create({ database: deps.database });
  const now = () => Date.now();
  const opener = GithubUpgradeOpener.fromConfig(config, {
    timeoutMs: settings.timeoutMs,
    catalog: async name => {
      const { snapshot } = await cache.get();
      const base = snapshot.index.bases.get(name);
      return {
        base: base && isBaseAgentConfigEntity(base) ? base : undefined,
        mcpServers: snapshot.index.catalog.mcpServers,
      };
    },
  });
  const schedule = config.getOptionalConfig('agentPlatform.campaigns.schedule');
  await deps.scheduler.scheduleTask({
    id: 'agent-platform-upgrade-campaigns',
    ...(schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : {
          frequency: { minutes: 1 },
          timeout: { milliseconds: settings.leaseMs },
          initialDelay: { seconds: 30 },
        }),
    // One runner across replicas; each repository row is also claimed by a
    // conditional update, so two runs could never take the same one.
    scope: 'global',
    fn: async () => {
      const step = await runCampaignStep({
        store,
        opener,
        limit: settings.pullRequestsPerRun,
        leaseMs: settings.leaseMs,
        now,
      });
      if (step.opened + step.failed + (step.skipped ?? 0) > 0) {
        logger.info(
          `Upgrade campaigns: ${step.opened} pull request(s) opened, ${
            step.failed
          } failed, ${step.skipped ?? 0} skipped`,
        );
      }
      const checked = await checkCampaignPullRequests({
        store,
        opener,
        limit: settings.pullRequestsPerRun,
        everyMs: settings.checkEveryMs,
        now,
      });
      for (const error of checked.errors) {
        logger.warn(`Upgrade campaigns: could not check ${error}`);
      }
    },
  });
  const campaigns = new CampaignService({
    store,
    cache,
    permissions: deps.permissions,
    now,
  });
  return {
    router: createCampaignsRouter({
      httpAuth: deps.httpAuth,
      auditor: deps.auditor,
      campaigns,
    }),
    store,
  };
}
