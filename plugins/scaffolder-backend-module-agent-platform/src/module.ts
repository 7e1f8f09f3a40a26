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
import { DEFAULT_PLATFORM_TEAM } from './actions/initiator';
import { normalizeEntityRef } from '@agent-platform/plugin-agent-platform-common';
import { createSkillEvalsClient } from './actions/skillEvalsClient';

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
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({
        scaffolderActions,
        catalog,
        urlReader,
        userInfo,
        permissions,
        config,
        discovery,
        auth,
      }) {
        // Promotion reads the evaluation results posted to the portal.
        const evals = createSkillEvalsClient({ discovery, auth });
        const platformTeam =
          normalizeEntityRef(
            config.getOptionalString('agentPlatform.platformTeam') ??
              DEFAULT_PLATFORM_TEAM,
            'group',
          ) ?? DEFAULT_PLATFORM_TEAM;
        scaffolderActions.addActions(
          createContextCreateAction({
            catalog,
            urlReader,
            userInfo,
            platformTeam,
          }),
          createContextValidateAction({ catalog }),
          createSkillPromoteAction({ catalog, urlReader, permissions, evals }),
          createBaseUpgradeAction({ catalog }),
        );
      },
    });
  },
});
