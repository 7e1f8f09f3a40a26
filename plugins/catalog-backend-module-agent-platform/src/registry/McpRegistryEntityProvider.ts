import { formatParseIssue } from '@agent-platform/plugin-agent-platform-common';
import {
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError, stringifyError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { createRefreshSchedule } from '../provider/refreshSchedule';
import {
  entryStatus,
  listRegistryServers,
  RegistryClientOptions,
} from './registryClient';
import { registryEntryEntity } from './registryEntity';

type Config = ReturnType<RootConfigService['getConfig']>;

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 15 },
};

/** Options of {@link McpRegistryEntityProvider}. */
export interface McpRegistryEntityProviderOptions
  extends RegistryClientOptions {
  /** Stable id of the registry, part of the provider name. */
  id: string;
  /** Owner of the servers (a registry names none). */
  defaultOwner: string;
  logger: LoggerService;
}

/** What one sync did. */
export interface RegistrySyncResult {
  mode: 'full' | 'incremental';
  /** Servers added or changed. */
  changed: number;
  /** Servers the registry deleted. */
  removed: number;
  /** Servers the provider holds after the sync. */
  total: number;
}

type Held = { entity: Entity; updatedAt?: string };

/**
 * Keeps the servers of an MCP registry (the official registry's `v0.1`
 * servers API, or a private registry of the same shape) in the catalog as
 * `API` entities of type `mcp-server`. The first sync lists every server and
 * replaces the provider's entities; later syncs ask only for the servers
 * updated since the newest `updatedAt` seen (`updated_since`) and apply them
 * as a delta (`deleted` ones removed). Only hosts on the allow-list are read,
 * redirects included. On any failure (a malformed, cut-off or endless
 * listing, a redirect off the allow-list, the catalog refusing the mutation)
 * nothing is applied and the last good set stays, the error logged.
 */
