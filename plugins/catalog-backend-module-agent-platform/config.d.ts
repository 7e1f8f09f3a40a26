import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Agent Platform discovery of skills, MCP servers and org bases from files.
       */
      agentPlatform?: {
        /**
         * Folders (absolute, or relative to the backend's working directory) or
         * URLs readable through the configured integrations, holding
         * `<name>/SKILL.md` skill folders (the agentskills.io format).
         */
        skills?: string[];
        /**
         * Folders or URLs holding `<name>/server.json` MCP Registry files, each
         * with an optional `agent-platform.yaml` governance file beside it.
         */
        mcpServers?: string[];
        /**
         * Folders or URLs holding org bases: a folder with `agent-base.yaml`
         * (the base's metadata) and one `releases/<version>/` folder per
         * release, holding `RELEASE.md`, `CLAUDE.md`, `.claude/settings.json`
         * and `.mcp.json`. See docs/entity-model.md.
         */
        bases?: string[];
        /**
         * Owner of skills and servers whose files name none. Defaults to
         * `agentPlatform.platformTeam`, then `group:default/platform`.
         */
        defaultOwner?: string;
        /**
         * How often to scan. Defaults to every 30 minutes.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Reading what each Component's repository really pins and wires: its
         * context files (`CLAUDE.md`, `.claude/CLAUDE.md`, `AGENTS.md` and their
         * `@imports`), `.mcp.json` and `.claude/settings.json`, kept as one
         * `<component>-repo-config` (`level: repo`) per Component. The repository
         * is the Component's `backstage.io/source-location`, else the folder of
         * its `catalog-info.yaml`. On whenever `agentPlatform` is configured.
         */
        repos?: {
          /** Set to false to stop reading repositories. Defaults to true. */
          enabled?: boolean;
          /**
           * How often to read every repository. Defaults to every 30 minutes,
           * first 10 seconds after start-up.
           */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
    };
  };
  agentPlatform?: {
    /**
     * The group (entity ref) that administers the agent platform. Owner of
     * discovered skills and servers whose files name none (unless
     * `catalog.providers.agentPlatform.defaultOwner` is set); the example
     * portal's permission policy gives its members every agent-platform
     * permission. No default.
     */
    platformTeam?: string;
  };
}
