import {
  AgentConfigEntity,
  BaseAgentConfigEntity,
  McpServerEntity,
  normalizeEntityRef,
  SkillEntity,
  sortAgentPlatformEntities,
} from '@agent-platform/plugin-agent-platform-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * What the actions read from the catalog: the org base, the team's config and
 * the MCP servers and skills the engine judges against.
 */
export interface AgentCatalog {
  /** The org bases (`level: base`); usually one. */
  bases: BaseAgentConfigEntity[];
  /** Every team config. */
  teams: AgentConfigEntity[];
  mcpServers: McpServerEntity[];
  skills: SkillEntity[];
}

/** Reads the agent-platform entities of the catalog in three queries. */
export async function readAgentCatalog(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<AgentCatalog> {
  const query = async (filter: Record<string, string>) =>
    (await catalog.getEntities({ filter }, { credentials })).items;
  const [configs, servers, skills] = await Promise.all([
    query({ kind: 'AiResource', 'spec.type': 'agent-config' }),
    query({ kind: 'API', 'spec.type': 'mcp-server' }),
    query({ kind: 'AiResource', 'spec.type': 'skill' }),
  ]);
  const sorted = sortAgentPlatformEntities([...configs, ...servers, ...skills]);
  return {
    bases: sorted.bases,
    teams: sorted.teams,
    mcpServers: sorted.mcpServers,
    skills: sorted.skills,
  };
}

/** The team config owned by a group (by its ownedBy relation, else spec.owner). */
export function teamConfigOf(
  catalog: AgentCatalog,
  groupRef: string,
): AgentConfigEntity | undefined {
  return catalog.teams.find(team => {
    const owned = (team as unknown as Entity).relations?.some(
      r => r.type === 'ownedBy' && normalizeEntityRef(r.targetRef) === groupRef,
    );
    return (
      owned || normalizeEntityRef(String(team.spec.owner), 'group') === groupRef
    );
  });
}

/**
 * The base a team extends (by the name in its `extends`), else the only base.
 * Undefined when there is none, or several and nothing says which.
 */
export function baseFor(
  catalog: AgentCatalog,
  team: AgentConfigEntity | undefined,
): BaseAgentConfigEntity | undefined {
  const wanted = String(
    (team?.spec as { extends?: unknown } | undefined)?.extends ?? '',
  ).split('@')[0];
  return (
    catalog.bases.find(b => b.metadata.name === wanted) ??
    (catalog.bases.length === 1 ? catalog.bases[0] : undefined)
  );
}