export class McpRegistryEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private schedule?: () => Promise<void>;
  /** The last good set, by registry server name. */
  private held = new Map<string, Held>();
  private synced = false;

  /**
   * Reads `catalog.providers.agentPlatform.mcpRegistries` (see config.d.ts):
   * one provider per registry.
   */
  static fromConfig(
    config: RootConfigService,
    deps: { logger: LoggerService; scheduler: SchedulerService },
  ): McpRegistryEntityProvider[] {
    const root = config.getOptionalConfig('catalog.providers.agentPlatform');
    const registries = root?.getOptionalConfigArray('mcpRegistries') ?? [];
    const defaultOwner =
      root?.getOptionalString('defaultOwner') ??
      config.getOptionalString('agentPlatform.platformTeam') ??
      'group:default/platform';
    return registries.map(registry => {
      const provider = new McpRegistryEntityProvider({
        ...readRegistryConfig(registry),
        defaultOwner:
          registry.getOptionalString('defaultOwner') ?? defaultOwner,
        logger: deps.logger,
      });
      provider.schedule = createRefreshSchedule({
        scheduler: deps.scheduler,
        scheduleConfig: registry.getOptionalConfig('schedule'),
        defaultSchedule: DEFAULT_SCHEDULE,
        providerName: provider.getProviderName(),
        refresh: async () => {
          await provider.refresh();
        },
      });
      return provider;
    });
  }

  constructor(private readonly options: McpRegistryEntityProviderOptions) {}

  getProviderName(): string {
    return `agent-platform-mcp-registry:${this.options.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.schedule?.();
  }

  /**
   * One sync: full the first time, incremental afterwards. Resolves to what
   * it did, or to undefined when it failed (the last good set is kept).
   */
  async refresh(): Promise<RegistrySyncResult | undefined> {
    if (!this.connection) {
      throw new Error('McpRegistryEntityProvider is not connected yet');
    }
    const logger = this.options.logger.child({
      provider: this.getProviderName(),
    });
    const full = !this.synced;
    const updatedSince = full ? undefined : this.newestUpdate();
    try {
      const entries = await listRegistryServers(this.options, {
        updatedSince,
      });
      const next = full ? new Map<string, Held>() : new Map(this.held);
      const added: Entity[] = [];
      const removed: Entity[] = [];
      for (const entry of entries) {
        const name = entry.server.name;
        const { status, updatedAt } = entryStatus(entry);
        if (status === 'deleted') {
          const gone = next.get(name);
          if (gone) {
            removed.push(gone.entity);
            next.delete(name);
          }
          continue;
        }
        const { entity, issues } = registryEntryEntity(entry, {
          registryId: this.options.id,
          baseUrl: this.options.baseUrl,
          defaultOwner: this.options.defaultOwner,
        });
        for (const issue of issues) {
          const line = formatParseIssue(issue);
          if (issue.severity === 'error') {
            logger.error(line);
          } else {
            logger.debug(line);
          }
        }
        if (entity) {
          next.set(name, { entity, ...(updatedAt ? { updatedAt } : {}) });
          added.push(entity);
        }
      }
      const deferred = (entities: Entity[]) =>
        entities.map(entity => ({
          entity,
          locationKey: this.getProviderName(),
        }));
      if (full) {
        await this.connection.applyMutation({
          type: 'full',
          entities: deferred([...next.values()].map(h => h.entity)),
        });
      } else if (added.length > 0 || removed.length > 0) {
        await this.connection.applyMutation({
          type: 'delta',
          added: deferred(added),
          removed: deferred(removed),
        });
      }
      this.held = next;
      this.synced = true;
      const result: RegistrySyncResult = {
        mode: full ? 'full' : 'incremental',
        changed: added.length,
        removed: removed.length,
        total: next.size,
      };
      logger.info(
        `${result.mode} sync of ${this.options.baseUrl}${
          updatedSince ? ` (updated since ${updatedSince})` : ''
        }: ${result.changed} added or changed, ${result.removed} removed, ${
          result.total
        } servers`,
      );
      return result;
    } catch (error) {
      logger.error(
        `Could not sync the MCP registry ${
          this.options.baseUrl
        }; keeping the last good set of ${
          this.held.size
        } servers: ${stringifyError(error)}`,
      );
      return undefined;
    }
  }

  /** The newest `updatedAt` held: what an incremental sync asks from. */
  private newestUpdate(): string | undefined {
    let newest: string | undefined;
    for (const { updatedAt } of this.held.values()) {
      if (
        updatedAt &&
        (!newest || Date.parse(updatedAt) > Date.parse(newest))
      ) {
        newest = updatedAt;
      }
    }
    return newest;
  }
}

/** The client options of one `mcpRegistries` entry; bad values are an InputError naming the field. */
export function readRegistryConfig(
  registry: Config,
): RegistryClientOptions & { id: string } {
  const baseUrl = registry.getString('baseUrl');
  let host: string;
  try {
    const url = new URL(baseUrl);
    if (!/^https?:$/.test(url.protocol)) {
      throw new Error('not http(s)');
    }
    host = url.host.toLowerCase();
  } catch (error) {
    throw new InputError(
      `catalog.providers.agentPlatform.mcpRegistries: baseUrl "${baseUrl}" is not an http(s) URL`,
      error,
    );
  }
  const allowedHosts = (
    registry.getOptionalStringArray('allowedHosts') ?? [host]
  ).map(h => h.toLowerCase());
  if (!allowedHosts.includes(host)) {
    throw new InputError(
      `catalog.providers.agentPlatform.mcpRegistries: allowedHosts (${allowedHosts.join(
        ', ',
      )}) must include the baseUrl's host ${host}`,
    );
  }
  return {
    id: registry.getOptionalString('id') ?? host,
    baseUrl,
    allowedHosts,
    pageSize: registry.getOptionalNumber('pageSize') ?? 100,
    maxPages: registry.getOptionalNumber('maxPages') ?? 1000,
    timeoutMs: registry.getOptionalNumber('timeoutMs') ?? 30_000,
  };
}
