import { formatParseIssue } from '@agent-platform/plugin-agent-platform-common';
import {
  AuthService,
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import {
  CatalogService,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { createRefreshSchedule } from '../provider/refreshSchedule';
import {
  ruleEntityFromFile,
  subagentEntityFromFile,
} from '../provider/agentAssetEntity';
import { repoConfigEntityFromFiles } from './repoConfigEntity';
import { RepoFiles } from './repoFiles';
import {
  collectRepoFiles,
  listRepoFolder,
  readRepoFile,
  repoRootOf,
} from './repoFiles';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 10 },
};

/** How many repositories are read at the same time. */
const CONCURRENCY = 4;

/**
 * The subagents (`.claude/agents/*.md`) and rules (`.claude/rules/*.md`) of
 * one repository as entities, scoped to its Component. A subagent's problems
 * are already logged with the repo config; a rule's are logged here.
 */
function assetEntities(
  component: Entity,
  files: RepoFiles,
  logger: LoggerService,
): Entity[] {
  const entities: Entity[] = [];
  for (const [path, file] of files) {
    const subagent = path.startsWith('.claude/agents/');
    if (!subagent && !path.startsWith('.claude/rules/')) continue;
    const map = subagent ? subagentEntityFromFile : ruleEntityFromFile;
    const { entity, issues } = map(file, {
      defaultOwner: 'group:default/platform',
      component,
    });
    if (!subagent) {
      for (const issue of issues) {
        const line = `${stringifyEntityRef(component)}: ${formatParseIssue(
          issue,
        )}`;
        if (issue.severity === 'error') logger.error(line);
        else logger.warn(line);
      }
    }
    if (entity) entities.push(entity);
  }
  return entities;
}

/**
 * Options for {@link RepoAgentFilesProvider}.
 *
 * @public
 */
export interface RepoAgentFilesProviderOptions {
  catalog: CatalogService;
  auth: AuthService;
  urlReader: UrlReaderService;
  logger: LoggerService;
}

/**
 * Reads the agent files of every Component's repository (context files and
 * their imports, `.mcp.json`, `.claude/settings.json`) and keeps one repo
 * config per Component in the catalog: the base release the repository
 * really pins and the MCP servers it really wires, next to what the catalog
 * declares; and its subagents and rules as entities of their own
 * (`repo` scope, related to the Component). Components, MCP servers and base configs are listed through the
 * catalog service; files are read from local folders or through the
 * configured integrations, on a schedule, never in a processor.
 *
 * Every run replaces the provider's entities in full. A repository that
 * cannot be read keeps the entity of its last good read.
 *
 * @public
 */
export class RepoAgentFilesProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private lastGood = new Map<string, Entity[]>();
  private schedule?: () => Promise<void>;

  /**
   * Reads `catalog.providers.agentPlatform.repos` and schedules the provider;
   * returns undefined when `catalog.providers.agentPlatform` is absent or
   * `repos.enabled` is false.
   */
  static fromConfig(
    config: RootConfigService,
    deps: RepoAgentFilesProviderOptions & { scheduler: SchedulerService },
  ): RepoAgentFilesProvider | undefined {
    const providerConfig = config.getOptionalConfig(
      'catalog.providers.agentPlatform',
    );
    if (!providerConfig) {
      return undefined;
    }
    const reposConfig = providerConfig.getOptionalConfig('repos');
    if (reposConfig?.getOptionalBoolean('enabled') === false) {
      return undefined;
    }
    const provider = new RepoAgentFilesProvider(deps);
    provider.schedule = createRefreshSchedule({
      scheduler: deps.scheduler,
      scheduleConfig: reposConfig?.getOptionalConfig('schedule'),
      defaultSchedule: DEFAULT_SCHEDULE,
      providerName: provider.getProviderName(),
      refresh: () => provider.refresh(),
    });
    return provider;
  }

  constructor(private readonly options: RepoAgentFilesProviderOptions) {}

  getProviderName(): string {
    return 'agent-platform-repos';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.schedule?.();
  }

  /** Reads every Component's repository once and replaces the provider's entities. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error('RepoAgentFilesProvider is not connected yet');
    }
    const { catalog, auth, urlReader } = this.options;
    const logger = this.options.logger.child({
      provider: this.getProviderName(),
    });
    const credentials = await auth.getOwnServiceCredentials();
    // A failed listing throws before the mutation: the catalog keeps what it has.
    const [components, mcpServers, bases, teamConfigs] = await Promise.all([
      catalog.getEntities(
        {
          filter: { kind: 'Component' },
          fields: [
            'kind',
            'metadata',
            'spec.owner',
            'spec.system',
            'spec.lifecycle',
          ],
        },
        { credentials },
      ),
      catalog.getEntities(
        { filter: { kind: 'API', 'spec.type': 'mcp-server' } },
        { credentials },
      ),
      catalog.getEntities(
        {
          filter: {
            kind: 'AiResource',
            'spec.type': 'agent-config',
            'spec.level': 'base',
          },
        },
        { credentials },
      ),
      catalog.getEntities(
        {
          filter: {
            kind: 'AiResource',
            'spec.type': 'agent-config',
            'spec.level': 'team',
          },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'spec.level',
            'spec.owner',
          ],
        },
        { credentials },
      ),
    ]);

    const next = new Map<string, Entity[]>();
    const queue = components.items.filter(c => c.kind === 'Component');
    const work = async () => {
      for (
        let component = queue.shift();
        component;
        component = queue.shift()
      ) {
        const root = repoRootOf(component);
        if (!root) {
          continue;
        }
        const ref = stringifyEntityRef(component);
        try {
          const files = await collectRepoFiles(
            path => readRepoFile(root, path, urlReader),
            (folder, suffix) => listRepoFolder(root, folder, suffix, urlReader),
          );
          const { entity, issues } = await repoConfigEntityFromFiles({
            component,
            root,
            files,
            bases: bases.items,
            mcpServers: mcpServers.items,
            teamConfigs: teamConfigs.items,
          });
          for (const issue of issues) {
            const line = `${ref}: ${formatParseIssue(issue)}`;
            if (issue.severity === 'error') {
              logger.error(line);
            } else {
              logger.warn(line);
            }
          }
          next.set(ref, [entity, ...assetEntities(component, files, logger)]);
        } catch (error) {
          const kept = this.lastGood.get(ref);
          logger.error(
            `Could not read the agent files of ${ref} at ${root.target}; ${
              kept
                ? 'keeping its last good repo config'
                : 'it has no repo config yet'
            }: ${stringifyError(error)}`,
          );
          if (kept) {
            next.set(ref, kept);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, work));
    this.lastGood = next;

    await this.connection.applyMutation({
      type: 'full',
      entities: [...next.entries()].flatMap(([ref, entities]) =>
        entities.map(entity => ({
          entity,
          locationKey: `${this.getProviderName()}:${ref}`,
        })),
      ),
    });
    const assets = [...next.values()].reduce((n, e) => n + e.length - 1, 0);
    logger.info(
      `Read the agent files of ${next.size} of ${components.items.length} components (${assets} subagents and rules)`,
    );
  }
}
