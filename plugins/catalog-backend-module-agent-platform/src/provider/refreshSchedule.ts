import {
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';

type Config = Parameters<
  typeof readSchedulerServiceTaskScheduleDefinitionFromConfig
>[0];

/**
 * The scheduled refresh both providers share: the schedule from config when it
 * is set, the provider's default otherwise, and one task per provider named
 * `<provider>:refresh`. Returns the function `connect` calls to start it.
 */
export function createRefreshSchedule(options: {
  scheduler: SchedulerService;
  /** The provider's `schedule` config block, when there is one. */
  scheduleConfig?: Config;
  defaultSchedule: SchedulerServiceTaskScheduleDefinition;
  providerName: string;
  refresh: () => Promise<void>;
}): () => Promise<void> {
  const schedule = options.scheduleConfig
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        options.scheduleConfig,
      )
    : options.defaultSchedule;
  const runner = options.scheduler.createScheduledTaskRunner(schedule);
  return () =>
    runner.run({
      id: `${options.providerName}:refresh`,
      fn: options.refresh,
    });
}
