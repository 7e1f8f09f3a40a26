import { createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import { Knex } from 'knex';
import request from 'supertest';
import { agentPlatformPlugin } from '../plugin';
import { agentPlatformClockServiceRef } from '../services/clock';
import { exampleCatalogConfig } from './exampleCatalog';
import { pluginDatabases } from './pluginDatabases';

/** Between the payments exception (until 2027-01-31) and after data-eng's (2026-09-30). */
export const NOW = new Date('2026-11-21T12:00:00Z');

/** The databases the plugin's tests on the example organisation run on. */
export function exampleDatabases() {
  return TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
    disableDocker: true,
  });
}

type DatabaseId = ReturnType<TestDatabases['eachSupportedId']>[number][0];

/**
 * The agent-platform plugin with the real catalog, its AI model module and the
 * agent-platform catalog module, loaded with the example organisation, once
 * the snapshot has caught up.
 */
export interface ExampleBackend {
  server: Parameters<typeof request>[0];
  /** GET `/api/agent-platform<path>` as a user. */
  get(path: string): request.Test;
  /** The overview the readiness check last saw (every team, repo and pin). */
  overview: any;
  /** The overview's teams by config ref. */
  byConfig: Map<string, any>;
}

async function startExampleBackend(
  databases: TestDatabases,
  databaseId: DatabaseId,
) {
  const knex = await databases.init(databaseId);
  const others: Knex[] = [];
  const backend = await startTestBackend({
    features: [
      agentPlatformPlugin,
      catalogPlugin,
      catalogModuleAiModel,
      catalogModuleAgentPlatform,
      schedulerServiceFactory,
      pluginDatabases(knex, others),
      createServiceFactory({
        service: agentPlatformClockServiceRef,
        deps: {},
        factory: () => ({ now: () => NOW }),
      }),
      mockServices.rootConfig.factory({
        data: {
          agentPlatform: {
            snapshot: {
              schedule: {
                frequency: { seconds: 1 },
                timeout: { seconds: 30 },
              },
            },
          },
          // Repos often, so that a run soon sees the Components the
          // catalog has loaded meanwhile (a first run may find none yet).
          catalog: exampleCatalogConfig({
            reposSchedule: {
              frequency: { seconds: 2 },
              timeout: { minutes: 1 },
              initialDelay: { seconds: 1 },
            },
          }),
        },
      }),
    ],
  });
  const stop = async () => {
    await backend.stop();
    await Promise.all(others.map(other => other.destroy()));
  };
  const get = (path: string) =>
    request(backend.server)
      .get(`/api/agent-platform${path}`)
      .set('Authorization', mockCredentials.user.header());

  try {
    // Wait until the catalog holds the organisation and the snapshot has caught up:
    // every team config, the skills and servers their configs name, and owned components.
    // And until reads a provider run apart agree: repositories read while the
    // catalog was still loading (a server matched before its namesake loaded)
    // are read again.
    let overview: any;
    let previous = '';
    let unchanged = 0;
    for (let attempt = 0; attempt < 600; attempt++) {
      const res = await get('/overview');
      overview = res.body;
      const { builtAt: _builtAt, ...content } = overview ?? {};
      const seen = JSON.stringify(content);
      unchanged = seen === previous ? unchanged + 1 : 0;
      previous = seen;
      const teams = (overview.teams ?? []) as Array<any>;
      const ready =
        res.status === 200 &&
        teams.length === 7 &&
        teams.every(
          t =>
            !t.violations.some((v: any) =>
              ['skill-unknown', 'mcp-server-unknown', 'base-missing'].includes(
                v.rule,
              ),
            ),
        ) &&
        overview.totals.repos === 13 &&
        teams.flatMap(t => t.repos).filter((r: any) => r.pin).length === 13;
      // Three equal reads 1.5 s apart span a repos provider run (every 2 s).
      if (ready && unchanged >= 2) break;
      await new Promise(r => setTimeout(r, ready ? 1500 : 500));
    }
    const byConfig = new Map<string, any>(
      (overview.teams ?? []).map((t: any) => [t.config, t]),
    );
    const example: ExampleBackend = {
      server: backend.server,
      get,
      overview,
      byConfig,
    };
    return { example, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts the example backend on `databaseId` before the tests of the
 * enclosing `describe` and stops it after them; the returned function gives
 * the running backend to each test.
 */
export function useExampleBackend(
  databases: TestDatabases,
  databaseId: DatabaseId,
): () => ExampleBackend {
  let started: Awaited<ReturnType<typeof startExampleBackend>> | undefined;
  beforeAll(async () => {
    started = await startExampleBackend(databases, databaseId);
  }, 600_000);
  afterAll(async () => {
    await started?.stop();
  });
  return () => {
    if (!started) {
      throw new Error('The example backend did not start');
    }
    return started.example;
  };
}
