import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { CatalogModelSources } from '@backstage/catalog-model/alpha';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogModelExtensionPoint } from '@backstage/plugin-catalog-node/alpha';
import { agentPlatformModelLayer } from './model/agentPlatformModelLayer';
import { AgentPlatformEntitiesProcessor } from './processor/AgentPlatformEntitiesProcessor';
import { AgentPlatformEntityProvider } from './provider/AgentPlatformEntityProvider';
import { McpRegistryEntityProvider } from './registry/McpRegistryEntityProvider';
import { RepoAgentFilesProvider } from './repos/RepoAgentFilesProvider';

/**
 * The Agent Platform catalog module: the model layer for agent configs and the
 * governance fields of skills and MCP servers, the processor for the relations
 * the model cannot express, and (when `catalog.providers.agentPlatform` is
 * configured) discovery of skills, MCP servers and org base releases from files, and of what
 * each Component's repository really pins and wires (repo configs), and MCP
 * servers synced from registry APIs (`mcpRegistries`).
 *
 * Needs upstream's `@backstage/plugin-catalog-backend-module-ai-model`, which
 * defines the `AiResource` kind and the `mcp-server` API type this extends.
 *
 * @public
 */
export const catalogModuleAgentPlatform = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'agent-platform',
  register(reg) {
    reg.registerInit({
      deps: {
        model: catalogModelExtensionPoint,
        processing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({
        model,
        processing,
        config,
        logger,
        scheduler,
        urlReader,
        auth,
        catalog,
      }) {
        model.addModelSource(
          CatalogModelSources.static([agentPlatformModelLayer]),
        );
        processing.addProcessor(new AgentPlatformEntitiesProcessor());
        const provider = AgentPlatformEntityProvider.fromConfig(config, {
          logger,
          scheduler,
          urlReader,
        });
        if (provider) {
          processing.addEntityProvider(provider);
        }
        const repos = RepoAgentFilesProvider.fromConfig(config, {
          logger,
          scheduler,
          urlReader,
          auth,
          catalog,
        });
        if (repos) {
          processing.addEntityProvider(repos);
        }
        for (const registry of McpRegistryEntityProvider.fromConfig(config, {
          logger,
          scheduler,
        })) {
          processing.addEntityProvider(registry);
        }
      },
    });
  },
});
