import type { Entity } from '@backstage/catalog-model';
import type {
  AssetUsageAnswer,
  EntitySpendReport,
  PlatformOverview,
  PlatformSpendTable,
  SpendTokens,
  TargetResolution,
} from '@agent-platform/plugin-agent-platform-common';
import { DEFAULT_SPEND_ANOMALY_METHOD } from '@agent-platform/plugin-agent-platform-common';
import type { AgentPlatformApi, TeamApprovedAssets } from '../api';
import cartService from './component_default_cart-service.json';
import checkoutGroup from './group_default_checkout.json';
import mobileConfig from './airesource_default_mobile-agent-config.json';
import overview from './overview.json';
import approvedCheckout from './approved_checkout.json';
import emptySpend from './spend_empty_checkout.json';

// Payloads recorded from the running backend on the example org (Acme Financial).

/** `GET /entities/component/default/cart-service/effective-config`. */
export const cartServiceResolution = cartService as unknown as TargetResolution;
/** `GET /entities/group/default/checkout/effective-config`. */
export const checkoutResolution = checkoutGroup as unknown as TargetResolution;
/** `GET /entities/airesource/default/mobile-agent-config/effective-config`: 5 behind, missed security, deprecated pin. */
export const mobileResolution = mobileConfig as unknown as TargetResolution;
/** `GET /overview`. */
export const platformOverview = overview as unknown as PlatformOverview & {
  builtAt: string;
};
/** `GET /teams/default/checkout/approved-assets`. */
export const checkoutApproved =
  approvedCheckout as unknown as TeamApprovedAssets;
/** `GET /spend/entities/group/default/checkout` before any telemetry. */
export const emptySpendReport = emptySpend as unknown as EntitySpendReport;

const tokens = (input: number): SpendTokens => ({
  input,
  output: Math.round(input / 4),
  cacheRead: input * 3,
  cacheCreation: Math.round(input / 2),
});

/** Ten model ids, Claude Code style. */
export const MODELS = [
  'claude-sonnet-4-6',
  'claude-opus-4-8',
  'claude-haiku-4-5',
  'claude-sonnet-4-5',
  'claude-opus-4-6',
  'claude-haiku-4-0',
  'claude-sonnet-4-0',
  'claude-opus-4-1',
  'claude-3-7-sonnet',
  'claude-3-5-haiku',
];

/**
 * A spend report shaped exactly as `EntitySpendReport`: `days` days ending
 * 2026-11-20 with `models` models; day i costs i + 1 dollars.
 */
export function makeSpendReport(
  options: {
    entityRef?: string;
    days?: number;
    models?: number;
    budget?: EntitySpendReport['budget'];
  } = {},
): EntitySpendReport {
  const days = options.days ?? 30;
  const models = MODELS.slice(0, options.models ?? 3);
  const end = Date.UTC(2026, 10, 20);
  const byDay = Array.from({ length: days }, (_, i) => ({
    date: new Date(end - (days - 1 - i) * 86_400_000)
      .toISOString()
      .slice(0, 10),
    cost: i + 1,
    tokens: tokens(1000 * (i + 1)),
  }));
  const cost = byDay.reduce((s, d) => s + d.cost, 0);
  // Model k gets a share proportional to (models - k).
  const weights = models.map((_, k) => models.length - k);
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const byModel = models.map((key, k) => ({
    key,
    cost: (cost * weights[k]) / weightSum,
    tokens: tokens(1000 * weights[k]),
  }));
  return {
    entityRef: options.entityRef ?? 'group:default/checkout',
    range: { from: byDay[0].date, to: byDay[days - 1].date },
    currency: 'USD',
    totals: {
      cost,
      tokens: tokens(1000),
      sessions: 40,
      commits: 55,
      pullRequests: 20,
      linesAdded: 1200,
      linesRemoved: 300,
      activeSeconds: 36000,
    },
    cacheHitRatio: 0.75,
    costPerPullRequest: cost / 20,
    costPerSession: cost / 40,
    previous: {
      range: { from: '2026-09-21', to: '2026-10-20' },
      cost: cost / 2,
      change: 1,
    },
    byDay,
    byModel,
    bySkill: [
      { key: 'code-review', cost: cost * 0.4, tokens: tokens(400) },
      { key: 'pci-checklist', cost: cost * 0.1, tokens: tokens(100) },
      { key: null, cost: cost * 0.5, tokens: tokens(500) },
    ],
    byMcpServer: [
      { key: 'github', cost: cost * 0.3, tokens: tokens(300) },
      { key: null, cost: cost * 0.7, tokens: tokens(700) },
    ],
    byUser: [{ key: 'user:default/jonas.berg', cost, tokens: tokens(1000) }],
    byRepo: [
      { key: 'component:default/cart-service', cost, tokens: tokens(1000) },
    ],
    byAgent: [],
    byPlugin: [],
    byQuerySource: [],
    byEffort: [],
    byTeam: [],
    outcomes: [],
    anomalies: [],
    anomalyMethod: DEFAULT_SPEND_ANOMALY_METHOD,
    budget:
      options.budget === undefined
        ? {
            month: '2026-11',
            monthlyUsd: 2500,
            source: 'airesource:default/checkout-agent-config',
            monthToDate: 1800,
            forecast: 2700,
            state: 'at-risk',
          }
        : options.budget,
  };
}

