import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createContextCreateAction } from './actions/contextCreate';
import { createContextValidateAction } from './actions/contextValidate';
import { createSkillPromoteAction } from './actions/skillPromote';
import { createSkillEvalsClient } from './actions/skillEvalsClient';

/**
 * The Agent Platform scaffolder module: `agent-platform:context:create`,
 * `agent-platform:context:validate` and `agent-platform:skill:promote`.
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
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolderActions, catalog, urlReader, discovery, auth }) {
        // Promotion reads the evaluation results posted to the portal.
        const evals = createSkillEvalsClient({ discovery, auth });
        scaffolderActions.addActions(
          createContextCreateAction({ catalog, urlReader }),
          createContextValidateAction({ catalog }),
          createSkillPromoteAction({ catalog, urlReader, evals }),
        );
      },
    });
  },
});
