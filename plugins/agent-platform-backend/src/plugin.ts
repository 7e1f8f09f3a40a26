import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { agentPlatformPermissions } from '@agent-platform/plugin-agent-platform-common';
import { agentPlatformActionsGuardServiceRef } from './actions/actionsAccessGuard';
import { registerAgentPlatformActions } from './actions/registerAgentPlatformActions';
import { createRouter } from './router';
import { AssetDocumentReader } from './assets/AssetDocumentReader';
import { createAgentAssetsRouter } from './assets/createAgentAssetsRouter';
import { createScaffoldRouter } from './scaffold/createScaffoldRouter';
import { AgentConfigService } from './services/AgentConfigService';
import { agentPlatformClockServiceRef } from './services/clock';
import { PlatformSnapshotCache } from './services/PlatformSnapshotCache';
import { createWellKnownSkillsRouter } from './wellKnown/createWellKnownSkillsRouter';
import { SkillFilesReader } from './wellKnown/SkillFilesReader';
import {
  createAdminApiImportRouter,
  scheduleAdminApiFetch,
} from './spend/adminApi';
import { setUpSpend } from './spend/setUpSpend';
import { setUpReleases } from './releases/setUpReleases';
import { setUpExceptions } from './exceptions/setUpExceptions';
import { readExceptionSettings } from './exceptions/ExceptionService';
import { setUpNotifications } from './governance/setUpNotifications';
import { createNotifyRouter } from './governance/createNotifyRouter';
import { catalogRecipientReach } from './governance/recipientReach';
import { notificationService } from '@backstage/plugin-notifications-node';
import { scheduleToolChecks } from './toolCheck/scheduleToolChecks';
import { setUpSkillEvals } from './evals/setUpSkillEvals';
import { setUpOrgHealth } from './health/setUpOrgHealth';
import { setUpCampaigns } from './campaigns/setUpCampaigns';
import { setUpConfigHistory } from './history/setUpConfigHistory';

/**
 * The agent platform backend: effective agent configs, federation violations
 * and drift for every team and repository, the platform overview, actions for
 * coding agents, and the approved org skills at `/.well-known/skills`.
 *
 * @public
 */
export const agentPlatformPlugin = createBackendPlugin({
  pluginId: 'agent-platform',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        rootHttpRouter: coreServices.rootHttpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        // Before the registry: its routes are mounted when it is created.
        actionsGuard: agentPlatformActionsGuardServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        clock: agentPlatformClockServiceRef,
        database: coreServices.database,
        discovery: coreServices.discovery,
        notifications: notificationService,
        auditor: coreServices.auditor,
        userInfo: coreServices.userInfo,
      },
      async init(deps) {
        const { config, logger, scheduler } = deps;
        deps.permissionsRegistry.addPermissions([...agentPlatformPermissions]);

        const cache = PlatformSnapshotCache.create(deps);
        // Before the first snapshot: the exception policy is one of its inputs.
        const exceptions = await setUpExceptions({ ...deps, cache });

        const scheduleConfig = config.getOptionalConfig(
          'agentPlatform.snapshot.schedule',
        );
        // Each instance keeps its own snapshot in memory, so the check runs locally.
        await scheduler.scheduleTask({
          id: 'agent-platform-snapshot-refresh',
          ...(scheduleConfig
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                scheduleConfig,
              )
            : {
                frequency: { seconds: 30 },
                timeout: { minutes: 2 },
                initialDelay: { seconds: 10 },
              }),
          // After the schedule: a configured schedule reads as `global` by
          // default, and each instance must refresh its own snapshot.
          scope: 'local',
          fn: async () => {
            if (await cache.refreshIfChanged()) {
              logger.info(
                'The catalog changed; agent platform snapshot updated',
              );
            }
          },
        });

        // Spend (OTLP ingestion, reports) goes first: its OTLP route reads
        // the raw body itself, before the main router's JSON parser.
        const spend = await setUpSpend({ ...deps, cache });
        const agentConfigs = AgentConfigService.create({
          ...deps,
          cache,
          spend: spend.query,
        });
        deps.httpRouter.use(spend.router);
        await setUpNotifications({
          ...deps,
          cache,
          exceptions: exceptions.exceptions,
          settings: readExceptionSettings(config),
          spend: spend.query,
        });
        // The OTLP route checks credentials itself (service or static
        // tokens only), so that a refusal is answered in OTLP's error
        // format (a google.rpc.Status) rather than Backstage's.
        deps.httpRouter.addAuthPolicy({
          path: '/otlp/v1/metrics',
          allow: 'unauthenticated',
        });
        // The Admin API upload parses its own (large) body, so it also goes
        // before the main router's JSON parser.
        const ingest = spend.ingestor.ingest.bind(spend.ingestor);
        deps.httpRouter.use(
          createAdminApiImportRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            config,
            logger,
            ingest,
            auditor: deps.auditor,
          }),
        );
        await scheduleAdminApiFetch({
          config,
          scheduler,
          logger,
          ingest,
          auditor: deps.auditor,
        });
        deps.httpRouter.use(exceptions.router);
        deps.httpRouter.use(
          createNotifyRouter({
            ...deps,
            cache,
            reachable: catalogRecipientReach(deps),
          }),
        );
        // Before the first snapshot is read, so that it records the first states.
        deps.httpRouter.use(
          (await setUpConfigHistory({ ...deps, cache })).router,
        );
        const evals = await setUpSkillEvals({ ...deps, cache });
        deps.httpRouter.use(evals.router);
        deps.httpRouter.use(await setUpOrgHealth({ ...deps, cache, spend }));
        deps.httpRouter.use((await setUpCampaigns({ ...deps, cache })).router);
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            agentConfigs,
            spendRange: query => spend.query.range(query),
            scaffold: createScaffoldRouter({ ...deps, cache }),
          }),
        );
        deps.httpRouter.use(
          createAgentAssetsRouter({
            httpAuth: deps.httpAuth,
            catalog: deps.catalog,
            agentConfigs,
            reader: new AssetDocumentReader(deps.urlReader),
          }),
        );
        setUpReleases(deps);
        deps.httpRouter.use(await scheduleToolChecks(deps));
        deps.rootHttpRouter.use(
          '/.well-known',
          createWellKnownSkillsRouter({
            cache,
            reader: new SkillFilesReader(deps.urlReader),
            logger,
            evals: {
              store: evals.store,
              requireVerified: evals.requireVerifiedForPublishing,
            },
          }),
        );
        registerAgentPlatformActions({
          actionsRegistry: deps.actionsRegistry,
          agentConfigs,
          spend: spend.query,
        });
      },
    });
  },
});