/** A platform spend table with two teams and the unattributed row. */
export function makePlatformSpend(): PlatformSpendTable {
  const row = (
    team: string | null,
    title: string,
    cost: number,
    previousCost: number,
    state: 'none' | 'ok' | 'at-risk' | 'over',
  ) => ({
    team,
    title,
    cost,
    tokens: tokens(cost),
    sessions: Math.round(cost / 10),
    pullRequests: Math.round(cost / 50),
    previousCost,
    change: previousCost === 0 ? null : (cost - previousCost) / previousCost,
    budget:
      team === null
        ? null
        : {
            month: '2026-11',
            monthlyUsd: 2000,
            source: null,
            monthToDate: cost,
            forecast: cost * 1.2,
            state,
          },
    // As in makeSpendReport: models 3:2:1, skills 40% / 10% / none 50%.
    byModel: MODELS.slice(0, 3).map((key, k) => ({
      key,
      cost: (cost * (3 - k)) / 6,
      tokens: tokens(1000 * (3 - k)),
    })),
    bySkill: [
      { key: 'code-review', cost: cost * 0.4, tokens: tokens(400) },
      { key: 'pci-checklist', cost: cost * 0.1, tokens: tokens(100) },
      { key: null, cost: cost * 0.5, tokens: tokens(500) },
    ],
    anomaly: null,
  });
  return {
    range: { from: '2026-10-22', to: '2026-11-20' },
    currency: 'USD',
    rows: [
      row('group:default/payments', 'Payments', 2400, 2000, 'over'),
      row('group:default/checkout', 'Checkout', 1500, 1000, 'ok'),
      row(null, 'Unattributed', 300, 0, 'none'),
    ],
    totals: { cost: 4200, tokens: tokens(4200) },
  };
}

/**
 * The backend's usage answer for a skill or MCP server of the example org,
 * from the recorded overview (the same snapshot answers both).
 */
export function usageAnswer(
  ref: string,
  telemetry: AssetUsageAnswer['telemetry'] = { status: 'ok', teams: [] },
): AssetUsageAnswer {
  const row = [...platformOverview.skills, ...platformOverview.mcpServers].find(
    r => r.ref === ref,
  );
  return {
    ref,
    teams: row?.teams ?? [],
    viaBase: row?.viaBase ?? [],
    repos: row?.repos ?? [],
    builtAt: platformOverview.builtAt,
    telemetry,
  };
}

/** A fake API: every method rejects until given. */
export function fakeApi(
  overrides: Partial<AgentPlatformApi> = {},
): jest.Mocked<AgentPlatformApi> {
  const reject = () =>
    jest.fn(() => Promise.reject(new Error('not expected in this test')));
  return {
    getAgentAssets: reject(),
    getAssetDocument: reject(),
    getEffectiveConfig: reject(),
    getApprovedAssets: reject(),
    getOverview: reject(),
    getTeamOverview: reject(),
    getAssetUsage: reject(),
    getSpendInsights: reject(),
    getBaseReleases: reject(),
    getEntitySpend: reject(),
    getMySpend: reject(),
    getSpendReconciliation: reject(),
    notifyTeam: reject(),
    canNotifyTeams: jest.fn(async () => ({ allowed: false })),
    getPlatformSpend: reject(),
    getSkillEvals: reject(),
    getNearDuplicates: reject(),
    getStaleness: reject(),
    getAdoption: reject(),
    getReuse: reject(),
    getCampaigns: reject(),
    getCampaign: reject(),
    startCampaign: reject(),
    retryCampaign: reject(),
    ...Object.fromEntries(
      Object.entries(overrides).map(([k, v]) => [k, jest.fn(v as any)]),
    ),
  } as unknown as jest.Mocked<AgentPlatformApi>;
}

