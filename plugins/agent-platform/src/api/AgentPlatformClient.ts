import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  ConfigHistoryAnswer,
  AssetDocument,
  AssetUsageAnswer,
  EntityAgentAssets,
  BaseReleasesAnswer,
  AdoptionTable,
  CampaignAnswer,
  CampaignListAnswer,
  CampaignStartAnswer,
  CampaignSummary,
  NearDuplicateReport,
  ReuseHistory,
  StalenessReport,
  EntitySpendReport,
  OverviewSpendInsights,
  PlatformOverview,
  PlatformSpendTable,
  SpendReconciliation,
  TeamNudge,
  SkillEvalHistory,
  TargetResolution,
  TeamOverviewAnswer,
} from '@agent-platform/plugin-agent-platform-common';
import type {
  AgentPlatformApi,
  SpendRange,
  TeamApprovedAssets,
} from './AgentPlatformApi';

function refPath(entityRef: string, defaultKind?: string): string {
  const { kind, namespace, name } = parseEntityRef(
    entityRef,
    defaultKind ? { defaultKind } : undefined,
  );
  return [kind, namespace, name]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/');
}

function basePath(baseRef: string): string {
  const { namespace, name } = parseEntityRef(baseRef, {
    defaultKind: 'airesource',
  });
  return `/bases/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

function rangeQuery(range?: SpendRange): string {
  const params = new URLSearchParams();
  if (range?.from) params.set('from', range.from);
  if (range?.to) params.set('to', range.to);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The default {@link AgentPlatformApi}: calls the agent-platform backend
 * through the discovery and fetch APIs, so the user's Backstage token goes
 * along.
 *
 * @public
 */
export class AgentPlatformClient implements AgentPlatformApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;
  /** GETs in flight by path: cards of one page that ask the same question share one request. */
  readonly #inFlight = new Map<string, Promise<unknown>>();

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  async getEffectiveConfig(entityRef: string): Promise<TargetResolution> {
    return this.#get(`/entities/${refPath(entityRef)}/effective-config`);
  }

  async getApprovedAssets(teamRef: string): Promise<TeamApprovedAssets> {
    const { namespace, name } = parseEntityRef(teamRef, {
      defaultKind: 'group',
    });
    return this.#get(
      `/teams/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}/approved-assets`,
    );
  }

  async getOverview(): Promise<PlatformOverview & { builtAt: string }> {
    return this.#get('/overview');
  }

  async getAgentAssets(entityRef: string): Promise<EntityAgentAssets> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return this.#get(
      `/entities/${encodeURIComponent(kind)}/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}/agent-assets`,
    );
  }

  async getAssetDocument(assetRef: string): Promise<AssetDocument> {
    const { namespace, name } = parseEntityRef(assetRef, {
      defaultKind: 'airesource',
    });
    return this.#get(
      `/assets/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}/document`,
    );
  }

  async getTeamOverview(teamRef: string): Promise<TeamOverviewAnswer> {
    const { namespace, name } = parseEntityRef(teamRef, {
      defaultKind: 'group',
    });
    return this.#get(
      `/teams/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}/overview`,
    );
  }

  async getAssetUsage(
    assetRef: string,
    range?: SpendRange,
  ): Promise<AssetUsageAnswer> {
    return this.#get(`/assets/${refPath(assetRef)}/usage${rangeQuery(range)}`);
  }

  async getBaseReleases(baseRef: string): Promise<BaseReleasesAnswer> {
    const { namespace, name } = parseEntityRef(baseRef, {
      defaultKind: 'airesource',
    });
    return this.#get(
      `/bases/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}/releases`,
    );
  }

  async getSpendInsights(range?: SpendRange): Promise<OverviewSpendInsights> {
    return this.#get(`/overview/spend-insights${rangeQuery(range)}`);
  }

  async getEntitySpend(
    entityRef: string,
    range?: SpendRange,
  ): Promise<EntitySpendReport> {
    return this.#get(
      `/spend/entities/${refPath(entityRef)}${rangeQuery(range)}`,
    );
  }

  async getSpendReconciliation(
    teamRef: string,
    range?: SpendRange,
  ): Promise<SpendReconciliation> {
    return this.#get(
      `/spend/entities/${refPath(teamRef, 'group')}/reconciliation${rangeQuery(
        range,
      )}`,
    );
  }

  async notifyTeam(teamRef: string): Promise<TeamNudge & { sent: true }> {
    const { namespace, name } = parseEntityRef(teamRef, {
      defaultKind: 'group',
    });
    return this.#get(
      `/teams/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}/notify`,
      { method: 'POST' },
    );
  }

  async canNotifyTeams(): Promise<{ allowed: boolean }> {
    return this.#get('/teams/notify-allowed');
  }

  async getMySpend(range?: SpendRange): Promise<EntitySpendReport> {
    return this.#get(`/spend/me${rangeQuery(range)}`);
  }

  async getPlatformSpend(range?: SpendRange): Promise<PlatformSpendTable> {
    return this.#get(`/spend/teams${rangeQuery(range)}`);
  }

  async getSkillEvals(skillRef: string): Promise<SkillEvalHistory> {
    const { namespace, name } = parseEntityRef(skillRef, {
      defaultKind: 'airesource',
    });
    return this.#get(
      `/skills/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}/evals`,
    );
  }

  async getNearDuplicates(): Promise<
    NearDuplicateReport & { builtAt: string }
  > {
    return this.#get('/health/near-duplicates');
  }

  async getStaleness(
    team?: string,
  ): Promise<StalenessReport & { builtAt: string }> {
    const query = team ? `?team=${encodeURIComponent(team)}` : '';
    return this.#get(`/health/staleness${query}`);
  }

  async getAdoption(range?: SpendRange): Promise<AdoptionTable> {
    return this.#get(`/health/adoption${rangeQuery(range)}`);
  }

  async getReuse(weeks?: number): Promise<ReuseHistory> {
    return this.#get(`/health/reuse${weeks ? `?weeks=${weeks}` : ''}`);
  }

  async getConfigHistory(entityRef: string): Promise<ConfigHistoryAnswer> {
    return this.#get(`/history/${refPath(entityRef)}`);
  }

  async getCampaigns(baseRef: string): Promise<CampaignListAnswer> {
    return this.#get(`${basePath(baseRef)}/campaigns`);
  }

  async getCampaign(id: number): Promise<CampaignAnswer> {
    return this.#get(`/campaigns/${encodeURIComponent(String(id))}`);
  }

  async startCampaign(
    baseRef: string,
    version: string,
  ): Promise<CampaignStartAnswer> {
    return this.#get(`${basePath(baseRef)}/campaigns`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ version }),
    });
  }

  async retryCampaign(
    id: number,
  ): Promise<{ campaign: CampaignSummary; requeued: number }> {
    return this.#get(`/campaigns/${encodeURIComponent(String(id))}/retry`, {
      method: 'POST',
    });
  }

  /** GETs of the same path share one request while it is in flight; other methods never do. */
  #get<T>(path: string, init?: RequestInit): Promise<T> {
    if (init) {
      return this.#fetchJson<T>(path, init);
    }
    const pending = this.#inFlight.get(path);
    if (pending) return pending as Promise<T>;
    const request = this.#fetchJson<T>(path).finally(() =>
      this.#inFlight.delete(path),
    );
    this.#inFlight.set(path, request);
    return request;
  }

  async #fetchJson<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('agent-platform');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
