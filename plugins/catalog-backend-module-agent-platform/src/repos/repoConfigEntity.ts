import {
  AGENT_TOOL_PARSERS,
  ANNOTATION_SOURCE_ISSUES,
  BaseAgentConfigEntity,
  createParseIssue,
  describeCatalogMcpServer,
  isAgentToolFile,
  isBaseAgentConfigEntity,
  matchMcpServer,
  ObservedMcpServer,
  ObservedRepoAgentFiles,
  parseAgentTools,
  ParseIssue,
  readReleases,
  resolveContextTree,
  sortParseIssues,
} from '@agent-platform/plugin-agent-platform-common';
import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  entityNameFrom,
  MAX_SOURCE_FILE_BYTES,
  readSourceText,
  SourceFile,
} from '../provider/sourceFile';
import {
  contextText,
  ENTRY_CONTEXT_FILES,
  MAX_IMPORT_HOPS,
  RepoFiles,
  repoLocationRef,
  RepoRoot,
} from './repoFiles';

/** Suffix of the name of a repo config derived from a Component's repository. */
export const REPO_CONFIG_NAME_SUFFIX = '-repo-config';

/**
 * Input of {@link repoConfigEntityFromFiles}.
 */
export interface RepoConfigEntityInput {
  /** The Component whose repository was read. */
  component: Entity;
  /** Where the repository is. */
  root: RepoRoot;
  /** The agent files found there (see `collectRepoFiles`). */
  files: RepoFiles;
  /** The base agent configs in the catalog (`level: base`). */
  bases: Entity[];
  /** The MCP servers in the catalog (`API`, `spec.type: mcp-server`). */
  mcpServers: Entity[];
  /**
   * The team agent configs in the catalog (`level: team`): the one its
   * Component's owner owns becomes `spec.teamConfig`.
   */
  teamConfigs?: Entity[];
}

/**
 * The team config a repository's config sits under: the first (by name) team
 * agent config owned by the Component's owner, as a ref.
 */
export function teamConfigOf(
  owner: string | undefined,
  namespace: string,
  teamConfigs: Entity[],
): string | undefined {
  if (!owner) return undefined;
  let ownerRef: string;
  try {
    ownerRef = stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: namespace,
      }),
    );
  } catch {
    return undefined;
  }
  const mine = teamConfigs
    .filter(c => {
      const spec = c.spec as { level?: unknown; owner?: unknown } | undefined;
      if (spec?.level !== 'team' || typeof spec.owner !== 'string')
        return false;
      try {
        return (
          stringifyEntityRef(
            parseEntityRef(spec.owner, {
              defaultKind: 'group',
              defaultNamespace: c.metadata.namespace ?? DEFAULT_NAMESPACE,
            }),
          ) === ownerRef
        );
      } catch {
        return false;
      }
    })
    .map(c => stringifyEntityRef(c))
    .sort();
  return mine[0];
}

/**
 * What a repository really configures, as an entity: an `AiResource` of type
 * `agent-config`, `level: repo`, attached to its Component, whatever agent
 * tools it is set up for (every parser of `AGENT_TOOL_PARSERS`).
 * `spec.extends` is the pin found in the tools' instruction files,
 * `spec.teamConfig` the team config of the Component's owner (so the catalog
 * graph reads base -> team config -> repo config),
 * `spec.mcpServers` the configured servers that match catalog MCP servers by
 * what they run (package, endpoint, host; never by key: a key naming a
 * catalog server that runs something else is `mcp-server-identity-mismatch`),
 * `spec.permissions` and `spec.modelRouting.default` come from the tools'
 * settings, and `spec.observed` records what was read and found. Every
 * problem goes to the `agent-platform.io/source-issues` annotation.
 *
 * Pure: no I/O; the files were read before.
 */
