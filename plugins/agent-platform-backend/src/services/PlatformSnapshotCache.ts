import { createHash } from 'node:crypto';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AgentConfigEntity,
  isAgentConfigEntity,
  isRuleEntity,
  isSkillEntity,
  isSubagentEntity,
  RuleEntity,
  SubagentEntity,
  McpServerEntity,
  PlatformCatalog,
  PlatformIndex,
  PlatformOverview,
  PlatformSnapshot as CorePlatformSnapshot,
  SkillEntity,
} from '@agent-platform/plugin-agent-platform-common';
import { AgentPlatformClock } from './clock';

/**
 * The platform as last read from the catalog: the core snapshot (every
 * derived view), with when and from what it was computed.
 *
 * @public
 */
export interface PlatformSnapshotState {
  /** The snapshot: index, overview, per-team views and asset usage. */
  snapshot: CorePlatformSnapshot;
  /** The indexed catalog (the snapshot's). */
  index: PlatformIndex;
  /** The overview (the snapshot's). */
  overview: PlatformOverview;
  /** When it was last computed. */
  builtAt: Date;
  /** Fingerprint of the entities it was computed from (uids and etags). */
  fingerprint: string;
}

/**
 * An extra input to every snapshot, such as the exception policy and the
 * exceptions approved in the portal. `apply` transforms the catalog as read,
 * config by config (the snapshot applies it to changed entities only); when
 * `version` changes, the snapshot is rebuilt at the next refresh.
 *
 * @public
 */
export interface PlatformSnapshotContributor {
  /** Changes whenever what `apply` would do changes. */
  version(): Promise<string>;
  /** The catalog to index, given the catalog as read. */
  apply(catalog: PlatformCatalog, now: Date): Promise<PlatformCatalog>;
}

/**
 * The snapshot state as listeners and older callers knew it.
 *
 * @public
 */
export type PlatformSnapshot = PlatformSnapshotState;

// Everything a resolution reads: agent configs and skills (AiResource), MCP
// servers, Components (owners, annotations, repo configs), and the Groups and
// Users that can own an asset.
const RELEVANT: Array<Record<string, string>> = [
  { kind: 'AiResource' },
  { kind: 'API', 'spec.type': 'mcp-server' },
  { kind: 'Component' },
  { kind: 'Group' },
  { kind: 'User' },
];

const COMPONENT_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.etag',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
];
const NAME_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.etag',
];

const utcDay = (date: Date) => date.toISOString().slice(0, 10);
const refOf = (e: Entity) => stringifyEntityRef(e).toLocaleLowerCase('en-US');
const keyOf = (e: Entity) => e.metadata.uid ?? refOf(e);

interface Current {
  snapshot: CorePlatformSnapshot;
  /** The contributors' versions the snapshot was computed with. */
  versions: string;
  /** Entity key (uid) to its ref and etag, as last applied. */
  seen: Map<string, { ref: string; etag: string }>;
  fingerprint: string;
}

/**
 * Keeps one {@link PlatformSnapshotState} in memory and applies catalog
 * changes to it.
 *
 * Why a change check and not events: in Backstage 1.52 the catalog publishes
 * only processing errors and conflicts on the events service, not entity
 * changes. {@link refreshIfChanged} is cheap instead: it lists the uid and
 * etag of the relevant entities (the etag changes whenever the stored entity
 * does), reads only the entities that changed, and hands them to the core
 * snapshot, which recomputes only the teams and repositories that depend on
 * them. The plugin runs it on a schedule. The snapshot is rebuilt in full
 * when the UTC day changes, since exceptions expire by the day.
 *
 * @public
 */
