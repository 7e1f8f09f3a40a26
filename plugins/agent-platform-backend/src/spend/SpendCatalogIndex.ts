import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  buildSpendAttributionIndex,
  SpendAttributionIndex,
  SpendCatalogEntity,
} from '@agent-platform/plugin-agent-platform-common';

/**
 * The catalog's Groups and Users as attribution needs them, read with the
 * plugin's own credentials and kept for `refreshMs` (then read again on the
 * next use; concurrent uses share one read).
 *
 * @public
 */
export class SpendCatalogIndex {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #refreshMs: number;
  #current?: { index: SpendAttributionIndex; at: number };
  #loading?: Promise<SpendAttributionIndex>;

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    refreshMs: number;
  }) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#refreshMs = options.refreshMs;
  }

  /** The index, read again when older than the refresh interval. */
  async get(): Promise<SpendAttributionIndex> {
    if (this.#current && Date.now() - this.#current.at < this.#refreshMs) {
      return this.#current.index;
    }
    if (!this.#loading) {
      this.#loading = this.#load().finally(() => {
        this.#loading = undefined;
      });
    }
    return this.#loading;
  }

  /** Forgets the index, so the next use reads the catalog. */
  invalidate() {
    this.#current = undefined;
  }

  async #load(): Promise<SpendAttributionIndex> {
    const credentials = await this.#auth.getOwnServiceCredentials();
    const { items } = await this.#catalog.getEntities(
      {
        filter: { kind: ['Group', 'User'] },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'spec.type',
          'spec.members',
          'spec.parent',
          'spec.children',
          'spec.memberOf',
          'spec.profile.email',
        ],
      },
      { credentials },
    );
    const index = buildSpendAttributionIndex(items as SpendCatalogEntity[]);
    this.#current = { index, at: Date.now() };
    return index;
  }
}
