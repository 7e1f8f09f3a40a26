import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  agentPlatform?: {
    overview?: {
      /**
       * Groups (entity refs) whose members may read the platform overview,
       * besides the platform team. Everyone signed in may when absent.
       * Applied by the portal's permission policy.
       */
      readers?: string[];
    };
    snapshot?: {
      /**
       * How often the agent platform checks the catalog for changes to agent
       * configs, skills, MCP servers and Components (a cheap uid/etag check)
       * and rebuilds its cached snapshot when something changed.
       * Defaults to every 30 seconds.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
