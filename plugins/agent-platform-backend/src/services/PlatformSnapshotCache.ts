import { createHash } from 'node:crypto';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AgentConfigEntity,
  buildPlatformOverview,
  createPlatformIndex,
  isAgentConfigEntity,
  isSkillEntity,
  McpServerEntity,
  PlatformCatalog,
  PlatformIndex,
  PlatformOverview,
  SkillEntity,
} from '@agent-platform/plugin-agent-platform-common';
import { AgentPlatformClock } from './clock';

/**
 * The catalog as the platform last read it, indexed, with its overview.
 *
 * @public
 */
export interface PlatformSnapshot {
  /** The indexed catalog. */
  index: PlatformIndex;
  /** The overview built from it. */
  overview: PlatformOverview;
  /** When it was built. */
  builtAt: Date;
  /** Fingerprint of the entities it was built from (uids and etags). */
  fingerprint: string;
}

/**
 * HOOK (added by the governance work, for the snapshot redesign to absorb):
 * an extra input to every snapshot, such as the exception policy and the
 * exceptions approved in the portal. Its version is part of the snapshot's
 * fingerprint, so a change rebuilds the snapshot at the next refresh.
 *
 * @public
 */
export interface PlatformSnapshotContributor {
  /** Changes whenever what `apply` would do changes. */
  version(): Promise<string>;
  /** The catalog to index, given the catalog as read. */
  apply(catalog: PlatformCatalog, now: Date): Promise<PlatformCatalog>;
}

// Everything a resolution reads: agent configs and skills (AiResource), MCP
// servers, and Components (for owners, annotations and repo configs).
const RELEVANT: Array<Record<string, string>> = [
  { kind: 'AiResource' },
  { kind: 'API', 'spec.type': 'mcp-server' },
  { kind: 'Component' },
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

const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Keeps one {@link PlatformSnapshot} in memory and rebuilds it when the
 * catalog changes.
 *
 * Why a change check and not events: in Backstage 1.52 the catalog publishes
 * only processing errors and conflicts on the events service, not entity
 * changes, so there is no event to listen to. {@link refreshIfChanged} is
 * cheap instead: it asks the catalog for the uid and etag of the relevant
 * entities only (the etag changes whenever the stored entity does) and
 * rebuilds only when that fingerprint differs. The plugin runs it on a
 * schedule. A snapshot is also rebuilt when the UTC day changes, since
 * exceptions expire by the day.
 *
 * @public
 */
export class PlatformSnapshotCache {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #logger: LoggerService;
  readonly #clock: AgentPlatformClock;
  #current?: Promise<PlatformSnapshot>;
  // HOOK (governance): contributors and listeners; see PlatformSnapshotContributor.
  readonly #contributors: PlatformSnapshotContributor[] = [];
  readonly #listeners: Array<(snapshot: PlatformSnapshot) => Promise<void>> =
    [];

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

  /** HOOK (governance): adds an input to every later snapshot. */
  addContributor(contributor: PlatformSnapshotContributor): void {
    this.#contributors.push(contributor);
  }

  /**
   * HOOK (governance): calls `listener` after each snapshot is built (errors
   * are logged, never fail the build).
   */
  onSnapshot(listener: (snapshot: PlatformSnapshot) => Promise<void>): void {
    this.#listeners.push(listener);
  }

  /** The current snapshot; built on first use. Concurrent callers share one build. */
  async get(): Promise<PlatformSnapshot> {
    if (this.#current) {
      const snapshot = await this.#current;
      if (utcDay(snapshot.builtAt) === utcDay(this.#clock.now())) {
        return snapshot;
      }
      this.#current = undefined;
    }
    return this.#rebuild();
  }

  /**
   * Rebuilds the snapshot when the catalog changed since it was built.
   * Returns true when it rebuilt.
   */
  async refreshIfChanged(): Promise<boolean> {
    if (!this.#current) {
      await this.#rebuild();
      return true;
    }
    const current = await this.#current.catch(() => undefined);
    const fingerprint = await this.#fingerprint();
    if (
      current &&
      current.fingerprint === fingerprint &&
      utcDay(current.builtAt) === utcDay(this.#clock.now())
    ) {
      return false;
    }
    await this.#rebuild();
    return true;
  }

  #rebuild(): Promise<PlatformSnapshot> {
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

  async #fingerprint(): Promise<string> {
    const { items } = await this.#catalog.getEntities(
      { filter: RELEVANT, fields: ['metadata.uid', 'metadata.etag'] },
      await this.#credentials(),
    );
    return this.#withVersions(fingerprintOf(items));
  }

  async #withVersions(fingerprint: string): Promise<string> {
    if (this.#contributors.length === 0) return fingerprint;
    const versions = await Promise.all(
      this.#contributors.map(c => c.version()),
    );
    return `${fingerprint}:${versions.join(':')}`;
  }

  async #build(): Promise<PlatformSnapshot> {
    const options = await this.#credentials();
    const [resources, servers, components] = await Promise.all([
      this.#catalog.getEntities({ filter: [RELEVANT[0]] }, options),
      this.#catalog.getEntities({ filter: [RELEVANT[1]] }, options),
      this.#catalog.getEntities(
        { filter: [RELEVANT[2]], fields: COMPONENT_FIELDS },
        options,
      ),
    ]);
    const fingerprint = await this.#withVersions(
      fingerprintOf([...resources.items, ...servers.items, ...components.items]),
    );
    const builtAt = this.#clock.now();
    let catalog: PlatformCatalog = {
      configs: resources.items.filter(
        isAgentConfigEntity,
      ) as unknown as AgentConfigEntity[],
      skills: resources.items.filter(isSkillEntity) as unknown as SkillEntity[],
      mcpServers: servers.items as unknown as McpServerEntity[],
      components: components.items,
    };
    for (const contributor of this.#contributors) {
      catalog = await contributor.apply(catalog, builtAt);
    }
    const index = createPlatformIndex(catalog);
    const overview = buildPlatformOverview(index, builtAt);
    this.#logger.info(
      `Agent platform snapshot built: ${overview.totals.teams} teams, ${overview.totals.repos} repositories`,
    );
    const snapshot = { index, overview, builtAt, fingerprint };
    for (const listener of this.#listeners) {
      // After this build is the current one; a failing listener is logged.
      void Promise.resolve()
        .then(() => listener(snapshot))
        .catch(error =>
          this.#logger.error('A snapshot listener failed', error),
        );
    }
    return snapshot;
  }
}

/** Order-independent digest of the uids and etags of some entities. */
export function fingerprintOf(entities: Entity[]): string {
  const parts = entities
    .map(e => `${e.metadata.uid ?? e.metadata.name}:${e.metadata.etag ?? ''}`)
    .sort();
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}
