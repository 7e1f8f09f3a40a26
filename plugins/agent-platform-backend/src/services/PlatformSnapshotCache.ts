import { createHash } from 'node:crypto';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AgentConfigEntity,
  isAgentConfigEntity,
  isSkillEntity,
  McpServerEntity,
  PlatformIndex,
  PlatformOverview,
  PlatformSnapshot,
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
  snapshot: PlatformSnapshot;
  /** The indexed catalog (the snapshot's). */
  index: PlatformIndex;
  /** The overview (the snapshot's). */
  overview: PlatformOverview;
  /** When it was last computed. */
  builtAt: Date;
  /** Fingerprint of the entities it was computed from (uids and etags). */
  fingerprint: string;
}

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
  snapshot: PlatformSnapshot;
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
      utcDay(current.snapshot.builtAt) !== utcDay(this.#clock.now())
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
    const snapshot = PlatformSnapshot.build(
      {
        configs: resources.items.filter(
          isAgentConfigEntity,
        ) as unknown as AgentConfigEntity[],
        skills: resources.items.filter(
          isSkillEntity,
        ) as unknown as SkillEntity[],
        mcpServers: servers.items as unknown as McpServerEntity[],
        components: components.items,
        groups: owners.items.filter(e => e.kind === 'Group'),
        users: owners.items.filter(e => e.kind === 'User'),
      },
      this.#clock.now(),
    );
    const { totals } = snapshot.overview;
    this.#logger.info(
      `Agent platform snapshot built: ${totals.teams} teams, ${totals.repos} repositories`,
    );
    return { snapshot, ...seenOf(all) };
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
    const upserted: Entity[] = [];
    if (changed.length) {
      const { items } = await this.#catalog.getEntitiesByRefs(
        { entityRefs: changed },
        await this.#credentials(),
      );
      for (const item of items) if (item) upserted.push(item);
    }
    const teams = current.snapshot.apply(
      { upserted, removed },
      this.#clock.now(),
    );
    this.#logger.info(
      `Agent platform snapshot updated: ${upserted.length} changed and ${removed.length} removed entities, ${teams} teams recomputed`,
    );
    return { snapshot: current.snapshot, ...next };
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
