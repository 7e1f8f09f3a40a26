import {
  AuditorService,
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { audited } from '../../governance/audited';
import {
  claudeCodeUsageToSpendPoints,
  SpendIngestResult,
  SpendPoint,
} from '@agent-platform/plugin-agent-platform-common';
import { ClaudeCodeUsageReportClient } from './ClaudeCodeUsageReportClient';

/**
 * Stores spend points: the spend ingestor's `ingest`.
 *
 * @public
 */
export type SpendIngestFunction = (
  points: SpendPoint[],
) => Promise<SpendIngestResult>;

/**
 * What one day's fetch did.
 *
 * @public
 */
export interface AdminApiDayResult {
  day: string;
  pages: number;
  records: number;
  /** Records the API returned for another day than the one asked for (left out). */
  otherDays: number;
  result: SpendIngestResult;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The complete UTC days to fetch: the `lookbackDays` days before today, oldest
 * first. Today is left out: its report is still growing, and a day once
 * imported is not imported again (same idempotency keys), so a partial day
 * would stay partial.
 *
 * @public
 */
export function adminApiFetchDays(now: Date, lookbackDays: number): string[] {
  const today = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
  );
  const days: string[] = [];
  for (let n = lookbackDays; n >= 1; n--) {
    days.push(new Date(today - n * DAY_MS).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * Fetches the given days from the Admin API and ingests each day as soon as
 * it is read. A day that fails is logged and the others still run; the error
 * is thrown at the end so the scheduler records the run as failed.
 *
 * @public
 */
export async function runAdminApiFetch(options: {
  client: Pick<ClaudeCodeUsageReportClient, 'fetchDay'>;
  ingest: SpendIngestFunction;
  logger: LoggerService;
  days: string[];
}): Promise<AdminApiDayResult[]> {
  const { client, ingest, logger, days } = options;
  const results: AdminApiDayResult[] = [];
  const failures: string[] = [];
  for (const day of days) {
    try {
      const pages = await client.fetchDay(day);
      const records = pages.flatMap(p => p.data);
      const sameDay = records.filter(r => r.date === day);
      const points = claudeCodeUsageToSpendPoints({
        data: sameDay,
        has_more: false,
        next_page: null,
      });
      const result =
        points.length > 0
          ? await ingest(points)
          : { accepted: 0, duplicates: 0, ignored: {} };
      results.push({
        day,
        pages: pages.length,
        records: sameDay.length,
        otherDays: records.length - sameDay.length,
        result,
      });
      logger.info(
        `Admin API Claude Code usage for ${day}: ${sameDay.length} records, ${result.accepted} points stored, ${result.duplicates} already stored`,
      );
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      failures.push(`${day}: ${message}`);
      logger.warn(`Admin API Claude Code usage for ${day} failed: ${message}`);
    }
  }
  if (failures.length > 0) {
    throw new Error(
      `Admin API fetch failed for ${failures.length} of ${
        days.length
      } days: ${failures.join('; ')}`,
    );
  }
  return results;
}

/** The scheduler task id; one instance runs it at a time (scope global). */
export const ADMIN_API_FETCH_TASK_ID = 'agent-platform-spend-admin-api-fetch';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 6 },
  timeout: { minutes: 15 },
  initialDelay: { minutes: 1 },
};

/**
 * Schedules the Admin API fetcher from `agentPlatform.spend.adminApi`
 * (`baseUrl`, `apiKey`, `schedule`, `lookbackDays`). Nothing is scheduled
 * when no API key is configured. The task is global: with several backend
 * instances on one database, one of them runs it.
 *
 * @returns whether the task was scheduled
 * @public
 */
export async function scheduleAdminApiFetch(options: {
  config: RootConfigService;
  scheduler: SchedulerService;
  logger: LoggerService;
  ingest: SpendIngestFunction;
  /** The current time; injected in tests. */
  now?: () => Date;
  /** Injected in tests; the global `fetch` otherwise. */
  fetch?: typeof fetch;
  /** Each run is an auditor event `spend-import`. */
  auditor?: AuditorService;
}): Promise<boolean> {
  const { config, scheduler, ingest } = options;
  const logger = options.logger.child({ task: ADMIN_API_FETCH_TASK_ID });
  const section = config.getOptionalConfig('agentPlatform.spend.adminApi');
  const apiKey = section?.getOptionalString('apiKey');
  if (!section || !apiKey) {
    logger.info(
      'No agentPlatform.spend.adminApi.apiKey configured; the Admin API usage report is not fetched',
    );
    return false;
  }
  const lookbackDays = section.getOptionalNumber('lookbackDays') ?? 3;
  if (
    !Number.isInteger(lookbackDays) ||
    lookbackDays < 1 ||
    lookbackDays > 90
  ) {
    throw new Error(
      `agentPlatform.spend.adminApi.lookbackDays must be an integer from 1 to 90, got ${lookbackDays}`,
    );
  }
  const client = new ClaudeCodeUsageReportClient({
    baseUrl:
      section.getOptionalString('baseUrl') ?? 'https://api.anthropic.com',
    apiKey,
    fetch: options.fetch,
  });
  const scheduleConfig = section.getOptionalConfig('schedule');
  const now = options.now ?? (() => new Date());
  await scheduler.scheduleTask({
    id: ADMIN_API_FETCH_TASK_ID,
    ...(scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE),
    // After the schedule, so that a configured `scope` cannot override it.
    scope: 'global',
    fn: async () => {
      const days = adminApiFetchDays(now(), lookbackDays);
      const run = () => runAdminApiFetch({ client, ingest, logger, days });
      if (!options.auditor) {
        await run();
        return;
      }
      await audited(
        options.auditor,
        {
          eventId: 'spend-import',
          severityLevel: 'medium',
          meta: { source: 'admin-api-fetch', days },
        },
        run,
        results => ({
          accepted: results.reduce((n, r) => n + r.result.accepted, 0),
          duplicates: results.reduce((n, r) => n + r.result.duplicates, 0),
        }),
      );
    },
  });
  return true;
}
