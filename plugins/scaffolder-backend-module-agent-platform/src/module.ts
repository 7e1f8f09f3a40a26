import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createContextCreateAction } from './actions/contextCreate';
import { createContextValidateAction } from './actions/contextValidate';
import { createSkillPromoteAction } from './actions/skillPromote';
import { createBaseUpgradeAction } from './actions/baseUpgrade';

/**
 * The Agent Platform scaffolder module: `agent-platform:context:create`,
 * `agent-platform:context:validate`, `agent-platform:skill:promote` and
 * `agent-platform:base:upgrade`.
 *
 * @public
 */
export const scaffolderModuleAgentPlatform = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'agent-platform',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        urlReader: coreServices.urlReader,
      },
      async init({ scaffolderActions, catalog, urlReader }) {
        scaffolderActions.addActions(
          createContextCreateAction({ catalog, urlReader }),
          createContextValidateAction({ catalog }),
          createSkillPromoteAction({ catalog, urlReader }),
          createBaseUpgradeAction({ catalog }),
        );
      },
    });
  },
});
