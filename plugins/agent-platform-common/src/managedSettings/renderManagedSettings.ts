import type { AgentConfigRelease, McpServerEntity } from '../model';
import { McpServerEntry, serializeMcpJson } from '../parsers/mcpJson';
import {
  CLAUDE_SETTINGS_SCHEMA_URL,
  mcpJsonEntryForServer,
} from '../workspace/renderAgentFiles';

/**
 * Where Claude Code on developer machines sends its telemetry.
 *
 * @public
 */
export interface ManagedTelemetryOptions {
  /**
   * The OTLP/HTTP endpoint the exporter appends `/v1/metrics` to, e.g.
   * `https://portal.acme.example/api/agent-platform/otlp`.
   */
  endpoint: string;
  /** `http/protobuf` (default) or `http/json`; both are accepted by the portal. */
  protocol?: 'http/protobuf' | 'http/json';
  /**
   * Path of the program, installed on each machine by device management, that
   * prints the ingest token's header as JSON (`{"Authorization": "Bearer ..."}`).
   * The token itself never goes into the settings file.
   */
  headersHelper: string;
  /** Metric export interval in milliseconds; Claude Code's default is 60000. */
  exportIntervalMs?: number;
}

/**
 * Input of {@link renderManagedSettings}.
 *
 * @public
 */
export interface RenderManagedSettingsInput {
  /** The base name, e.g. `org-base`. */
  base: string;
  /** The release to render. */
  release: AgentConfigRelease;
  /**
   * The catalog's MCP servers: `managed-mcp.json` entries for the base's
   * servers, and the allow/deny lists from their allowlist status.
   */
  mcpServers?: McpServerEntity[];
  /** Telemetry to switch on; left out when absent. */
  telemetry?: ManagedTelemetryOptions;
}

/**
 * The managed settings of a release: the objects and the file texts.
 *
 * @public
 */
export interface ManagedSettings {
  /** `managed-settings.json`. */
  settings: Record<string, unknown>;
  /** `managed-mcp.json`; absent when the release pins no servers. */
  mcp?: { mcpServers: Record<string, McpServerEntry> };
  /** The file texts by file name. */
  files: Record<string, string>;
}

/**
 * File names Claude Code reads from its managed settings folder.
 *
 * @public
 */
export const MANAGED_SETTINGS_FILE = 'managed-settings.json';
/** @public */
export const MANAGED_MCP_FILE = 'managed-mcp.json';

const serverName = (ref: string) => ref.split('/').pop() ?? ref;

/**
 * Renders Claude Code's managed settings for one release of a base: the files
 * device management puts in `/etc/claude-code/` (Linux),
 * `/Library/Application Support/ClaudeCode/` (macOS) or
 * `C:\Program Files\ClaudeCode\` (Windows), where they win over every other
 * settings file.
 *
 * `managed-settings.json` carries the release's permission rules and mode
 * (lists merge with the project's, so a repository can add rules but not
 * remove these), `disableBypassPermissionsMode`, the release's hooks, its
 * default model, the MCP allowlist (`allowedMcpServers`: the release's
 * servers and the catalog's approved or restricted ones; `deniedMcpServers`:
 * the catalog's denied ones) and, with `telemetry`, the switch, exporter,
 * protocol, endpoint and `otelHeadersHelper` (project settings cannot switch
 * telemetry on; managed settings can).
 *
 * `managed-mcp.json` holds the release's servers, written like `.mcp.json`
 * entries (every URL and credential a `${VAR}`); Claude Code then offers only
 * those servers, so it is rendered only when the release pins servers.
 *
 * Throws when a server of the release is not in `mcpServers` or has no
 * usable transport.
 *
 * @public
 */
export function renderManagedSettings(
  input: RenderManagedSettingsInput,
): ManagedSettings {
  const { release, telemetry } = input;
  const config = release.config ?? {};
  const permissions = config.permissions ?? {};
  const catalog = input.mcpServers ?? [];
  const releaseServers = (config.mcpServers ?? []).map(serverName);

  const allowed = new Set(releaseServers);
  const denied = new Set<string>();
  for (const server of catalog) {
    const status = server.spec.allowlist?.status;
    if (status === 'approved' || status === 'restricted') {
      allowed.add(server.metadata.name);
    } else if (status === 'denied') {
      denied.add(server.metadata.name);
    }
  }
  for (const name of denied) allowed.delete(name);

  const env: Record<string, string> = {};
  if (telemetry) {
    env.CLAUDE_CODE_ENABLE_TELEMETRY = '1';
    env.OTEL_METRICS_EXPORTER = 'otlp';
    env.OTEL_EXPORTER_OTLP_PROTOCOL = telemetry.protocol ?? 'http/protobuf';
    env.OTEL_EXPORTER_OTLP_ENDPOINT = telemetry.endpoint.replace(/\/+$/, '');
    if (telemetry.exportIntervalMs !== undefined) {
      env.OTEL_METRIC_EXPORT_INTERVAL = String(telemetry.exportIntervalMs);
    }
  }

  const settings: Record<string, unknown> = {
    $schema: CLAUDE_SETTINGS_SCHEMA_URL,
    permissions: {
      ...(permissions.defaultMode
        ? { defaultMode: permissions.defaultMode }
        : {}),
      disableBypassPermissionsMode: 'disable',
      allow: [...new Set(permissions.allow ?? [])],
      ask: [...new Set(permissions.ask ?? [])],
      deny: [...new Set(permissions.deny ?? [])],
    },
    ...(config.hooks && Object.keys(config.hooks).length > 0
      ? { hooks: config.hooks }
      : {}),
    ...(config.modelRouting?.default
      ? { model: config.modelRouting.default }
      : {}),
    allowedMcpServers: [...allowed].sort().map(name => ({ serverName: name })),
    ...(denied.size > 0
      ? {
          deniedMcpServers: [...denied]
            .sort()
            .map(name => ({ serverName: name })),
        }
      : {}),
    ...(telemetry ? { env, otelHeadersHelper: telemetry.headersHelper } : {}),
  };

  const files: Record<string, string> = {
    [MANAGED_SETTINGS_FILE]: `${JSON.stringify(settings, null, 2)}\n`,
  };
  let mcp: ManagedSettings['mcp'];
  if (releaseServers.length > 0) {
    const mcpServers: Record<string, McpServerEntry> = {};
    for (const name of releaseServers) {
      const entity = catalog.find(
        s =>
          s.metadata.name.toLocaleLowerCase('en-US') ===
          name.toLocaleLowerCase('en-US'),
      );
      if (!entity) {
        throw new Error(
          `${input.base}@${release.version} pins the MCP server ${name}, which is not in the catalog`,
        );
      }
      mcpServers[entity.metadata.name] = mcpJsonEntryForServer(entity);
    }
    mcp = { mcpServers };
    files[MANAGED_MCP_FILE] = serializeMcpJson(mcp);
  }
  return { settings, ...(mcp ? { mcp } : {}), files };
}
