import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AGENT_PLATFORM_SPEND_PLATFORM_RESOURCE,
  agentAssetsOf,
  EntityAgentAssets,
  approvedAssetsOf,
  AssetUsageAnswer,
  BaseReleasesAnswer,
  EntitySpendReport,
  modelMixDepartures,
  OverviewSpendInsights,
  PlatformOverview,
  promotionCandidatesOf,
  resolveSelection,
  selectLayers,
  SpendRange,
  TargetResolution,
  TeamApprovedAssets,
  TeamOverviewAnswer,
} from '@agent-platform/plugin-agent-platform-common';
import { AgentPlatformClock } from './clock';
import { PlatformSnapshotCache } from './PlatformSnapshotCache';

/** What the views read of spend: the platform table, behind its permission. */
export interface SpendTableSource {
  authorizeRead(
    resourceRef: string,
    credentials: BackstageCredentials,
    what: string,
  ): Promise<void>;
  teamMixes(range: SpendRange): Promise<
    Map<
      string,
      {
        cost: number;
        byModel: Array<{ key: string | null; cost: number }>;
        bySkill: Array<{ key: string | null; cost: number }>;
      }
    >
  >;
  entityReport(
    ref: string,
    range: SpendRange,
    credentials: BackstageCredentials,
  ): Promise<EntitySpendReport>;
}

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
  readonly #spend?: SpendTableSource;

  static create(options: {
    catalog: CatalogService;
    cache: PlatformSnapshotCache;
    clock: AgentPlatformClock;
    spend?: SpendTableSource;
  }) {
    return new AgentConfigService(options);
  }

  private constructor(options: {
    catalog: CatalogService;
    cache: PlatformSnapshotCache;
    clock: AgentPlatformClock;
    spend?: SpendTableSource;
  }) {
    this.#catalog = options.catalog;
    this.#cache = options.cache;
    this.#clock = options.clock;
    this.#spend = options.spend;
  }

  /** Reads an entity with the caller's credentials; NotFoundError when they cannot see it. */
  async #visible(ref: string, credentials: BackstageCredentials) {
    const entity = await this.#catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} in the catalog`);
    }
    return entity;
  }

  /**
   * A team's view from the snapshot: its pin, drift, violations and its
   * repositories' pins, exactly as the platform overview lists it.
   *
   * @throws NotFoundError when the caller cannot see the group or it has no team config.
   */
  async team(
    teamRef: string,
    credentials: BackstageCredentials,
  ): Promise<TeamOverviewAnswer> {
    const ref = normalizeRef(teamRef, 'group');
    await this.#visible(ref, credentials);
    const { snapshot, builtAt } = await this.#cache.get();
    const team = snapshot.team(ref);
    if (!team) {
      throw new NotFoundError(
        `${ref} owns no team agent config (or more than one)`,
      );
    }
    return { ...team, builtAt: builtAt.toISOString() };
  }

  /**
   * Every release of a base config with who pins it, from the snapshot.
   *
   * @throws NotFoundError when the caller cannot see it or it is not a base config.
   */
  async baseReleases(
    baseRef: string,
    credentials: BackstageCredentials,
  ): Promise<BaseReleasesAnswer> {
    const ref = normalizeRef(baseRef, 'airesource');
    const entity = await this.#visible(ref, credentials);
    const { snapshot, builtAt } = await this.#cache.get();
    const releases = snapshot.releases(entity.metadata.name);
    if (!releases || snapshot.index.configs.get(ref)?.spec.level !== 'base') {
      throw new NotFoundError(`${ref} is not a base agent config`);
    }
    return { base: ref, builtAt: builtAt.toISOString(), releases };
  }

  /**
   * Who uses a skill or MCP server: the snapshot's usage, and the teams
   * whose telemetry shows the skill when the caller may read every team's
   * spend.
   */
  async usage(
    assetRef: string,
    credentials: BackstageCredentials,
    range?: SpendRange,
  ): Promise<AssetUsageAnswer> {
    const ref = normalizeRef(assetRef);
    await this.#visible(ref, credentials);
    const { snapshot, builtAt } = await this.#cache.get();
    const usage = snapshot.usage(ref);
    let telemetry: AssetUsageAnswer['telemetry'] = {
      status: 'unavailable',
      reason: 'spend telemetry is not set up',
    };
    if (this.#spend && range) {
      try {
        await this.#spend.authorizeRead(
          AGENT_PLATFORM_SPEND_PLATFORM_RESOURCE,
          credentials,
          'every team',
        );
        // The asset's own report: its spend per team, nothing else.
        const report = await this.#spend.entityReport(ref, range, credentials);
        telemetry = {
          status: 'ok',
          teams: report.byTeam
            .filter(
              (r): r is typeof r & { key: string } =>
                r.key !== null && r.cost > 0,
            )
            .map(r => ({ team: r.key, cost: r.cost }))
            .sort((a, b) => b.cost - a.cost || (a.team < b.team ? -1 : 1)),
        };
      } catch (error) {
        if ((error as Error).name !== 'NotAllowedError') throw error;
        telemetry = {
          status: 'unavailable',
          reason: "only the platform team reads every team's spend",
        };
      }
    }
    return { ...usage, builtAt: builtAt.toISOString(), telemetry };
  }

  /**
   * The spend-derived views of the platform page: model mix against routing
   * and promotion candidates with telemetry. Needs both the overview
   * permission (checked by the router) and every team's spend.
   */
  async spendInsights(
    range: SpendRange,
    credentials: BackstageCredentials,
  ): Promise<OverviewSpendInsights> {
    if (!this.#spend) {
      throw new NotFoundError('Spend telemetry is not set up');
    }
    await this.#spend.authorizeRead(
      AGENT_PLATFORM_SPEND_PLATFORM_RESOURCE,
      credentials,
      'every team',
    );
    // Three grouped queries: the platform table's budgets and previous
    // period are not needed here (the page's spend table has them).
    const [spend, { snapshot }] = await Promise.all([
      this.#spend.teamMixes(range),
      this.#cache.get(),
    ]);
    const { overview } = snapshot;
    const routing = new Map(overview.teams.map(t => [t.team, t.routedModels]));
    const bySkill = new Map<string, Array<{ team: string; cost: number }>>();
    for (const [team, mix] of spend) {
      for (const b of mix.bySkill) {
        if (b.key === null || b.cost <= 0) continue;
        const list = bySkill.get(b.key) ?? [];
        list.push({ team, cost: b.cost });
        bySkill.set(b.key, list);
      }
    }
    return {
      range: { from: range.from, to: range.to },
      modelMix: modelMixDepartures(spend, routing),
      promotionCandidates: promotionCandidatesOf(overview.skills, bySkill),
    };
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
    const entity = await this.#visible(ref, credentials);
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

  /**
   * The skills, subagents and rules of a Group or Component, with each
   * subagent tool checked against its effective rules.
   */
  async agentAssets(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityAgentAssets> {
    const resolution = await this.resolveEntity(entityRef, credentials);
    const { index } = await this.#cache.get();
    return agentAssetsOf(index, resolution);
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
