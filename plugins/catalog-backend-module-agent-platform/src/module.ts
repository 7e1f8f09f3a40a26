import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { CatalogModelSources } from '@backstage/catalog-model/alpha';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModelExtensionPoint } from '@backstage/plugin-catalog-node/alpha';
import { agentPlatformModelLayer } from './model/agentPlatformModelLayer';
import { AgentPlatformEntitiesProcessor } from './processor/AgentPlatformEntitiesProcessor';
import { AgentPlatformEntityProvider } from './provider/AgentPlatformEntityProvider';

/**
 * The Agent Platform catalog module: the model layer for agent configs and the
 * governance fields of skills and MCP servers, the processor for the relations
 * the model cannot express, and (when `catalog.providers.agentPlatform` is
 * configured) discovery of skills and MCP servers from files.
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
      },
      async init({ model, processing, config, logger, scheduler, urlReader }) {
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
      },
    });
  },
});
