import {
  formatParseIssue,
  isBaseAgentConfigEntity,
  marketplaceEntitiesOf,
} from '@agent-platform/plugin-agent-platform-common';
import {
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  BASE_FILE_NAMES,
  baseEntityFromFiles,
  groupBaseFolders,
} from './baseEntity';
import {
  mcpServerEntityFromFiles,
  MCP_GOVERNANCE_FILE,
} from './mcpServerEntity';
import { ruleEntityFromFile, subagentEntityFromFile } from './agentAssetEntity';
import { readSourceFiles } from './readSources';
import { createRefreshSchedule } from './refreshSchedule';
import { skillEntityFromFile } from './skillEntity';
import { SourceEntityResult, SourceFile } from './sourceFile';

// Where a base's marketplace and plugins come from: its agent-base.yaml.
const LOCATION_ANNOTATIONS = [
  'backstage.io/managed-by-location',
  'backstage.io/managed-by-origin-location',
  'backstage.io/source-location',
];

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 3 },
};

/** One folder or URL the provider scans, and what it looks for there. */
interface SourceTarget {
  kind: 'skills' | 'mcpServers' | 'bases' | 'subagents' | 'rules';
  target: string;
}

/**
 * Options for {@link AgentPlatformEntityProvider}.
 *
 * @public
 */
export interface AgentPlatformEntityProviderOptions {
  /** Folders or URLs holding `<name>/SKILL.md` skill folders. */
  skills: string[];
  /** Folders or URLs holding `<name>/server.json` MCP Registry files. */
  mcpServers: string[];
  /**
   * Folders or URLs holding org bases: `agent-base.yaml` and one
   * `releases/<version>/` folder of Claude Code files per release.
   */
  bases?: string[];
  /** Folders or URLs holding Claude Code subagents (`<name>.md`). */
  subagents?: string[];
  /** Folders or URLs holding Claude Code rules (`<name>.md`, with optional `paths:`). */
  rules?: string[];
  /** Owner of entities whose files name none. */
  defaultOwner: string;
  logger: LoggerService;
  urlReader: UrlReaderService;
}

/** What a folder of each kind should hold, for the warning when it holds none. */
const WHAT_IS_LOOKED_FOR = {
  skills: 'skills (<name>/SKILL.md)',
  mcpServers: 'MCP servers (<name>/server.json)',
  bases: 'org bases (agent-base.yaml with releases/<version>/)',
  subagents: 'subagents (<name>.md)',
  rules: 'rules (<name>.md)',
} as const;

const SOURCE_KINDS = [
  'skills',
  'mcpServers',
  'bases',
  'subagents',
  'rules',
] as const;

// Markdown files of a subagents or rules folder (a README is documentation, not an asset).
const isAssetMarkdown = (name: string) =>
  /\.md$/i.test(name) && !/^readme\.md$/i.test(name);

/**
 * Discovers skills (agentskills `SKILL.md` folders), MCP servers (MCP
 * Registry `server.json` files), org bases (`agent-base.yaml` with
 * `releases/<version>/` folders), Claude Code subagents and rules (`<name>.md`) in local folders and in anything the
 * configured integrations can read, and keeps them in the catalog.
 *
 * Every run replaces the provider's entities in full, so a removed file
 * removes its entity. A target that cannot be read keeps the entities of its
 * last good read: an outage never empties the catalog.
 *
 * @public
 */
