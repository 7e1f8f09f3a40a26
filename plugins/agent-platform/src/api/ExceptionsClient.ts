import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ExceptionRequest,
  ExceptionsView,
} from '@agent-platform/plugin-agent-platform-common';
import type {
  AgentPlatformExceptionsApi,
  NewExceptionRequest,
} from './ExceptionsApi';

/**
 * The default {@link AgentPlatformExceptionsApi}, through the discovery and
 * fetch APIs.
 *
 * @public
 */
export class ExceptionsClient implements AgentPlatformExceptionsApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  getExceptions(team?: string): Promise<ExceptionsView> {
    const query = team ? `?team=${encodeURIComponent(team)}` : '';
    return this.#call(`/exceptions${query}`);
  }

  requestException(request: NewExceptionRequest): Promise<ExceptionRequest> {
    return this.#call('/exceptions', request);
  }

  decideException(
    id: string,
    decision: 'approve' | 'deny',
    note?: string,
  ): Promise<ExceptionRequest> {
    return this.#call(
      `/exceptions/${encodeURIComponent(id)}/${decision}`,
      note ? { note } : {},
    );
  }

  async #call<T>(path: string, body?: object): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('agent-platform');
    const response = await this.#fetchApi.fetch(
      `${baseUrl}${path}`,
      body
        ? {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }
        : undefined,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
