import {
  AuthService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { utcDay } from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import { AgentPlatformClock } from '../services/clock';
import { PlatformSnapshotCache } from '../services/PlatformSnapshotCache';
import { createSpendRouter, SpendIngestionLimits } from './createSpendRouter';
import { assertIngestTokenConfigured } from './ingestTokenCheck';
import {
  DEFAULT_PLATFORM_TABLE_MAX_AGE_SECONDS,
  DEFAULT_PLATFORM_TABLE_MAX_RANGES,
  PlatformSpendTables,
} from './PlatformSpendTables';
import { SpendCatalogIndex } from './SpendCatalogIndex';
import { SpendIngestor } from './SpendIngestor';
import {
  isOwnSpendRule,
  spendPermissionResourceRef,
  spendResourceLoader,
} from './spendPermissions';
import { SpendQueryService } from './SpendQueryService';
import { DatabaseSpendStore, SpendStore } from './SpendStore';

/** The id of the scheduled spend maintenance task. @public */
export const SPEND_MAINTENANCE_TASK_ID = 'agent-platform-spend-maintenance';

/** Default of `agentPlatform.spend.retention.rawDays`. */
const DEFAULT_WINDOW_DAYS = 90;

/**
 * The spend window, in days (`agentPlatform.spend.retention.rawDays`): data
 * points older than this are refused, from OTLP and from the Admin API
 * import alike, and raw points (whose idempotency keys make a replay count
 * once) are kept for as long. A point accepted is therefore always still
 * stored when a replay of it arrives; a replay of a pruned point is refused.
 *
 * @throws Error when the former `agentPlatform.spend.ingestion.maxAgeDays`
 *   is set (a second window could let a replay count twice).
 * @public
 */
export function readSpendWindowDays(config: RootConfigService): number {
  if (config.has('agentPlatform.spend.ingestion.maxAgeDays')) {
    throw new Error(
      'agentPlatform.spend.ingestion.maxAgeDays is no longer read: data points are accepted for exactly as long as their idempotency keys are kept, agentPlatform.spend.retention.rawDays (default 90). Remove maxAgeDays and set rawDays instead.',
    );
  }
  const days =
    config.getOptionalNumber('agentPlatform.spend.retention.rawDays') ??
    DEFAULT_WINDOW_DAYS;
  if (!(days >= 1)) {
    throw new Error(
      `agentPlatform.spend.retention.rawDays must be at least 1, got ${days}`,
    );
  }
  return days;
}

/**
 * How long raw points' attributes are kept (`retention.pointDays`): from 0
 * (only their idempotency keys are stored) up to the window; default the
 * window. Nothing reads them back: they are an audit of what arrived.
 */
function readPointDays(config: RootConfigService, windowDays: number): number {
  const days =
    config.getOptionalNumber('agentPlatform.spend.retention.pointDays') ??
    windowDays;
  if (!(days >= 0 && days <= windowDays)) {
    throw new Error(
      `agentPlatform.spend.retention.pointDays must be between 0 and retention.rawDays (${windowDays}), got ${days}`,
    );
  }
  return days;
}

/**
 * How long a user's and a repository's breakdowns are kept per day
 * (`retention.breakdownDays`): at least the window (a day that can still
 * take points is never folded); default the window. A month that ended
 * more than this many days ago is folded into one row per key.
 */
function readBreakdownDays(
  config: RootConfigService,
  windowDays: number,
): number {
  const days =
    config.getOptionalNumber('agentPlatform.spend.retention.breakdownDays') ??
    windowDays;
  if (!(days >= windowDays)) {
    throw new Error(
      `agentPlatform.spend.retention.breakdownDays must be at least retention.rawDays (${windowDays}): a day that can still take data points cannot be folded into its month, got ${days}`,
    );
  }
  return days;
}

/**
 * Reads `agentPlatform.spend.ingestion` (and the window of
 * {@link readSpendWindowDays}).
 *
 * @public
 */
export function readSpendIngestionLimits(
  config: RootConfigService,
): SpendIngestionLimits {
  const c = config.getOptionalConfig('agentPlatform.spend.ingestion');
  return {
    maxBodyBytes: c?.getOptionalNumber('maxBodyBytes') ?? 4 * 1024 * 1024,
    maxDataPoints: c?.getOptionalNumber('maxDataPoints') ?? 20_000,
    maxAgeDays: readSpendWindowDays(config),
    maxFutureMinutes: c?.getOptionalNumber('maxFutureMinutes') ?? 60,
  };
}

/**
 * The spend feature: storage, attribution, ingestion, queries, the
 * permission resource and the scheduled retention of raw points.
 *
 * @public
 */
export interface SpendFeature {
  router: express.Router;
  ingestor: SpendIngestor;
  query: SpendQueryService;
  store: SpendStore;
}

/**
 * Sets up the spend feature of the agent-platform plugin.
 *
 * @public
 */
export async function setUpSpend(deps: {
  config: RootConfigService;
  logger: LoggerService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  scheduler: SchedulerService;
  database: DatabaseService;
  catalog: CatalogService;
  clock: AgentPlatformClock;
  cache: Pick<PlatformSnapshotCache, 'get'>;
}): Promise<SpendFeature> {
  const { config, logger, clock } = deps;
  assertIngestTokenConfigured(config, process.env);
  const spendConfig = config.getOptionalConfig('agentPlatform.spend');
  const limits = readSpendIngestionLimits(config);
  const pointDays = readPointDays(config, limits.maxAgeDays);
  const breakdownDays = readBreakdownDays(config, limits.maxAgeDays);
  const store = await DatabaseSpendStore.create({
    database: deps.database,
    keepPoints: pointDays > 0,
  });
  const index = new SpendCatalogIndex({
    catalog: deps.catalog,
    auth: deps.auth,
    refreshMs:
      (spendConfig?.getOptionalNumber('attribution.refreshSeconds') ?? 60) *
      1000,
  });
  // The platform table, computed once per range and shared by every reader.
  const platformTableMaxAgeMs =
    (spendConfig?.getOptionalNumber('platformTable.maxAgeSeconds') ??
      DEFAULT_PLATFORM_TABLE_MAX_AGE_SECONDS) * 1000;
  const platformTables = new PlatformSpendTables({
    maxAgeMs: platformTableMaxAgeMs,
    maxRanges:
      spendConfig?.getOptionalNumber('platformTable.maxRanges') ??
      DEFAULT_PLATFORM_TABLE_MAX_RANGES,
    logger,
  });
  // The ranges people read are refreshed between their reads (each
  // instance its own tables), so that a read rarely waits for a computation.
  if (platformTableMaxAgeMs > 0) {
    const everyMs = Math.max(5_000, platformTableMaxAgeMs / 4);
    await deps.scheduler.scheduleTask({
      id: 'agent-platform-spend-platform-tables',
      frequency: { milliseconds: everyMs },
      timeout: { minutes: 10 },
      initialDelay: { milliseconds: everyMs },
      scope: 'local',
      fn: async () => {
        await platformTables.refreshDue(everyMs);
      },
    });
  }
  const ingestor = new SpendIngestor({
    onStored: () => platformTables.markStale(),
    store,
    index,
    now: () => clock.now().getTime(),
    maxAgeMs: limits.maxAgeDays * 86_400_000,
    maxFutureMs: limits.maxFutureMinutes * 60_000,
  });
  const query = new SpendQueryService({
    store,
    index,
    catalog: deps.catalog,
    auth: deps.auth,
    snapshot: deps.cache,
    clock,
    permissions: deps.permissions,
    platformTables,
  });

  deps.permissionsRegistry.addResourceType({
    resourceRef: spendPermissionResourceRef,
    rules: [isOwnSpendRule],
    getResources: spendResourceLoader(ref => query.claimsOf(ref)),
  });

  const rawDays = limits.maxAgeDays;
  // A series forgotten before its points would let a resumed series count
  // its whole total again: by default it is kept as long as the points.
  const seriesDays =
    spendConfig?.getOptionalNumber('retention.seriesDays') ?? rawDays;
  const schedule = spendConfig?.getOptionalConfig('retention.schedule');
  // Global scope: the scheduler's lock makes one instance run it per period.
  await deps.scheduler.scheduleTask({
    id: SPEND_MAINTENANCE_TASK_ID,
    ...(schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : {
          frequency: { hours: 1 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
        }),
    // After the schedule, so that a configured `scope` cannot override it.
    scope: 'global',
    fn: async () => {
      const now = clock.now().getTime();
      const deleted = await store.prune(
        now - rawDays * 86_400_000,
        now - seriesDays * 86_400_000,
        now - pointDays * 86_400_000,
      );
      await store.recordRun(SPEND_MAINTENANCE_TASK_ID, now, deleted);
      logger.info(
        `Spend retention: deleted the keys of ${deleted.points} points older than ${rawDays} days and ${deleted.series} idle series`,
      );
      const folded = await store.foldBreakdowns(
        utcDay(new Date(now - breakdownDays * 86_400_000)),
        now,
      );
      for (const f of folded) {
        logger.info(
          `Spend retention: folded the user and repository breakdowns of ${f.month} (${f.dayRows} day rows into ${f.monthRows})`,
        );
      }
    },
  });

  const router = createSpendRouter({
    httpAuth: deps.httpAuth,
    permissions: deps.permissions,
    ingestor,
    query,
    limits,
    clock,
    logger,
  });
  return { router, ingestor, query, store };
}
