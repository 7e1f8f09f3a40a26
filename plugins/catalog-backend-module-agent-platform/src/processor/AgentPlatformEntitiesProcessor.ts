import {
  AGENT_CONFIG_SPEC_TYPE,
  ANNOTATION_AGENT_CONFIG,
  ANNOTATION_SOURCE_ISSUES,
  BaseAgentConfigEntity,
  formatParseIssue,
  isBaseAgentConfigEntity,
  latestRelease,
  ParseIssue,
  parsePinRef,
  readReleases,
  RELATION_AGENT_CONFIG_OF,
  RELATION_EXTENDED_BY,
  RELATION_EXTENDS,
  RELATION_HAS_AGENT_CONFIG,
  RELATION_MCP_SERVER_USED_BY,
  RELATION_SKILL_USED_BY,
  RELATION_USES_MCP_SERVER,
  RELATION_USES_SKILL,
} from '@agent-platform/plugin-agent-platform-common';
import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_API_CONSUMED_BY,
  RELATION_CONSUMES_API,
} from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';

const STORED_KEY = 'stored';

/**
 * Emits what the model layer cannot express declaratively, and nothing that
 * needs I/O (processors run for every entity on every refresh; reads of files
 * and URLs happen in the entity provider instead):
 *
 * - `extends` / `extendedBy` from an agent config's pin (`org-base@2.4.0`),
 *   or, for a repository's config, to its team's config (`spec.teamConfig`);
 * - `usesSkill` / `usesMcpServer` from the org base's latest release, whose
 *   skills and servers sit inside `spec.releases` where no relation field reaches;
 * - `hasAgentConfig` / `agentConfigOf` from a Component's
 *   `agent-platform.io/agent-config` annotation;
 * - `consumesApi` / `apiConsumedBy` between a repository's Component and the
 *   MCP servers its agent files really configure (its repo config's
 *   `spec.component` and `spec.mcpServers`), so that an MCP server's API page
 *   lists its consumers;
 * - processing errors for the problems the provider found in an entity's
 *   source files (`agent-platform.io/source-issues`).
 *
 * @public
 */
export class AgentPlatformEntitiesProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'AgentPlatformEntitiesProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    const self = getCompoundEntityRef(entity);

    if (
      entity.kind === 'AiResource' &&
      entity.spec?.type === AGENT_CONFIG_SPEC_TYPE
    ) {
      const pin =
        typeof entity.spec.extends === 'string'
          ? parsePinRef(entity.spec.extends)
          : undefined;
      // A repository's config extends its team's config when it has one (the
      // graph reads base -> team config -> repo config, as the layers
      // resolve); else the base it pins.
      const teamConfig =
        entity.spec.level === 'repo'
          ? parseRef(entity.spec.teamConfig, 'AiResource', self)
          : undefined;
      if (teamConfig) {
        emitPair(
          emit,
          self,
          RELATION_EXTENDS,
          RELATION_EXTENDED_BY,
          teamConfig,
        );
      } else if (pin?.ok) {
        emitPair(emit, self, RELATION_EXTENDS, RELATION_EXTENDED_BY, {
          kind: 'AiResource',
          namespace: self.namespace,
          name: pin.base,
        });
      }
    }

    if (isBaseAgentConfigEntity(entity)) {
      this.emitLatestReleaseRelations(entity, self, emit);
    }

    if (
      entity.kind === 'AiResource' &&
      entity.spec?.type === AGENT_CONFIG_SPEC_TYPE &&
      entity.spec.level === 'repo'
    ) {
      this.emitConsumedServers(entity, self, emit);
    }

    const configRef = entity.metadata.annotations?.[ANNOTATION_AGENT_CONFIG];
    if (entity.kind === 'Component' && configRef !== undefined) {
      const target = agentConfigRef(configRef, self.namespace);
      if (target) {
        emitPair(
          emit,
          self,
          RELATION_HAS_AGENT_CONFIG,
          RELATION_AGENT_CONFIG_OF,
          target,
        );
      } else {
        emit(
          processingResult.inputError(
            location,
            `Annotation ${ANNOTATION_AGENT_CONFIG} of component ${entity.metadata.name} must name an AiResource agent config, such as airesource:default/payments-agent-config; it says "${configRef}"`,
          ),
        );
      }
    }

    await this.emitSourceIssues(entity, location, emit, cache);
    return entity;
  }

  private emitLatestReleaseRelations(
    base: BaseAgentConfigEntity,
    self: CompoundEntityRef,
    emit: CatalogProcessorEmit,
  ) {
    const config = latestRelease(readReleases(base).releases)?.config;
    const link = (
      refs: unknown,
      defaultKind: string,
      type: string,
      reverse: string,
    ) => {
      for (const ref of Array.isArray(refs) ? refs : []) {
        if (typeof ref !== 'string') {
          continue;
        }
        try {
          const target = parseEntityRef(ref, {
            defaultKind,
            defaultNamespace: self.namespace,
          });
          emitPair(emit, self, type, reverse, target);
        } catch {
          // The model layer's schema reports malformed references.
        }
      }
    };
    link(
      config?.skills,
      'AiResource',
      RELATION_USES_SKILL,
      RELATION_SKILL_USED_BY,
    );
    link(
      config?.mcpServers,
      'API',
      RELATION_USES_MCP_SERVER,
      RELATION_MCP_SERVER_USED_BY,
    );
  }

  private emitConsumedServers(
    repoConfig: Entity,
    self: CompoundEntityRef,
    emit: CatalogProcessorEmit,
  ) {
    const component = parseRef(repoConfig.spec?.component, 'Component', self);
    if (
      !component ||
      component.kind.toLocaleLowerCase('en-US') !== 'component'
    ) {
      return;
    }
    const servers = repoConfig.spec?.mcpServers;
    for (const ref of Array.isArray(servers) ? servers : []) {
      const server = parseRef(ref, 'API', self);
      if (server && server.kind.toLocaleLowerCase('en-US') === 'api') {
        emitPair(
          emit,
          component,
          RELATION_CONSUMES_API,
          RELATION_API_CONSUMED_BY,
          server,
        );
      }
    }
  }

  /**
   * The catalog never stores an entity whose first processing has errors, so
   * a broken SKILL.md would vanish instead of showing its error. On the first
   * pass the entity is let through (its issues stay in the annotation); from
   * the next pass on, the errors are emitted, and the catalog keeps the stored
   * version with the errors on it until the file is fixed.
   */
  private async emitSourceIssues(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ) {
    const raw = entity.metadata.annotations?.[ANNOTATION_SOURCE_ISSUES];
    if (!raw) {
      return;
    }
    const errors = parseIssues(raw).filter(i => i.severity === 'error');
    if (errors.length === 0) {
      return;
    }
    if (!(await cache.get<boolean>(STORED_KEY))) {
      await cache.set(STORED_KEY, true);
      return;
    }
    for (const issue of errors) {
      emit(processingResult.inputError(location, formatParseIssue(issue)));
    }
  }
}

/** A ref from a spec field, or undefined when it is not one (the schema reports those). */
function parseRef(
  ref: unknown,
  defaultKind: string,
  self: CompoundEntityRef,
): CompoundEntityRef | undefined {
  if (typeof ref !== 'string') return undefined;
  try {
    return parseEntityRef(ref, {
      defaultKind,
      defaultNamespace: self.namespace,
    });
  } catch {
    return undefined;
  }
}

/** The agent config an annotation names, or undefined when it names none. */
function agentConfigRef(
  ref: string,
  namespace: string,
): CompoundEntityRef | undefined {
  try {
    const target = parseEntityRef(ref, {
      defaultKind: 'AiResource',
      defaultNamespace: namespace,
    });
    return target.kind.toLocaleLowerCase('en-US') === 'airesource'
      ? target
      : undefined;
  } catch {
    return undefined;
  }
}

function emitPair(
  emit: CatalogProcessorEmit,
  source: CompoundEntityRef,
  type: string,
  reverse: string,
  target: CompoundEntityRef,
) {
  emit(processingResult.relation({ source, type, target }));
  emit(
    processingResult.relation({
      source: target,
      type: reverse,
      target: source,
    }),
  );
}

function parseIssues(raw: string): ParseIssue[] {
  try {
    const parsed = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}