export class AgentPlatformEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly lastGood = new Map<string, Entity[]>();

  /**
   * Reads `catalog.providers.agentPlatform` and schedules the provider; returns
   * undefined when that config is absent.
   */
  static fromConfig(
    config: RootConfigService,
    deps: {
      logger: LoggerService;
      scheduler: SchedulerService;
      urlReader: UrlReaderService;
    },
  ): AgentPlatformEntityProvider | undefined {
    const providerConfig = config.getOptionalConfig(
      'catalog.providers.agentPlatform',
    );
    if (!providerConfig) {
      return undefined;
    }
    const folders = SOURCE_KINDS.flatMap(
      key => providerConfig.getOptionalStringArray(key) ?? [],
    );
    if (folders.length === 0) {
      deps.logger.warn(
        'catalog.providers.agentPlatform lists no skills, mcpServers, bases, subagents or rules folders; nothing will be discovered',
      );
    }
    const provider = new AgentPlatformEntityProvider({
      skills: providerConfig.getOptionalStringArray('skills') ?? [],
      mcpServers: providerConfig.getOptionalStringArray('mcpServers') ?? [],
      bases: providerConfig.getOptionalStringArray('bases') ?? [],
      subagents: providerConfig.getOptionalStringArray('subagents') ?? [],
      rules: providerConfig.getOptionalStringArray('rules') ?? [],
      defaultOwner:
        providerConfig.getOptionalString('defaultOwner') ??
        config.getOptionalString('agentPlatform.platformTeam') ??
        'group:default/platform',
      logger: deps.logger,
      urlReader: deps.urlReader,
    });
    provider.schedule = createRefreshSchedule({
      scheduler: deps.scheduler,
      scheduleConfig: providerConfig.getOptionalConfig('schedule'),
      defaultSchedule: DEFAULT_SCHEDULE,
      providerName: provider.getProviderName(),
      refresh: () => provider.refresh(),
    });
    return provider;
  }

  private schedule?: () => Promise<void>;

  constructor(private readonly options: AgentPlatformEntityProviderOptions) {}

  getProviderName(): string {
    return 'agent-platform';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.schedule?.();
  }

  /** Scans every target once and replaces the provider's entities. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error('AgentPlatformEntityProvider is not connected yet');
    }
    const logger = this.options.logger.child({
      provider: this.getProviderName(),
    });
    const targets: SourceTarget[] = SOURCE_KINDS.flatMap(kind =>
      (this.options[kind] ?? []).map(target => ({ kind, target })),
    );

    const entities: Entity[] = [];
    for (const source of targets) {
      const key = `${source.kind}:${source.target}`;
      try {
        const found = await this.scan(source);
        for (const result of found) {
          for (const issue of result.issues) {
            // file:line: severity [rule] message, errors at error level.
            const line = `${source.target}: ${formatParseIssue(issue)}`;
            if (issue.severity === 'error') {
              logger.error(line);
            } else {
              logger.warn(line);
            }
          }
        }
        const scanned = found.flatMap(r => (r.entity ? [r.entity] : []));
        if (scanned.length === 0) {
          logger.warn(
            `${source.target}: found no ${
              WHAT_IS_LOOKED_FOR[source.kind]
            }; check catalog.providers.agentPlatform.${source.kind}`,
          );
        }
        this.lastGood.set(key, scanned);
        entities.push(...scanned);
      } catch (error) {
        const kept = this.lastGood.get(key) ?? [];
        logger.error(
          `Could not read ${source.target}; keeping its ${
            kept.length
          } entities from the last good read: ${stringifyError(error)}`,
        );
        entities.push(...kept);
      }
    }

    await this.connection.applyMutation({
      type: 'full',
      entities: dedupe(entities, logger).map(entity => ({
        entity,
        locationKey: `${this.getProviderName()}:${
          entity.metadata.annotations?.['backstage.io/managed-by-location']
        }`,
      })),
    });
    logger.info(
      `Discovered ${entities.length} skills, MCP servers, org bases, subagents and rules`,
    );
  }

  private async scan(source: SourceTarget): Promise<SourceEntityResult[]> {
    const { defaultOwner, urlReader } = this.options;
    if (source.kind === 'skills') {
      const files = await readSourceFiles(
        source.target,
        new Set(['SKILL.md']),
        urlReader,
      );
      return files.map(file => skillEntityFromFile(file, { defaultOwner }));
    }
    if (source.kind === 'subagents' || source.kind === 'rules') {
      const files = await readSourceFiles(
        source.target,
        isAssetMarkdown,
        urlReader,
      );
      const map =
        source.kind === 'subagents'
          ? subagentEntityFromFile
          : ruleEntityFromFile;
      return files.map(file => map(file, { defaultOwner }));
    }
    if (source.kind === 'bases') {
      const files = await readSourceFiles(
        source.target,
        BASE_FILE_NAMES,
        urlReader,
      );
      // Each base also yields its Claude Code marketplace and the plugin of
      // each release (served by the agent-platform backend).
      return groupBaseFolders(files).flatMap(base => {
        const result = baseEntityFromFiles(base, { defaultOwner });
        if (!result.entity || !isBaseAgentConfigEntity(result.entity)) {
          return [result];
        }
        const annotations = Object.fromEntries(
          Object.entries(result.entity.metadata.annotations ?? {}).filter(
            ([key]) => LOCATION_ANNOTATIONS.includes(key),
          ),
        );
        return [
          result,
          ...marketplaceEntitiesOf(result.entity, annotations).map(entity => ({
            entity: entity as unknown as Entity,
            issues: [],
          })),
        ];
      });
    }
    const files = await readSourceFiles(
      source.target,
      new Set(['server.json', MCP_GOVERNANCE_FILE]),
      urlReader,
    );
    const byFolder = new Map<string, Partial<Record<string, SourceFile>>>();
    for (const file of files) {
      const name = file.path.split('/').pop()!;
      const folder = byFolder.get(file.folder) ?? {};
      folder[name] = file;
      byFolder.set(file.folder, folder);
    }
    return [...byFolder.values()].flatMap(folder =>
      folder['server.json']
        ? [
            mcpServerEntityFromFiles(
              folder['server.json'],
              folder[MCP_GOVERNANCE_FILE],
              { defaultOwner },
            ),
          ]
        : [],
    );
  }
}

/** Two folders yielding the same entity: the first wins, the second is reported. */
function dedupe(entities: Entity[], logger: LoggerService): Entity[] {
  const seen = new Map<string, Entity>();
  for (const entity of entities) {
    const key = `${entity.kind}:${entity.metadata.name}`.toLocaleLowerCase();
    const first = seen.get(key);
    if (first) {
      logger.warn(
        `${entity.metadata.annotations?.['backstage.io/managed-by-location']} names the same entity as ${first.metadata.annotations?.['backstage.io/managed-by-location']} (${key}); it is ignored`,
      );
      continue;
    }
    seen.set(key, entity);
  }
  return [...seen.values()];
}
