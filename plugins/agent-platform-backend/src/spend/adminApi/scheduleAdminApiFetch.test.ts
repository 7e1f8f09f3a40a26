import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  adminApiFetchDays,
  runAdminApiFetch,
  scheduleAdminApiFetch,
} from './scheduleAdminApiFetch';
import { ClaudeCodeUsageReportClient } from './ClaudeCodeUsageReportClient';
import { startFakeAdminApi, usageRecord } from './__testUtils__/fakeAdminApi';
import { memoryIngest } from './__testUtils__/memoryIngest';

const NOW = new Date('2026-11-21T09:30:00Z');

/** Two users a day; one record each; page size 1, so two pages a day. */
function dayPages({ query }: { query: Record<string, string> }) {
  const day = query.starting_at;
  const cents = Number(day.slice(8)) * 100; // $18 on the 18th, ...
  if (!query.page) {
    return {
      body: {
        data: [usageRecord(day, 'a@acme.example', { cents })],
        has_more: true,
        next_page: `${day}-2`,
      },
    };
  }
  return {
    body: {
      data: [usageRecord(day, 'b@acme.example', { cents: 1 })],
      has_more: false,
      next_page: null,
    },
  };
}

function testPluginFor(
  memory: ReturnType<typeof memoryIngest>,
  scheduled: boolean[],
  localRuns?: number[],
) {
  return createBackendPlugin({
    pluginId: 'agent-platform',
    register(env) {
      env.registerInit({
        deps: {
          config: coreServices.rootConfig,
          scheduler: coreServices.scheduler,
          logger: coreServices.logger,
        },
        async init(deps) {
          scheduled.push(
            await scheduleAdminApiFetch({
              ...deps,
              ingest: memory.ingest,
              now: () => NOW,
            }),
          );
          if (localRuns) {
            // A local task beside it: proof that this instance runs its tasks.
            const index = localRuns.push(0) - 1;
            await deps.scheduler.scheduleTask({
              id: 'probe',
              scope: 'local',
              frequency: { minutes: 30 },
              timeout: { minutes: 1 },
              fn: async () => {
                localRuns[index]++;
              },
            });
          }
        },
      });
    },
  });
}

describe('adminApiFetchDays', () => {
  it('lists the complete days before today, oldest first', () => {
    expect(adminApiFetchDays(NOW, 3)).toEqual([
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
    ]);
    expect(adminApiFetchDays(new Date('2026-03-01T00:00:00Z'), 2)).toEqual([
      '2026-02-27',
      '2026-02-28',
    ]);
  });
});

describe('runAdminApiFetch', () => {
  let api: Awaited<ReturnType<typeof startFakeAdminApi>> | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('ingests each day, leaves out records of other days, and counts a re-run as duplicates', async () => {
    api = await startFakeAdminApi(request => {
      const answer = dayPages(request);
      if (request.query.starting_at === '2026-11-20' && request.query.page) {
        // the API slipped a record of today into yesterday's answer
        (answer.body.data as unknown[]).push(
          usageRecord('2026-11-21', 'c@acme.example'),
        );
      }
      return answer;
    });
    const memory = memoryIngest();
    const client = new ClaudeCodeUsageReportClient({
      baseUrl: api.baseUrl,
      apiKey: 'k',
      pageSize: 1,
    });
    const logger = mockServices.logger.mock();
    const days = ['2026-11-19', '2026-11-20'];

    const first = await runAdminApiFetch({
      client,
      ingest: memory.ingest,
      logger,
      days,
    });
    expect(first).toEqual([
      {
        day: '2026-11-19',
        pages: 2,
        records: 2,
        otherDays: 0,
        result: { accepted: 20, duplicates: 0, ignored: {} },
      },
      {
        day: '2026-11-20',
        pages: 2,
        records: 2,
        otherDays: 1,
        result: { accepted: 20, duplicates: 0, ignored: {} },
      },
    ]);
    expect(memory.total('cost')).toBeCloseTo(19 + 0.01 + 20 + 0.01, 10);

    const second = await runAdminApiFetch({
      client,
      ingest: memory.ingest,
      logger,
      days,
    });
    expect(second.map(d => d.result)).toEqual([
      { accepted: 0, duplicates: 20, ignored: {} },
      { accepted: 0, duplicates: 20, ignored: {} },
    ]);
    expect(memory.stored.size).toBe(40);
  });

  it('keeps going after a failed day and then reports it', async () => {
    api = await startFakeAdminApi(request =>
      request.query.starting_at === '2026-11-19'
        ? {
            status: 400,
            body: {
              type: 'error',
              error: { type: 'invalid_request_error', message: 'bad day' },
            },
          }
        : dayPages(request),
    );
    const memory = memoryIngest();
    const logger = mockServices.logger.mock();

    await expect(
      runAdminApiFetch({
        client: new ClaudeCodeUsageReportClient({
          baseUrl: api.baseUrl,
          apiKey: 'k',
          pageSize: 1,
        }),
        ingest: memory.ingest,
        logger,
        days: ['2026-11-19', '2026-11-20'],
      }),
    ).rejects.toThrow(
      'Admin API fetch failed for 1 of 2 days: 2026-11-19: GET /v1/organizations/usage_report/claude_code?starting_at=2026-11-19&limit=1 answered 400: invalid_request_error: bad day',
    );
    expect(memory.stored.size).toBe(20);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});

describe('scheduleAdminApiFetch', () => {
  let api: Awaited<ReturnType<typeof startFakeAdminApi>> | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('fetches the lookback days on schedule with the configured key', async () => {
    api = await startFakeAdminApi(dayPages);
    const memory = memoryIngest();
    const scheduled: boolean[] = [];
    const backend = await startTestBackend({
      features: [
        testPluginFor(memory, scheduled),
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            agentPlatform: {
              spend: {
                adminApi: {
                  baseUrl: api.baseUrl,
                  apiKey: 'sk-ant-admin-scheduled',
                  lookbackDays: 2,
                  schedule: {
                    frequency: { minutes: 30 },
                    timeout: { minutes: 1 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    try {
      expect(scheduled).toEqual([true]);
      for (let i = 0; i < 200 && memory.stored.size < 40; i++) {
        await new Promise(r => setTimeout(r, 50));
      }
      expect(memory.stored.size).toBe(40);
      expect(
        api.requests.map(r => `${r.query.starting_at} ${r.query.page ?? ''}`),
      ).toEqual([
        '2026-11-19 ',
        '2026-11-19 2026-11-19-2',
        '2026-11-20 ',
        '2026-11-20 2026-11-20-2',
      ]);
      expect(new Set(api.requests.map(r => r.headers['x-api-key']))).toEqual(
        new Set(['sk-ant-admin-scheduled']),
      );
    } finally {
      await backend.stop();
    }
  });

  it('schedules nothing without a key', async () => {
    const memory = memoryIngest();
    const scheduled: boolean[] = [];
    const backend = await startTestBackend({
      features: [
        testPluginFor(memory, scheduled),
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: { agentPlatform: { spend: { adminApi: { lookbackDays: 2 } } } },
        }),
      ],
    });
    try {
      expect(scheduled).toEqual([false]);
    } finally {
      await backend.stop();
    }
  });
});
