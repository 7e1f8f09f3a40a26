import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Agent Platform discovery of skills and MCP servers from files.
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
         * Owner of skills and servers whose files name none. Defaults to
         * `agentPlatform.platformTeam`, then `group:default/platform`.
         */
        defaultOwner?: string;
        /**
         * How often to scan. Defaults to every 30 minutes.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
