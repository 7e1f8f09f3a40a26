import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  approvedAssetsOf,
  PlatformOverview,
  resolveSelection,
  selectLayers,
  TargetResolution,
  TeamApprovedAssets,
} from '@agent-platform/plugin-agent-platform-common';
import { AgentPlatformClock } from './clock';
import { PlatformSnapshotCache } from './PlatformSnapshotCache';

/**
 * Answers for one entity or the whole platform, from the cached snapshot.
 * The requested entity itself is read with the caller's credentials, so a
 * caller learns nothing about an entity the catalog does not let them read.
 *
 * @public
 */
export class AgentConfigService {
  readonly #catalog: CatalogService;
  readonly #cache: PlatformSnapshotCache;
  readonly #clock: AgentPlatformClock;

  static create(options: {
    catalog: CatalogService;
    cache: PlatformSnapshotCache;
    clock: AgentPlatformClock;
  }) {
    return new AgentConfigService(options);
  }

  private constructor(options: {
    catalog: CatalogService;
    cache: PlatformSnapshotCache;
    clock: AgentPlatformClock;
  }) {
    this.#catalog = options.catalog;
    this.#cache = options.cache;
    this.#clock = options.clock;
  }

  /**
   * The effective config of an entity (team or repo config, Component,
   * Group), each entry with its layer, its violations and its drift.
   *
   * @throws InputError for a malformed ref or an entity without agent config semantics,
   *   NotFoundError for an entity the caller cannot see or that has no config,
   *   ConflictError when two configs claim the same place.
   */
  async resolveEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<TargetResolution> {
    const ref = normalizeRef(entityRef);
    const entity = await this.#catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} in the catalog`);
    }
    const { index } = await this.#cache.get();
    const selection = selectLayers(index, entity);
    if (!selection.ok) {
      switch (selection.reason) {
        case 'conflict':
          throw new ConflictError(selection.message);
        case 'not-found':
          throw new NotFoundError(selection.message);
        default:
          throw new InputError(selection.message);
      }
    }
    return resolveSelection(index, selection, this.#clock.now());
  }

  /** The approved MCP servers and skills of a team (a Group, or its team config). */
  async approvedForTeam(
    teamRef: string,
    credentials: BackstageCredentials,
  ): Promise<TeamApprovedAssets> {
    const ref = normalizeRef(teamRef, 'group');
    const resolution = await this.resolveEntity(ref, credentials);
    const { index } = await this.#cache.get();
    return {
      team: ref,
      ...(resolution.configs.team ? { config: resolution.configs.team } : {}),
      ...(resolution.release ? { release: resolution.release } : {}),
      ...approvedAssetsOf(index, resolution),
    };
  }

  /** The platform overview, from the cache. */
  async overview(): Promise<PlatformOverview & { builtAt: string }> {
    const { overview, builtAt } = await this.#cache.get();
    return { ...overview, builtAt: builtAt.toISOString() };
  }
}

function normalizeRef(ref: string, defaultKind?: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, defaultKind ? { defaultKind } : undefined),
    ).toLocaleLowerCase('en-US');
  } catch (error) {
    throw new InputError(
      `Invalid entity ref ${JSON.stringify(
        ref,
      )}; expected kind:namespace/name, e.g. group:default/payments`,
      error,
    );
  }
}
