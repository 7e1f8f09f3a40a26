import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import Router from 'express-promise-router';

/**
 * Keeps tokens limited to named permissions away from the actions registry's
 * routes (`/.backstage/actions/...`) of the agent-platform plugin.
 *
 * Why: an external-access token's `accessRestrictions` limit it to plugins
 * and permissions. The registry's listing checks no permission (only each
 * action's optional `visibilityPermission`), so the OTLP ingestion token,
 * limited to `agent-platform.spend.ingest`, could list every action's
 * metadata. A token whose restrictions name permissions may do only what
 * those permissions allow, and no permission allows the actions: it gets 403.
 *
 * It is a service so that the plugin can depend on it before the actions
 * registry: the registry mounts its routes on the plugin's router when it is
 * created, and routes answer in the order they were added.
 *
 * @public
 */
export const agentPlatformActionsGuardServiceRef = createServiceRef<{
  /** The guard is mounted (a service must have a value). */
  readonly mounted: true;
}>({
  id: 'agent-platform.actions-guard',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
      },
      factory({ httpRouter, httpAuth, auth }) {
        const router = Router();
        router.use('/.backstage/actions', async (req, _res, next) => {
          const credentials = await httpAuth.credentials(req);
          if (
            auth.isPrincipal(credentials, 'service') &&
            credentials.principal.accessRestrictions?.permissionNames
          ) {
            throw new NotAllowedError(
              `The token of ${credentials.principal.subject} is limited to the permissions ${credentials.principal.accessRestrictions.permissionNames.join(
                ', ',
              )}, none of which allows the actions`,
            );
          }
          next();
        });
        httpRouter.use(router);
        return { mounted: true as const };
      },
    }),
});
