import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Agent Platform discovery of skills, MCP servers, org bases, subagents and rules from files.
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
         * Folders or URLs holding Claude Code subagents, one `<name>.md` per
         * subagent (the `.claude/agents/` format: frontmatter name,
         * description, tools, model; the body is the prompt), with an optional
         * `metadata` map (owner, version, scope, lifecycle).
         */
        subagents?: string[];
        /**
         * Folders or URLs holding Claude Code rules, one `<name>.md` per rule
         * (the `.claude/rules/` format: optional `paths:` globs), with an
         * optional `metadata` map (owner, version, scope, lifecycle, category).
         */
        rules?: string[];
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
         * MCP registries to sync servers from: the official MCP registry's
         * `v0.1` servers API (`GET /v0.1/servers`), or a private registry of the
         * same shape. The first sync lists every server (cursor pagination),
         * later ones only those updated since the newest seen (`updated_since`).
         * On any failure the last good set is kept. Servers are `API` entities of
         * type `mcp-server`, not approved and not production until reviewed.
         */
        mcpRegistries?: Array<{
          /** Stable id of the registry, in the provider name. Defaults to its host. */
          id?: string;
          /** Base URL, e.g. `https://registry.modelcontextprotocol.io`. */
          baseUrl: string;
          /**
           * Hosts that may be read, redirects included. Defaults to the base
           * URL's host, which must be on the list.
           */
          allowedHosts?: string[];
          /** Servers per page (`limit`). Defaults to 100. */
          pageSize?: number;
          /** A listing longer than this many pages fails. Defaults to 1000. */
          maxPages?: number;
          /** Timeout of each request, in milliseconds. Defaults to 30000. */
          timeoutMs?: number;
          /** Owner of the servers. Defaults to `defaultOwner`. */
          defaultOwner?: string;
          /** How often to sync. Defaults to every 30 minutes. */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        }>;
        /**
         * Reading what each Component's repository really pins and wires: the
         * files of every agent tool (Claude Code, Cursor, Codex, Copilot, Gemini
         * CLI: instruction files and their `@imports`, MCP configs, settings),
         * e.g. `CLAUDE.md`, `AGENTS.md`, `.mcp.json` and `.claude/settings.json`, kept as one
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
