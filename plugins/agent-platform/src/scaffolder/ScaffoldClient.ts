import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AgentContextRequest,
  ScaffoldOptionsResponse,
  ScaffoldPreviewResponse,
} from '@agent-platform/plugin-agent-platform-common';

/**
 * Calls the agent-platform backend's scaffolder routes (`/scaffold/options`,
 * `/scaffold/preview`) with the user's token.
 *
 * @public
 */
export class ScaffoldClient {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  /** The teams, pinned release and assets the form offers for an owner. */
  async getOptions(owner?: string): Promise<ScaffoldOptionsResponse> {
    const query = owner ? `?owner=${encodeURIComponent(owner)}` : '';
    return this.#request(`/scaffold/options${query}`);
  }

  /** The files a request would generate, or its problems by field. */
  async preview(
    request: Partial<AgentContextRequest>,
  ): Promise<ScaffoldPreviewResponse> {
    return this.#request('/scaffold/preview', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  async #request<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.#discoveryApi.getBaseUrl('agent-platform');
    const res = await this.#fetchApi.fetch(`${base}${path}`, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