export async function repoConfigEntityFromFiles(
  input: RepoConfigEntityInput,
): Promise<{ entity: Entity; issues: ParseIssue[] }> {
  const { component, root, files } = input;
  const namespace = component.metadata.namespace ?? DEFAULT_NAMESPACE;
  const issues: ParseIssue[] = [];
  const observed: ObservedRepoAgentFiles = { files: [], mcpServers: [] };

  // Every agent tool's files, as text; the context tree checks size and binary content itself.
  const texts = new Map<string, string>();
  for (const [path, file] of files) {
    if (AGENT_TOOL_PARSERS.some(p => p.isContextFile(path))) {
      texts.set(path, contextText(file) ?? '');
    } else if (AGENT_TOOL_PARSERS.some(p => isAgentToolFile(p, path))) {
      const text = textOf(file, issues);
      if (text !== undefined) {
        texts.set(path, text);
      }
    }
  }
  const tools = parseAgentTools(texts);
  issues.push(...tools.issues);
  if (tools.tools.length > 0) {
    observed.tools = tools.tools;
  }
  if (tools.subagents.length > 0) {
    observed.subagents = tools.subagents;
  }

  // Instruction files, their imports and the pin.
  const entries = tools.contextEntries;
  let pin: ObservedRepoAgentFiles['pin'];
  if (entries.length === 0) {
    issues.push(
      createParseIssue({
        file: ENTRY_CONTEXT_FILES[0],
        rule: 'context-file-missing',
        severity: 'warning',
        message: `No context file: none of ${AGENT_TOOL_PARSERS.map(p =>
          p.files.filter(f => p.isContextFile(f)).join(', '),
        )
          .filter(Boolean)
          .join(
            ', ',
          )} (nor any tool's rules folder) exists, so agents get no project instructions and no base is pinned`,
      }),
    );
  } else {
    const tree = await resolveContextTree(
      entries,
      async path => contextText(files.get(path)),
      { maxDepth: MAX_IMPORT_HOPS, maxFileSize: MAX_SOURCE_FILE_BYTES },
    );
    issues.push(...tree.issues);
    observed.files.push(...tree.files.map(f => f.path));
    // Oversized and binary files were read but not parsed; they were still found.
    for (const path of entries) {
      if (!observed.files.includes(path)) {
        observed.files.push(path);
      }
    }
    if (tree.pin) {
      pin = {
        file: tree.pin.file,
        line: tree.pin.line,
        base: tree.pin.base,
        version: tree.pin.version,
      };
      issues.push(...checkPin(pin, namespace, input.bases));
    } else if (!tree.issues.some(i => i.rule.startsWith('pin-'))) {
      issues.push(
        createParseIssue({
          file: entries[0],
          rule: 'pin-missing',
          severity: 'warning',
          message: `No pin: none of ${entries.join(
            ', ',
          )} (nor the files they import) says which base release the repository extends; add <!-- agent-platform: extends: <base>@<version> --> to ${
            entries[0]
          }`,
        }),
      );
    }
  }
  if (pin) {
    observed.pin = pin;
  }
  for (const tool of tools.tools) {
    for (const path of tool.files) {
      if (!observed.files.includes(path)) {
        observed.files.push(path);
      }
    }
  }
  const permissions = tools.permissions;
  const model = tools.model;
  // When the agent files last changed, when every one of them has a date
  // (a local mtime, a URL's Last-Modified); otherwise left out, not guessed.
  const times = observed.files.map(path => files.get(path)?.lastModified);
  if (times.length > 0 && times.every(t => t !== undefined)) {
    observed.lastModified = new Date(
      Math.max(...times.map(t => t!.getTime())),
    ).toISOString();
  }

  // Every tool's MCP servers, matched to the catalog's MCP servers.
  const serverRefs: string[] = [];
  for (const server of tools.mcpServers) {
    const matched = matchMcpServer(server, input.mcpServers, namespace);
    const api = matched.match;
    const entityRef = api ? stringifyEntityRef(api) : null;
    if (matched.namesakeMismatch && !server.disabled) {
      const namesake = matched.namesakeMismatch;
      issues.push(
        createParseIssue({
          file: server.file,
          line: server.line,
          rule: 'mcp-server-identity-mismatch',
          message: `The server "${server.name}" runs ${
            matched.identity.label
          }, but the catalog server ${stringifyEntityRef(
            namesake,
          )} of that name runs ${describeCatalogMcpServer(
            namesake.spec,
          )}; a key is not an identity, so it is ${
            api
              ? `matched to ${entityRef}, which runs the same ${matched.by}`
              : 'not matched to any catalog server'
          }`,
        }),
      );
    }
    const entry: ObservedMcpServer = {
      name: server.name,
      ...(server.file !== '.mcp.json' ? { file: server.file } : {}),
      type: server.transport,
      ...(server.url !== undefined ? { url: server.url } : {}),
      ...(server.command !== undefined ? { command: server.command } : {}),
      ...(server.disabled ? { disabled: true } : {}),
      entityRef,
    };
    observed.mcpServers.push(entry);
    if (server.disabled) {
      continue;
    }
    if (entityRef) {
      if (!serverRefs.includes(entityRef)) {
        serverRefs.push(entityRef);
      }
    } else if (!matched.namesakeMismatch) {
      issues.push(
        createParseIssue({
          file: server.file,
          line: server.line,
          rule: 'mcp-server-unknown',
          severity: 'warning',
          message: `The server "${server.name}" (${
            server.url ?? server.command ?? server.transport
          }) runs ${
            matched.identity.label
          }, which no MCP server in the catalog runs (by package, url or host); it is used without any allowlist decision`,
        }),
      );
    }
  }

  const sorted = sortParseIssues(issues);
  const componentRef = stringifyEntityRef(component);
  const location = repoLocationRef(root);
  const teamConfig = teamConfigOf(
    typeof component.spec?.owner === 'string'
      ? component.spec.owner
      : undefined,
    namespace,
    input.teamConfigs ?? [],
  );
  const spec: JsonObject = {
    type: 'agent-config',
    lifecycle: stringOr(component.spec?.lifecycle, 'production'),
    owner: stringOr(component.spec?.owner, 'unknown'),
    ...(typeof component.spec?.system === 'string'
      ? { system: component.spec.system }
      : {}),
    level: 'repo',
    component: componentRef,
    ...(teamConfig ? { teamConfig } : {}),
    ...(pin ? { extends: `${pin.base}@${pin.version}` } : {}),
    mcpServers: serverRefs,
    ...(permissions ? { permissions: permissions as JsonObject } : {}),
    ...(model ? { modelRouting: { default: model } } : {}),
    observed: observed as unknown as JsonObject,
  };
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: {
      name: repoConfigName(component.metadata.name),
      namespace,
      title: `${
        component.metadata.title ?? component.metadata.name
      } repo config`,
      description: `What the repository of ${component.metadata.name} really configures for coding agents, read from its agent files.`,
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
        'backstage.io/source-location': location,
        ...(sorted.length > 0
          ? { [ANNOTATION_SOURCE_ISSUES]: JSON.stringify(sorted) }
          : {}),
      },
    },
    spec,
  };
  return { entity, issues: sorted };
}

