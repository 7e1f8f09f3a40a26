import { JsonObject } from '@backstage/types';
import { resolve } from 'node:path';

/** The example organisation's folder (`examples/` at the repository root). */
export const examplesRoot = resolve(__dirname, '../../../../examples');

/**
 * Catalog config that loads the example organisation into a test backend:
 * its catalog files, and the agent-platform providers for skills, MCP
 * servers, org base releases and each Component's agent files.
 *
 * @param options.reposSchedule - the repos provider's schedule; by default it
 *   runs once at start-up (every 10 minutes after that).
 */
export function exampleCatalogConfig(
  options: { reposSchedule?: JsonObject } = {},
): JsonObject {
  const onceAtStart = {
    frequency: { minutes: 10 },
    timeout: { minutes: 1 },
    initialDelay: { seconds: 0 },
  };
  return {
    processingInterval: { seconds: 1 },
    rules: [
      {
        allow: [
          'Component',
          'System',
          'Domain',
          'API',
          'Resource',
          'Location',
          'AiResource',
          'User',
          'Group',
        ],
      },
    ],
    locations: [{ type: 'file', target: resolve(examplesRoot, 'all.yaml') }],
    providers: {
      agentPlatform: {
        skills: [resolve(examplesRoot, 'skills')],
        mcpServers: [resolve(examplesRoot, 'mcp-servers')],
        bases: [resolve(examplesRoot, 'org-base')],
        subagents: [resolve(examplesRoot, 'subagents')],
        rules: [resolve(examplesRoot, 'rules')],
        repos: { schedule: options.reposSchedule ?? onceAtStart },
        schedule: onceAtStart,
      },
    },
  };
}
