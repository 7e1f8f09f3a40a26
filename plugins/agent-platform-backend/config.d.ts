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
    health?: {
      /**
       * A repository whose agent files have not changed for this many days,
       * while newer base releases exist, is stale. Default 90.
       */
      staleAfterDays?: number;
      /**
       * When the week's reuse measure is recorded. Default: hourly (the
       * week's last run stands).
       */
      reuseSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    evals?: {
      /**
       * A posted evaluation run older than this many days is refused.
       * Default 30.
       */
      maxAgeDays?: number;
      /**
       * When true, `/.well-known/skills` publishes only org skills whose
       * latest posted evaluation result for their version passed; a
       * self-declared `eval-status` never counts then. Default false: a
       * measured failure (or, with no measurement, a declared one) unpublishes.
       */
      requireVerifiedForPublishing?: boolean;
    };
    spend?: {
      ingestion?: {
        /**
         * Largest OTLP request body accepted, in bytes, after
         * decompression. Larger requests get 413. Default 4194304 (4 MiB).
         */
        maxBodyBytes?: number;
        /**
         * Most data points accepted in one OTLP request; more get 413.
         * Default 20000.
         */
        maxDataPoints?: number;
        /**
         * Data points older than this many days are ignored (and counted).
         * Default 400.
         */
        maxAgeDays?: number;
        /**
         * Data points further than this many minutes in the future are
         * ignored (and counted). Default 60.
         */
        maxFutureMinutes?: number;
      };
      attribution?: {
        /**
         * How long the Group and User index used for attribution is kept
         * before the catalog is read again, in seconds. Default 60.
         */
        refreshSeconds?: number;
      };
      retention?: {
        /**
         * Raw data points older than this many days are deleted by the
         * scheduled maintenance task; the hourly and daily rollups are kept.
         * Default 90.
         */
        rawDays?: number;
        /**
         * Cumulative OTLP series not updated for this many days are
         * forgotten. Default 30.
         */
        seriesDays?: number;
        /**
         * Schedule of the maintenance task (global: one instance runs it).
         * Default every hour, first after a minute.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
      /**
       * The Anthropic Admin API Claude Code usage report
       * (`GET /v1/organizations/usage_report/claude_code`): fetched on a
       * schedule when an API key is set, and uploaded to
       * `POST /api/agent-platform/spend/import/admin-api`.
       */
      adminApi?: {
        /** Default https://api.anthropic.com. */
        baseUrl?: string;
        /**
         * An Admin API key (`sk-ant-admin...`), from the environment, e.g.
         * `${ANTHROPIC_ADMIN_API_KEY}`. Nothing is fetched without one.
         * @visibility secret
         */
        apiKey?: string;
        /**
         * Schedule of the fetch (global: one instance runs it). Default
         * every 6 hours, first after a minute.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * How many complete days before today each run fetches, one day per
         * request (1 to 90). Default 3. Days already imported change nothing.
         */
        lookbackDays?: number;
        /**
         * Largest upload accepted by the import endpoint, in bytes; larger
         * uploads get 413. Default 20971520 (20 MiB).
         */
        maxUploadBytes?: number;
      };
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
