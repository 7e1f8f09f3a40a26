import {
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { createToolCheckRouter } from './createToolCheckRouter';
import { McpToolCheckService } from './McpToolCheckService';

/**
 * Sets up the declared-vs-real tool checks: the service, its scheduled task
 * (local to each instance, whose results it serves) and its router. With
 * `agentPlatform.toolCheck.enabled: false` nothing is scheduled and the
 * routes list nothing.
 */
export async function scheduleToolChecks(deps: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<express.Router> {
  const { config, logger, scheduler } = deps;
  const toolChecks = McpToolCheckService.create(deps);
  const settings = config.getOptionalConfig('agentPlatform.toolCheck');
  // Off unless asked for: the check connects to every remote MCP server the
  // catalog lists, which a portal may not be allowed to reach.
  if (settings?.getOptionalBoolean('enabled') === true) {
    const schedule = settings?.getOptionalConfig('schedule');
    await scheduler.scheduleTask({
      id: 'agent-platform-mcp-tool-check',
      ...(schedule
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
        : {
            frequency: { hours: 1 },
            timeout: { minutes: 15 },
            initialDelay: { minutes: 2 },
          }),
      scope: 'local',
      fn: async () => {
        await toolChecks.checkAll();
        logger.info(
          `Checked the real tools of ${
            toolChecks.list().length
          } remote MCP servers`,
        );
      },
    });
  }
  const router = Router();
  router.use(createToolCheckRouter({ ...deps, toolChecks }));
  return router;
}
