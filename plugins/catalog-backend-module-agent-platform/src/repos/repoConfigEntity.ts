import {
  AgentConfigPermissions,
  ANNOTATION_SOURCE_ISSUES,
  BaseAgentConfigEntity,
  createParseIssue,
  findEnvReferences,
  isBaseAgentConfigEntity,
  McpServerConfig,
  ObservedMcpServer,
  ObservedRepoAgentFiles,
  ParseIssue,
  parseMcpJson,
  parseSettingsJson,
  readReleases,
  resolveContextTree,
  sortParseIssues,
} from '@agent-platform/plugin-agent-platform-common';
import {
  DEFAULT_NAMESPACE,
  Entity,
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
  MCP_JSON_FILE,
  RepoFiles,
  repoLocationRef,
  RepoRoot,
  SETTINGS_JSON_FILE,
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
}

/**
 * What a repository really configures, as an entity: an `AiResource` of type
 * `agent-config`, `level: repo`, attached to its Component. `spec.extends` is
 * the pin found in the context files, `spec.mcpServers` the `.mcp.json`
 * servers that match catalog MCP servers, `spec.permissions` and
 * `spec.modelRouting.default` come from `.claude/settings.json`, and
 * `spec.observed` records what was read and found. Every problem goes to the
 * `agent-platform.io/source-issues` annotation.
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

  // Context files, their imports and the pin.
  const entries = ENTRY_CONTEXT_FILES.filter(path => files.has(path));
  let pin: ObservedRepoAgentFiles['pin'];
  if (entries.length === 0) {
    issues.push(
      createParseIssue({
        file: ENTRY_CONTEXT_FILES[0],
        rule: 'context-file-missing',
        severity: 'warning',
        message: `No context file: none of ${ENTRY_CONTEXT_FILES.join(
          ', ',
        )} exists, so agents get no project instructions and no base is pinned`,
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
  for (const path of [MCP_JSON_FILE, SETTINGS_JSON_FILE]) {
    if (files.has(path)) {
      observed.files.push(path);
    }
  }
  // When the agent files last changed, when every one of them has a date
  // (a local mtime, a URL's Last-Modified); otherwise left out, not guessed.
  const times = observed.files.map(path => files.get(path)?.lastModified);
  if (times.length > 0 && times.every(t => t !== undefined)) {
    observed.lastModified = new Date(
      Math.max(...times.map(t => t!.getTime())),
    ).toISOString();
  }

  // Settings: permissions, model, and which project servers are switched off.
  const settingsFile = files.get(SETTINGS_JSON_FILE);
  let permissions: AgentConfigPermissions | undefined;
  let model: string | undefined;
  let disabledServers: string[] = [];
  const settingsText = settingsFile && textOf(settingsFile, issues);
  if (settingsText !== undefined) {
    const parsed = parseSettingsJson(settingsText, {
      file: SETTINGS_JSON_FILE,
    });
    issues.push(...parsed.issues);
    const settings = parsed.settings;
    if (settings) {
      // Only well-formed rules: a malformed one is reported, not copied.
      const rules = (list: 'allow' | 'ask' | 'deny') =>
        settings.permissions[list].map(rule => rule.raw);
      permissions = {
        ...(settings.permissions.defaultMode
          ? { defaultMode: settings.permissions.defaultMode }
          : {}),
        allow: rules('allow'),
        ask: rules('ask'),
        deny: rules('deny'),
      };
      model = settings.model?.trim() || undefined;
      disabledServers = settings.disabledMcpjsonServers;
    }
  }

  // .mcp.json: the servers wired, matched to the catalog's MCP servers.
  const mcpFile = files.get(MCP_JSON_FILE);
  const mcpText = mcpFile && textOf(mcpFile, issues);
  const serverRefs: string[] = [];
  if (mcpText !== undefined) {
    const parsed = parseMcpJson(mcpText, { file: MCP_JSON_FILE });
    issues.push(...parsed.issues);
    for (const server of parsed.servers) {
      const api = matchServer(server, namespace, input.mcpServers);
      const entityRef = api ? stringifyEntityRef(api) : null;
      const disabled = disabledServers.includes(server.name);
      const entry: ObservedMcpServer = {
        name: server.name,
        type: server.transport,
        ...(server.url !== undefined ? { url: server.url } : {}),
        ...(server.command !== undefined ? { command: server.command } : {}),
        ...(disabled ? { disabled: true } : {}),
        entityRef,
      };
      observed.mcpServers.push(entry);
      if (disabled) {
        continue;
      }
      if (entityRef) {
        if (!serverRefs.includes(entityRef)) {
          serverRefs.push(entityRef);
        }
      } else {
        issues.push(
          createParseIssue({
            file: MCP_JSON_FILE,
            line: server.line,
            rule: 'mcp-server-unknown',
            severity: 'warning',
            message: `The server "${server.name}" (${
              server.url ?? server.command ?? server.transport
            }) matches no MCP server in the catalog, by name or by url; it is used without any allowlist decision`,
          }),
        );
      }
    }
  }

  const sorted = sortParseIssues(issues);
  const componentRef = stringifyEntityRef(component);
  const location = repoLocationRef(root);
  const spec: JsonObject = {
    type: 'agent-config',
    lifecycle: stringOr(component.spec?.lifecycle, 'production'),
    owner: stringOr(component.spec?.owner, 'unknown'),
    ...(typeof component.spec?.system === 'string'
      ? { system: component.spec.system }
      : {}),
    level: 'repo',
    component: componentRef,
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

/**
 * The catalog MCP server a `.mcp.json` entry means: the one whose name is the
 * entry's key (in the Component's namespace first), else one of whose
 * `spec.remotes[].url` equals the entry's url once `${VAR:-default}` takes its
 * default.
 */
function matchServer(
  server: McpServerConfig,
  namespace: string,
  apis: Entity[],
): Entity | undefined {
  const name = server.name.toLocaleLowerCase('en-US');
  const byName = apis.filter(
    api => api.metadata.name.toLocaleLowerCase('en-US') === name,
  );
  const named =
    byName.find(
      api => (api.metadata.namespace ?? DEFAULT_NAMESPACE) === namespace,
    ) ?? byName[0];
  if (named) {
    return named;
  }
  const url = server.url !== undefined ? comparableUrl(server.url) : undefined;
  if (!url) {
    return undefined;
  }
  return apis.find(api => {
    const remotes: unknown = api.spec?.remotes;
    return (
      Array.isArray(remotes) &&
      remotes.some(
        remote =>
          typeof remote?.url === 'string' && comparableUrl(remote.url) === url,
      )
    );
  });
}

/** A url with `${VAR:-default}` expanded to its default, without a trailing slash; undefined if a variable has no default. */
function comparableUrl(url: string): string | undefined {
  let expanded = url;
  for (const ref of findEnvReferences(url)) {
    if (ref.default === undefined) {
      return undefined;
    }
    expanded = expanded.replace(ref.expression, ref.default);
  }
  try {
    const parsed = new URL(expanded);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}${
      parsed.search
    }`;
  } catch {
    return undefined;
  }
}