/** A `ResponseError`-like error with a status, as the client throws. */
export async function httpError(
  status: number,
  message: string,
): Promise<Error> {
  const { ResponseError } = await import('@backstage/errors');
  const names: Record<number, [string, string]> = {
    403: ['NotAllowedError', 'Forbidden'],
    404: ['NotFoundError', 'Not Found'],
  };
  const [name, statusText] = names[status] ?? [
    'Error',
    'Internal Server Error',
  ];
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, statusText, headers: { 'content-type': 'application/json' } },
    ) as any,
  );
}

/** Catalog entities of the example org, as the cards read them. */
export const entities: Record<string, Entity> = {
  checkout: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  cartService: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart-service', namespace: 'default' },
    spec: {
      type: 'service',
      owner: 'group:default/checkout',
      lifecycle: 'production',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/checkout' }],
  },
  checkoutWeb: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-web', namespace: 'default' },
    spec: {
      type: 'website',
      owner: 'group:default/checkout',
      lifecycle: 'production',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/checkout' }],
  },
  cartServiceRepoConfig: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: { name: 'cart-service-repo-config', namespace: 'default' },
    spec: {
      type: 'agent-config',
      level: 'repo',
      lifecycle: 'production',
      owner: 'group:default/checkout',
      component: 'component:default/cart-service',
      observed: {
        files: ['CLAUDE.md'],
        pin: { file: 'CLAUDE.md', line: 3, base: 'org-base', version: '2.2.0' },
        mcpServers: [],
      },
    },
  },
  checkoutTeamConfig: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: { name: 'checkout-agent-config', namespace: 'default' },
    spec: {
      type: 'agent-config',
      level: 'team',
      lifecycle: 'production',
      owner: 'group:default/checkout',
      extends: 'org-base@2.3.0',
    },
  },
  paymentsTeamConfig: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: { name: 'payments-agent-config', namespace: 'default' },
    spec: {
      type: 'agent-config',
      level: 'team',
      lifecycle: 'production',
      owner: 'group:default/payments',
      extends: 'org-base@2.4.0',
    },
  },
  github: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name: 'github',
      namespace: 'default',
      title: 'GitHub MCP server',
    },
    spec: {
      type: 'mcp-server',
      lifecycle: 'production',
      owner: 'group:default/platform',
      remotes: [
        { type: 'streamable-http', url: 'https://api.githubcopilot.com/mcp/' },
      ],
      auth: 'oauth',
      risk: 'medium',
      allowlist: {
        status: 'approved',
        reason: 'Read and PR write access, scoped per repo.',
        reviewer: 'user:default/dana.kim',
        reviewedAt: '2026-09-14',
      },
      tools: [
        { name: 'search_code', access: 'read', data: ['source-code'] },
        { name: 'get_file_contents', access: 'read', data: ['source-code'] },
        { name: 'create_pull_request', access: 'write', data: ['source-code'] },
        {
          name: 'merge_pull_request',
          access: 'destructive',
          data: ['source-code'],
        },
      ],
    },
    relations: [
      {
        type: 'mcpServerUsedBy',
        targetRef: 'airesource:default/checkout-agent-config',
      },
      {
        type: 'mcpServerUsedBy',
        targetRef: 'airesource:default/payments-agent-config',
      },
    ],
  },
  pciChecklist: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: {
      name: 'pci-checklist',
      namespace: 'default',
      title: 'PCI checklist',
    },
    spec: {
      type: 'skill',
      lifecycle: 'production',
      owner: 'group:default/payments',
      version: '1.2.0',
      scope: 'team',
      evalStatus: 'passing',
    },
    relations: [
      {
        type: 'skillUsedBy',
        targetRef: 'airesource:default/payments-agent-config',
      },
      {
        type: 'skillUsedBy',
        targetRef: 'airesource:default/checkout-agent-config',
      },
      {
        type: 'skillUsedBy',
        targetRef: 'airesource:default/cart-service-repo-config',
      },
    ],
  },
  changelogWriter: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: {
      name: 'changelog-writer',
      namespace: 'default',
      title: 'Changelog writer',
    },
    spec: {
      type: 'skill',
      lifecycle: 'deprecated',
      owner: 'group:default/platform',
      version: '0.6.3',
      scope: 'org',
      evalStatus: 'none',
      replacedBy: 'airesource:default/release-notes',
    },
  },
  orphanSkill: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: { name: 'orphan-skill', namespace: 'default' },
    spec: {
      type: 'skill',
      lifecycle: 'experimental',
      owner: 'group:default/ghosts',
      scope: 'team',
    },
  },
  payments: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  platform: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  jonas: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'jonas.berg', namespace: 'default' },
    spec: { memberOf: ['group:default/checkout'] },
  },
};
