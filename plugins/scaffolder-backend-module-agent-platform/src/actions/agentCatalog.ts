import {
  ScaffoldCatalog,
  sortAgentPlatformEntities,
} from '@agent-platform/plugin-agent-platform-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';

export {
  baseFor,
  teamConfigOf,
} from '@agent-platform/plugin-agent-platform-common';

/**
 * What the actions read from the catalog: the org base, the team configs and
 * the MCP servers and skills the engine judges against.
 */
export type AgentCatalog = ScaffoldCatalog;

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
    // Repo configs: the agent tools each team's repositories use.
    repos: configs.filter(
      c => (c.spec as { level?: unknown })?.level === 'repo',
    ),
    bases: sorted.bases,
    teams: sorted.teams,
    mcpServers: sorted.mcpServers,
    skills: sorted.skills,
  };
}
