import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import {
  mcpServerEntityFromFiles,
  MCP_GOVERNANCE_FILE,
} from '../../provider/mcpServerEntity';
import { readSourceFiles } from '../../provider/readSources';
import { repoConfigEntityFromFiles } from '../repoConfigEntity';
import {
  collectRepoFiles,
  listRepoFolder,
  readRepoFile,
  repoRootOf,
} from '../repoFiles';

/** The examples folder of the repository. */
export const examplesDir = resolve(__dirname, '../../../../../examples');
const urlReader = mockServices.urlReader.mock();

/** The example org's base, by its releases (their content does not matter here). */
export const exampleBases: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: { name: 'org-base', namespace: 'default' },
    spec: {
      type: 'agent-config',
      lifecycle: 'production',
      owner: 'group:default/platform',
      level: 'base',
      releases: ['1.8.0', '2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0'].map(
        version => ({ version, config: {} }),
      ),
    },
  },
];

/** The example MCP servers as the provider maps them. */
export async function exampleMcpServers(): Promise<Entity[]> {
  const files = await readSourceFiles(
    join(examplesDir, 'mcp-servers'),
    new Set(['server.json', MCP_GOVERNANCE_FILE]),
    urlReader,
  );
  return files
    .filter(f => f.path.endsWith('/server.json'))
    .map(
      f =>
        mcpServerEntityFromFiles(
          f,
          files.find(
            g => g.path === f.path.replace(/[^/]+$/, MCP_GOVERNANCE_FILE),
          ),
          { defaultOwner: 'group:default/platform' },
        ).entity!,
    );
}

/** An example Component as the catalog holds it, with the location the catalog stamps on it. */
export function exampleComponent(repo: string): Entity {
  const component = parse(
    readFileSync(join(examplesDir, 'repos', repo, 'catalog-info.yaml'), 'utf8'),
  ) as Entity;
  component.metadata.namespace = 'default';
  component.metadata.annotations = {
    ...component.metadata.annotations,
    'backstage.io/managed-by-location': `file:${join(
      examplesDir,
      'repos',
      repo,
      'catalog-info.yaml',
    )}`,
  };
  return component;
}

/** Reads an example repository from disk, folders listed, as the provider does. */
export async function readExampleRepo(repo: string, mcpServers: Entity[]) {
  const component = exampleComponent(repo);
  const root = repoRootOf(component)!;
  const files = await collectRepoFiles(
    path => readRepoFile(root, path, urlReader),
    (folder, suffix) => listRepoFolder(root, folder, suffix, urlReader),
  );
  return repoConfigEntityFromFiles({
    component,
    root,
    files,
    bases: exampleBases,
    mcpServers,
  });
}