export class PlatformSnapshotCache {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #logger: LoggerService;
  readonly #clock: AgentPlatformClock;
  #current?: Promise<Current>;
  readonly #contributors: PlatformSnapshotContributor[] = [];
  readonly #listeners: Array<
    (snapshot: PlatformSnapshotState) => Promise<void>
  > = [];

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    clock: AgentPlatformClock;
  }) {
    return new PlatformSnapshotCache(options);
  }

  private constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    clock: AgentPlatformClock;
  }) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#logger = options.logger;
    this.#clock = options.clock;
  }

  /** Adds an input to every later snapshot (see {@link PlatformSnapshotContributor}). */
  addContributor(contributor: PlatformSnapshotContributor): void {
    this.#contributors.push(contributor);
  }

  /**
   * Calls `listener` after each build and each applied change (errors are
   * logged, never fail the snapshot).
   */
  onSnapshot(listener: (snapshot: PlatformSnapshotState) => Promise<void>) {
    this.#listeners.push(listener);
  }

  async #versions(): Promise<string> {
    const versions = await Promise.all(
      this.#contributors.map(c => c.version()),
    );
    return versions.join(':');
  }

  async #contribute(catalog: PlatformCatalog, now: Date) {
    let result = catalog;
    for (const contributor of this.#contributors) {
      result = await contributor.apply(result, now);
    }
    return result;
  }

  #notify(current: Current) {
    for (const listener of this.#listeners) {
      void Promise.resolve()
        .then(() => listener(stateOf(current)))
        .catch(error =>
          this.#logger.error('A snapshot listener failed', error),
        );
    }
  }

  /** The current state; built on first use. Concurrent callers share one build. */
  async get(): Promise<PlatformSnapshotState> {
    if (this.#current) {
      const current = await this.#current;
      if (utcDay(current.snapshot.builtAt) === utcDay(this.#clock.now())) {
        return stateOf(current);
      }
      this.#current = undefined;
    }
    return stateOf(await this.#rebuild());
  }

  /**
   * Applies the catalog's changes since the last read. Returns true when
   * anything changed.
   */
  async refreshIfChanged(): Promise<boolean> {
    if (!this.#current) {
      await this.#rebuild();
      return true;
    }
    const current = await this.#current.catch(() => undefined);
    if (
      !current ||
      utcDay(current.snapshot.builtAt) !== utcDay(this.#clock.now()) ||
      current.versions !== (await this.#versions())
    ) {
      await this.#rebuild();
      return true;
    }
    const update = this.#update(current);
    this.#current = update;
    update.catch(error => {
      if (this.#current === update) this.#current = undefined;
      this.#logger.error('Failed to update the agent platform snapshot', error);
    });
    return (await update) !== current;
  }

  #rebuild(): Promise<Current> {
    const build = this.#build();
    this.#current = build;
    // A failed build must not stick: the next caller tries again.
    build.catch(error => {
      if (this.#current === build) this.#current = undefined;
      this.#logger.error('Failed to read the catalog for agent configs', error);
    });
    return build;
  }

  async #credentials() {
    return { credentials: await this.#auth.getOwnServiceCredentials() };
  }

  async #list(fields: string[]): Promise<Entity[]> {
    const { items } = await this.#catalog.getEntities(
      { filter: RELEVANT, fields },
      await this.#credentials(),
    );
    return items;
  }

  async #build(): Promise<Current> {
    const options = await this.#credentials();
    const [resources, servers, components, owners] = await Promise.all([
      this.#catalog.getEntities({ filter: [RELEVANT[0]] }, options),
      this.#catalog.getEntities({ filter: [RELEVANT[1]] }, options),
      this.#catalog.getEntities(
        { filter: [RELEVANT[2]], fields: COMPONENT_FIELDS },
        options,
      ),
      this.#catalog.getEntities(
        { filter: [RELEVANT[3], RELEVANT[4]], fields: NAME_FIELDS },
        options,
      ),
    ]);
    const all = [
      ...resources.items,
      ...servers.items,
      ...components.items,
      ...owners.items,
    ];
    const now = this.#clock.now();
    const versions = await this.#versions();
    const catalog = await this.#contribute(
      {
        configs: resources.items.filter(
          isAgentConfigEntity,
        ) as unknown as AgentConfigEntity[],
        skills: resources.items.filter(
          isSkillEntity,
        ) as unknown as SkillEntity[],
        mcpServers: servers.items as unknown as McpServerEntity[],
        components: components.items,
      },
      now,
    );
    const snapshot = CorePlatformSnapshot.build(
      {
        ...catalog,
        agentAssets: resources.items.filter(
          e => isSubagentEntity(e) || isRuleEntity(e),
        ) as unknown as Array<SubagentEntity | RuleEntity>,
        groups: owners.items.filter(e => e.kind === 'Group'),
        users: owners.items.filter(e => e.kind === 'User'),
      },
      now,
    );
    const { totals } = snapshot.overview;
    this.#logger.info(
      `Agent platform snapshot built: ${totals.teams} teams, ${totals.repos} repositories`,
    );
    const current = { snapshot, versions, ...seenOf(all) };
    this.#notify(current);
    return current;
  }

  async #update(current: Current): Promise<Current> {
    const listed = await this.#list(NAME_FIELDS);
    const next = seenOf(listed);
    if (next.fingerprint === current.fingerprint) return current;
    const changed: string[] = [];
    const removed: string[] = [];
    for (const [key, { ref, etag }] of next.seen) {
      const before = current.seen.get(key);
      if (before?.etag !== etag) changed.push(ref);
      // A renamed entity keeps its uid: its old ref is gone.
      if (before && before.ref !== ref) removed.push(before.ref);
    }
    for (const [key, { ref }] of current.seen) {
      if (!next.seen.has(key)) removed.push(ref);
    }
    const read: Entity[] = [];
    if (changed.length) {
      const { items } = await this.#catalog.getEntitiesByRefs(
        { entityRefs: changed },
        await this.#credentials(),
      );
      for (const item of items) if (item) read.push(item);
    }
    const now = this.#clock.now();
    // Changed agent configs go through the contributors as a full build would.
    const configs = read.filter(
      isAgentConfigEntity,
    ) as unknown as AgentConfigEntity[];
    const contributed = await this.#contribute(
      { configs, skills: [], mcpServers: [], components: [] },
      now,
    );
    const upserted = [
      ...read.filter(e => !isAgentConfigEntity(e)),
      ...contributed.configs,
    ];
    const teams = current.snapshot.apply({ upserted, removed }, now);
    this.#logger.info(
      `Agent platform snapshot updated: ${upserted.length} changed and ${removed.length} removed entities, ${teams} teams recomputed`,
    );
    const updated = { ...current, ...next };
    this.#notify(updated);
    return updated;
  }
}

function stateOf(current: Current): PlatformSnapshotState {
  const { snapshot, fingerprint } = current;
  return {
    snapshot,
    index: snapshot.index,
    overview: snapshot.overview,
    builtAt: snapshot.builtAt,
    fingerprint,
  };
}

function seenOf(entities: Entity[]) {
  const seen = new Map<string, { ref: string; etag: string }>();
  for (const e of entities) {
    seen.set(keyOf(e), { ref: refOf(e), etag: e.metadata.etag ?? '' });
  }
  return { seen, fingerprint: fingerprintOf(entities) };
}

/** Order-independent digest of the uids and etags of some entities. */
export function fingerprintOf(entities: Entity[]): string {
  const parts = entities
    .map(e => `${e.metadata.uid ?? e.metadata.name}:${e.metadata.etag ?? ''}`)
    .sort();
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}
