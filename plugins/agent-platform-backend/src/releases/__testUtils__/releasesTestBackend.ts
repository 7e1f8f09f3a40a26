import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import { JsonObject } from '@backstage/types';
import knexFactory, { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import { agentPlatformPlugin } from '../../plugin';
import { exampleCatalogConfig } from '../../__testUtils__/exampleCatalog';
import { pluginDatabases } from '../../__testUtils__/pluginDatabases';

/**
 * The agent-platform plugin and a real catalog on the example organisation
 * (SQLite in memory), listening on a local port. Resolves once the catalog
 * serves the org base's releases.
 */
export async function startReleasesBackend(config: JsonObject = {}) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const others: Knex[] = [];
  const backend = await startTestBackend({
    features: [
      agentPlatformPlugin,
      catalogPlugin,
      catalogModuleAiModel,
      catalogModuleAgentPlatform,
      schedulerServiceFactory,
      pluginDatabases(knex, others),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'https://portal.acme.example' },
          catalog: exampleCatalogConfig(),
          ...config,
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const api = `http://127.0.0.1:${port}/api/agent-platform`;
  const stop = async () => {
    await backend.stop();
    await Promise.all([knex, ...others].map(k => k.destroy()));
  };
  try {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${api}/releases/org-base/renovate.json`);
      const servers = await fetch(
        `${api}/releases/org-base/latest/managed-mcp.json`,
      );
      if (res.status === 200 && servers.status === 200) break;
      if (attempt > 400) {
        throw new Error(
          `The catalog never served the org base: ${
            res.status
          } ${await res.text()}`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { api, port, stop };
}