/** `cart-service` -> `cart-service-repo-config`, shortened to fit the 63-character name limit. */
export function repoConfigName(componentName: string): string {
  const room = 63 - REPO_CONFIG_NAME_SUFFIX.length;
  const stem = entityNameFrom(componentName.slice(0, room)) ?? 'component';
  return `${stem}${REPO_CONFIG_NAME_SUFFIX}`;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value : fallback;
}

/** A JSON file's text, or undefined after reporting why it cannot be read as text. */
function textOf(file: SourceFile, issues: ParseIssue[]): string | undefined {
  const read = readSourceText(file);
  if ('issue' in read) {
    issues.push(read.issue);
    return undefined;
  }
  return read.text;
}

/** A pin must name a base agent config the catalog has, at a release it has. */
function checkPin(
  pin: NonNullable<ObservedRepoAgentFiles['pin']>,
  namespace: string,
  bases: Entity[],
): ParseIssue[] {
  const where = `${pin.file}:${pin.line} extends ${pin.base}@${pin.version}`;
  const candidates: BaseAgentConfigEntity[] = [];
  for (const entity of bases) {
    if (isBaseAgentConfigEntity(entity)) {
      candidates.push(entity);
    }
  }
  const base = candidates.find(
    b =>
      b.metadata.name.toLocaleLowerCase('en-US') ===
        pin.base.toLocaleLowerCase('en-US') &&
      (b.metadata.namespace ?? DEFAULT_NAMESPACE).toLocaleLowerCase('en-US') ===
        namespace.toLocaleLowerCase('en-US'),
  );
  if (!base) {
    const known = candidates
      .filter(
        b =>
          (b.metadata.namespace ?? DEFAULT_NAMESPACE).toLocaleLowerCase(
            'en-US',
          ) === namespace.toLocaleLowerCase('en-US'),
      )
      .map(b => b.metadata.name)
      .sort();
    return [
      createParseIssue({
        file: pin.file,
        line: pin.line,
        rule: 'pin-base-unknown',
        message: `${where}, but the catalog has no base agent config named ${
          pin.base
        } in namespace ${namespace}${
          known.length > 0 ? `; known bases: ${known.join(', ')}` : ''
        }`,
      }),
    ];
  }
  const versions = readReleases(base)
    .releases.map(r => r.version)
    .reverse();
  if (!versions.includes(pin.version)) {
    return [
      createParseIssue({
        file: pin.file,
        line: pin.line,
        rule: 'pin-release-unknown',
        message: `${where}, but ${base.metadata.name} has no release ${
          pin.version
        }; its releases are ${versions.join(', ') || 'none'}`,
      }),
    ];
  }
  return [];
}
