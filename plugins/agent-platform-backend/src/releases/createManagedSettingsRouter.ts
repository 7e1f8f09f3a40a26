import {
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  MANAGED_MCP_FILE,
  MANAGED_SETTINGS_FILE,
  ManagedTelemetryOptions,
  renderManagedSettings,
} from '@agent-platform/plugin-agent-platform-common';
import { ConflictError, NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { BaseReleaseReader } from './BaseReleaseReader';

/** Where the headers helper is installed when the config names none. */
export const DEFAULT_OTEL_HEADERS_HELPER =
  '/etc/claude-code/agent-platform-otel-headers.sh';

async function telemetryOptions(
  config: RootConfigService,
  discovery: DiscoveryService,
): Promise<ManagedTelemetryOptions | undefined> {
  const telemetry = config.getOptionalConfig(
    'agentPlatform.managedSettings.telemetry',
  );
  if (telemetry?.getOptionalBoolean('enabled') === false) return undefined;
  const endpoint =
    telemetry?.getOptionalString('endpoint') ??
    `${await discovery.getExternalBaseUrl('agent-platform')}/otlp`;
  const protocol = telemetry?.getOptionalString('protocol');
  return {
    endpoint,
    ...(protocol === 'http/json' || protocol === 'http/protobuf'
      ? { protocol }
      : {}),
    headersHelper:
      telemetry?.getOptionalString('headersHelper') ??
      DEFAULT_OTEL_HEADERS_HELPER,
  };
}

/**
 * Claude Code's managed settings of each release, for device management to
 * put on every developer machine:
 * `GET /releases/:base/:version/managed-settings.json` and
 * `GET /releases/:base/:version/managed-mcp.json` (404 when the release pins
 * no servers); `:version` is an exact version or `latest`.
 */
export function createManagedSettingsRouter(options: {
  reader: BaseReleaseReader;
  config: RootConfigService;
  discovery: DiscoveryService;
}): express.Router {
  const { reader, config, discovery } = options;
  const router = Router();

  const render = async (base: string, version: string) => {
    const found = await reader.release(base, version);
    const mcpServers = await reader.mcpServers();
    const telemetry = await telemetryOptions(config, discovery);
    try {
      return renderManagedSettings({
        base,
        release: found.release,
        mcpServers,
        telemetry,
      });
    } catch (e) {
      // The release names a server the catalog cannot render.
      throw new ConflictError((e as Error).message);
    }
  };

  for (const file of [MANAGED_SETTINGS_FILE, MANAGED_MCP_FILE]) {
    router.get(`/releases/:base/:version/${file}`, async (req, res) => {
      const { base, version } = req.params;
      const rendered = await render(base, version);
      const text = rendered.files[file];
      if (text === undefined) {
        throw new NotFoundError(
          `${base}@${version} pins no MCP servers, so it has no ${file}`,
        );
      }
      res
        .status(200)
        .type('application/json')
        .set('Content-Disposition', `attachment; filename="${file}"`)
        .send(text);
    });
  }
  return router;
}
