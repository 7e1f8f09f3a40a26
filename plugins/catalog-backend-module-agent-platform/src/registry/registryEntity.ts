import { ANNOTATION_SOURCE_ISSUES } from '@agent-platform/plugin-agent-platform-common';
import { Entity } from '@backstage/catalog-model';
import { mcpServerEntityFromFiles } from '../provider/mcpServerEntity';
import { entityNameFrom, SourceEntityResult } from '../provider/sourceFile';
import { entryStatus, RegistryEntry, serversUrl } from './registryClient';

/** Annotation naming the registry an MCP server entity was read from. */
export const ANNOTATION_MCP_REGISTRY = 'agent-platform.io/mcp-registry';

/**
 * An entity name for a registry server name: `io.github.acme/weather` ->
 * `io-github-acme-weather` (the owner is part of the name, so two owners'
 * `weather` servers stay apart), cut to 63 characters.
 */
export function registryEntityName(serverName: string): string | undefined {
  return entityNameFrom(serverName.replace(/[^A-Za-z0-9]+/g, '-'));
}

/**
 * Maps one registry listing entry to an `API` of type `mcp-server`, the same
 * way a `server.json` file is mapped (packages, remotes, inputs kept; no
 * governance file, so it is not approved and not production), located at its
 * registry URL. A `deprecated` registry status makes it deprecated.
 */
export function registryEntryEntity(
  entry: RegistryEntry,
  options: { registryId: string; baseUrl: string; defaultOwner: string },
): SourceEntityResult {
  const folder = registryEntityName(entry.server.name) ?? 'server';
  const target = `${serversUrl(options.baseUrl).href}/${encodeURIComponent(
    entry.server.name,
  )}`;
  const content = Buffer.from(JSON.stringify(entry.server));
  const result = mcpServerEntityFromFiles(
    {
      path: `${folder}/server.json`,
      locationType: 'url',
      target,
      folder: target,
      size: content.length,
      content,
    },
    undefined,
    { defaultOwner: options.defaultOwner },
  );
  const entity: Entity | undefined = result.entity;
  if (!entity) {
    return result;
  }
  const { status } = entryStatus(entry);
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-location': `url:${target}`,
    'backstage.io/managed-by-origin-location': `url:${target}`,
    [ANNOTATION_MCP_REGISTRY]: options.registryId,
    ...(status ? { 'agent-platform.io/registry-status': status } : {}),
  };
  delete entity.metadata.annotations['backstage.io/source-location'];
  if (status === 'deprecated' && entity.spec) {
    entity.spec.lifecycle = 'deprecated';
  }
  // Issues name the registry entry, not a file on disk.
  if (result.issues.length > 0) {
    entity.metadata.annotations[ANNOTATION_SOURCE_ISSUES] = JSON.stringify(
      result.issues.map(i => ({ ...i, file: target })),
    );
  }
  return { entity, issues: result.issues.map(i => ({ ...i, file: target })) };
}
