import { AuthService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AgentConfigRelease,
  BASE_NAME_PATTERN,
  BaseAgentConfigEntity,
  findRelease,
  isBaseAgentConfigEntity,
  isExactSemver,
  isMcpServerEntity,
  isSkillEntity,
  isSubagentEntity,
  latestRelease,
  McpServerEntity,
  readReleases,
  SkillEntity,
  SubagentEntity,
} from '@agent-platform/plugin-agent-platform-common';

/**
 * Reads a base's releases and the MCP servers from the catalog, with the
 * plugin's own credentials: the release routes serve device management and
 * Renovate, which hold no Backstage user session.
 */
export class BaseReleaseReader {
  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  static create(options: { catalog: CatalogService; auth: AuthService }) {
    return new BaseReleaseReader(options.catalog, options.auth);
  }

  /** The base entity; InputError for a malformed name, NotFoundError when absent. */
  async base(name: string): Promise<BaseAgentConfigEntity> {
    if (!BASE_NAME_PATTERN.test(name)) {
      throw new InputError(
        `base ${JSON.stringify(
          name,
        )} is not a base name (lowercase letters, digits and "-")`,
      );
    }
    const credentials = await this.auth.getOwnServiceCredentials();
    const entity = await this.catalog.getEntityByRef(
      `airesource:default/${name}`,
      { credentials },
    );
    if (!entity || !isBaseAgentConfigEntity(entity)) {
      throw new NotFoundError(
        `No org base named ${name} (airesource:default/${name}) in the catalog`,
      );
    }
    return entity;
  }

  /**
   * One release of the base: an exact version, or `latest` (the highest
   * release that is not withdrawn). A withdrawn release is refused.
   */
  async release(
    name: string,
    version: string,
  ): Promise<{ base: BaseAgentConfigEntity; release: AgentConfigRelease }> {
    if (version !== 'latest' && !isExactSemver(version)) {
      throw new InputError(
        `version ${JSON.stringify(
          version,
        )} must be an exact semver version such as 2.4.0, or "latest"`,
      );
    }
    const base = await this.base(name);
    const { releases } = readReleases(base);
    const release =
      version === 'latest'
        ? latestRelease(releases)
        : findRelease(releases, version);
    if (!release) {
      throw new NotFoundError(
        `${name} has no release ${version} (releases: ${
          releases.map(r => r.version).join(', ') || 'none'
        })`,
      );
    }
    if (release.withdrawn) {
      throw new NotFoundError(
        `${name}@${release.version} is withdrawn and must not be deployed`,
      );
    }
    return { base, release };
  }

  /** Every MCP server entity of the catalog. */
  async mcpServers(): Promise<McpServerEntity[]> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntities(
      { filter: { kind: 'API', 'spec.type': 'mcp-server' } },
      { credentials },
    );
    return (items as unknown[]).filter(isMcpServerEntity);
  }

  /** The skill entities of `refs`, in order; `undefined` where none is cataloged. */
  async skills(refs: string[]): Promise<Array<SkillEntity | undefined>> {
    return (await this.#byRefs(refs)).map(item =>
      isSkillEntity(item) ? item : undefined,
    );
  }

  /** The subagent entities of `refs`, in order; `undefined` where none is cataloged. */
  async subagents(refs: string[]): Promise<Array<SubagentEntity | undefined>> {
    return (await this.#byRefs(refs)).map(item =>
      isSubagentEntity(item) ? item : undefined,
    );
  }

  async #byRefs(refs: string[]): Promise<unknown[]> {
    if (refs.length === 0) return [];
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials },
    );
    return items;
  }
}
