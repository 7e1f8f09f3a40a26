import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  agentPlatform?: {
    /** Claude Code managed settings served per base release. */
    managedSettings?: {
      /** Telemetry the managed settings switch on, on every machine. */
      telemetry?: {
        /** Set to false to leave telemetry out of the managed settings. */
        enabled?: boolean;
        /**
         * OTLP/HTTP endpoint (the exporter appends /v1/metrics). Default: this
         * backend's `<external base url>/api/agent-platform/otlp`.
         */
        endpoint?: string;
        /** `http/protobuf` (default) or `http/json`. */
        protocol?: 'http/protobuf' | 'http/json';
        /**
         * Path of the program on each machine that prints the ingest token's
         * header as JSON; default `/etc/claude-code/agent-platform-otel-headers.sh`.
         */
        headersHelper?: string;
      };
    };
    /**
     * The Claude Code plugin marketplace served per base release
     * (`/releases/:base/:version/marketplace.json`).
     */
    marketplace?: {
      /**
       * Public URL of this plugin as Claude Code reaches it, e.g.
       * `https://portal.example.com/api/agent-platform`; the marketplace's
       * archive URLs start with it. Default: the backend's external base URL
       * of the plugin. Claude Code fetches plugin archives over https only,
       * and never from a loopback or link-local host.
       */
      baseUrl?: string;
      /** The marketplace's `owner`; default: the base's owner ref as the name. */
      owner?: {
        /** Name of the maintainer, e.g. `Acme platform team`. */
        name?: string;
        /** Contact email. */
        email?: string;
      };
    };
    /**
     * The group that runs the platform (entity ref). Its members approve
     * exceptions; the portal's permission policy gives it the platform's
     * administrative actions. Default `group:default/platform`.
     */
    platformTeam?: string;
    exceptions?: {
      /**
       * Groups (entity refs) whose members may approve exceptions besides
       * the platform team. An exception approved by anyone else does not
       * count (`exception-unapproved`).
       */
      approvers?: string[];
      /**
       * Longest an exception may hold, in days, from its first day (or from
       * today for one written without `since`). Default 90.
       */
      maxDays?: number;
    };
    notifications?: {
      /**
       * Tell teams and the platform team about governance conditions (budget
       * at risk and over, missed base releases, expiring and expired
       * exceptions, deprecated assets in use, exception requests and their
       * decisions) through the notifications backend, once per condition
       * until it changes. Default true.
       */
      enabled?: boolean;
    };
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
      /** The platform table (`GET /api/agent-platform/spend/teams`). */
      platformTable?: {
        /**
         * The table is computed once per range and shared: a table is served
         * while its computation started less than this many seconds ago,
         * never longer (past it a read waits for a new computation), so a
         * read sees every spend stored, by any instance, at least this many
         * seconds before it. It is refreshed in the background when
         * read after half of this, or after a quarter of it once this
         * instance has stored spend since. 0: every read computes (concurrent
         * reads still share one computation). Default 60, the OpenTelemetry
         * metric exporters' default interval.
         */
        maxAgeSeconds?: number;
        /**
         * How many ranges' tables are kept (the least recently read is
         * dropped). Default 16.
         */
        maxRanges?: number;
      };
      retention?: {
        /**
         * The spend window, in days. Data points older than this are
         * refused (ignored and counted as `timestamp-too-old`), from OTLP and
         * from the Admin API import alike, and the points' idempotency keys,
         * which make a replayed batch count once, are kept this long
         * (deleted by the scheduled maintenance task; the daily rollups are
         * kept). One window for both, so that a replay of a point is either
         * recognised or refused, never counted twice. Also how long an Admin
         * API report can still replace OTLP spend for a user's day (the
         * hourly rollup, which that needs, is kept as long). Default 90.
         * (Replaces `ingestion.maxAgeDays`, which the backend now refuses.)
         */
        rawDays?: number;
        /**
         * How long each raw data point's attributes (team, user, session,
         * model, ...) are kept, in days, as an audit of what arrived: from 0
         * (only the 16-byte idempotency keys are stored) to `rawDays`.
         * Nothing reads them back. At large scale set it low: a point's
         * attributes cost about 400-500 B, its key about 60-100 B
         * (docs/benchmarks.md). Default `rawDays`.
         */
        pointDays?: number;
        /**
         * How long the breakdowns of a user's and a repository's spend (by
         * model, skill, MCP server, repository, user, subagent, plugin, query
         * source and effort) are kept per day, in days. The maintenance task
         * folds each month that ended longer ago into one row per key for
         * the month: those breakdowns then count whole months, and reports
         * say which days (`breakdownRange`). Daily totals and every team row
         * are never folded. At least `rawDays`; default `rawDays`. At the
         * design point this is most of the rollups' size
         * (docs/benchmarks.md).
         */
        breakdownDays?: number;
        /**
         * Cumulative OTLP series not updated for this many days are
         * forgotten. Default: `rawDays`.
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
    /**
     * Declared vs real: a backend task lists the real tools of every remote
     * MCP server in the catalog (MCP `tools/list` over streamable HTTP) and
     * compares them with its governance file. Results at
     * `/api/agent-platform/mcp-tool-checks`.
     */
    toolCheck?: {
      /** Set to true to check every remote MCP server's real tools on a schedule. Defaults to false. */
      enabled?: boolean;
      /** Deadline of one server's check, in milliseconds. Defaults to 10000. */
      timeoutMs?: number;
      /** Most tools read from one server; more are flagged. Defaults to 1000. */
      maxTools?: number;
      /** Servers checked at the same time. Defaults to 4. */
      concurrency?: number;
      /** How often to check. Defaults to every hour, first after 2 minutes. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /**
     * Upgrade campaigns: the platform team opens upgrade pull requests for
     * every repository below a base release. A scheduled task (one runner
     * across replicas) opens them through the GitHub REST API with the
     * `integrations.github` entry of each repository's host (its
     * `apiBaseUrl` and token or GitHub App).
     */
    campaigns?: {
      /** Pull requests opened per run of the task at most (the rate limit). Defaults to 10. */
      pullRequestsPerRun?: number;
      /** Time one repository may take on GitHub, in seconds; then it fails. Defaults to 60. */
      timeoutSeconds?: number;
      /** How often an opened pull request is looked at for merged or closed, in minutes. Defaults to 15. */
      checkEveryMinutes?: number;
      /** How often the task runs. Defaults to every minute, first after 30 seconds. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
