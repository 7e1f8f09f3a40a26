// The example organisation as the catalog holds it: groups and team configs from
// examples/, and skills, MCP servers and the org base discovered by the catalog
// module's own provider. Test support only.
import { parseEntityDocuments } from '@agent-platform/plugin-agent-platform-common';
import { AgentPlatformEntityProvider } from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const EXAMPLES = resolve(__dirname, '../../../../../examples');

let cached: Promise<Entity[]> | undefined;

async function discover(): Promise<Entity[]> {
  const provider = new AgentPlatformEntityProvider({
    skills: [join(EXAMPLES, 'skills')],
    mcpServers: [join(EXAMPLES, 'mcp-servers')],
    bases: [join(EXAMPLES, 'org-base')],
    defaultOwner: 'group:default/platform',
    logger: mockServices.logger.mock(),
    urlReader: mockServices.urlReader.mock(),
  });
  const found: Entity[] = [];
  const connection: EntityProviderConnection = {
    async applyMutation(mutation) {
      if (mutation.type === 'full') {
        found.push(...mutation.entities.map(e => e.entity));
      }
    },
    async refresh() {},
  };
  await provider.connect(connection);
  await provider.refresh();
  const declared = ['org/org.yaml', 'catalog/agent-configs.yaml'].flatMap(
    file =>
      parseEntityDocuments(readFileSync(join(EXAMPLES, file), 'utf8'), {
        file,
      }).entities as unknown as Entity[],
  );
  return [...declared, ...found];
}

/** Every entity of the example organisation the actions read. */
export function exampleEntities(): Promise<Entity[]> {
  cached ??= discover();
  return cached.then(entities => structuredClone(entities));
}
