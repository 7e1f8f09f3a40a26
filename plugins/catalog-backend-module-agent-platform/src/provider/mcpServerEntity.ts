import {
  ANNOTATION_SOURCE_ISSUES,
  createParseIssue,
  mcpServerEntitySpecSchema,
  ParseIssue,
  parseServerJson,
  renderMcpServerDefinition,
  ServerJson,
} from '@agent-platform/plugin-agent-platform-common';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { isMap, LineCounter, parseDocument } from 'yaml';
import {
  entityNameFrom,
  locationAnnotations,
  readSourceText,
  SourceEntityResult,
  SourceFile,
  toOwnerRef,
} from './sourceFile';

/**
 * The governance file beside a `server.json`. The MCP Registry format says
 * what a server is; this file says what the organisation decided about it.
 *
 * @public
 */
export const MCP_GOVERNANCE_FILE = 'agent-platform.yaml';

/**
 * Options for {@link mcpServerEntityFromFiles}.
 *
 * @public
 */
export interface McpServerEntityOptions {
  /** Owner of servers whose governance file names none. */
  defaultOwner: string;
}

const GOVERNANCE_KEYS = [
  'lifecycle',
  'system',
  'auth',
  'risk',
  'allowlist',
  'tools',
] as const;

/**
 * Maps an MCP Registry `server.json` (and, when present, the
 * `agent-platform.yaml` governance file beside it) to an `API` of type
 * `mcp-server`. Governance fields that fail validation are left out and
 * reported, so one bad field never keeps the server out of the catalog.
 *
 * @public
 */
export function mcpServerEntityFromFiles(
  serverFile: SourceFile,
  governanceFile: SourceFile | undefined,
  options: McpServerEntityOptions,
): SourceEntityResult {
  const segments = serverFile.path.split('/');
  const folderName = segments[segments.length - 2] ?? '';
  const issues: ParseIssue[] = [];

  let server: ServerJson | undefined;
  const read = readSourceText(serverFile);
  if ('text' in read) {
    const parsed = parseServerJson(read.text, { file: serverFile.path });
    server = parsed.server;
    issues.push(...parsed.issues);
  } else {
    issues.push(read.issue);
  }

  const governance = governanceFile
    ? readGovernance(governanceFile, issues)
    : { values: {}, lines: {} };
  const values = governance.values;

  const name =
    (typeof values.name === 'string'
      ? entityNameFrom(values.name)
      : undefined) ??
    entityNameFrom(folderName) ??
    (server ? entityNameFrom(server.serverName) : undefined);
  if (!name) {
    issues.push(
      createParseIssue({
        file: serverFile.path,
        rule: 'mcp-server-folder-invalid',
        message: `${serverFile.path}: the folder name "${folderName}" cannot name a catalog entity`,
      }),
    );
    return { issues };
  }

  const remotes = remotesOf(server);
  if (server && remotes.length === 0) {
    issues.push(
      createParseIssue({
        file: serverFile.path,
        rule: 'server-json-no-transport',
        message: `${serverFile.path}: the server has neither remotes nor packages, so nothing says how to reach it`,
      }),
    );
  }

  const spec: Record<string, unknown> = {
    type: 'mcp-server',
    lifecycle: 'production',
    owner:
      typeof values.owner === 'string'
        ? toOwnerRef(values.owner)
        : options.defaultOwner,
    remotes:
      remotes.length > 0
        ? remotes
        : [{ type: 'unknown', url: server?.name ?? folderName }],
    ...(server && server.packages.length > 0
      ? { packages: server.packages.map(packageSpec) }
      : {}),
  };
  for (const key of GOVERNANCE_KEYS) {
    if (values[key] !== undefined) {
      spec[key] = values[key];
    }
  }
  dropInvalidGovernance(spec, governanceFile, governance.lines, issues);

  // Nobody reviewed it: no allowlist decision with a reviewer. Not production, whatever the file says.
  const allowlist = spec.allowlist as
    | { status?: string; reviewer?: string }
    | undefined;
  if (!allowlist?.reviewer && spec.lifecycle === 'production') {
    spec.lifecycle = 'experimental';
    // Without a governance file, mcp-governance-missing already says so.
    if (governanceFile) {
      issues.push(
        createParseIssue({
          file: governanceFile.path,
          line: governance.lines.lifecycle ?? governance.lines.allowlist,
          rule: 'mcp-server-unreviewed',
          severity: 'warning',
          message: `${governanceFile.path}: nobody reviewed the server (no allowlist decision with a reviewer), so it is lifecycle experimental, not production`,
        }),
      );
    }
  }

  if (!governanceFile) {
    issues.push(
      createParseIssue({
        file: serverFile.path,
        rule: 'mcp-governance-missing',
        severity: 'warning',
        message: `${serverFile.path}: no ${MCP_GOVERNANCE_FILE} beside it, so the server has no allowlist decision: it counts as not approved and is lifecycle experimental`,
      }),
    );
  }

  // What the API page's Definition tab shows: the tools and their scopes.
  spec.definition = renderMcpServerDefinition(
    spec,
    server ? { registryName: server.name, version: server.version } : {},
  );

  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name,
      title: server?.title ?? server?.serverName ?? folderName,
      description:
        server?.description ?? `server.json in ${folderName} could not be read`,
      annotations: {
        ...locationAnnotations(serverFile),
        ...(server
          ? {
              'agent-platform.io/registry-name': server.name,
              'agent-platform.io/server-version': server.version,
            }
          : {}),
        ...(issues.length > 0
          ? { [ANNOTATION_SOURCE_ISSUES]: JSON.stringify(issues) }
          : {}),
      },
      ...(server?.websiteUrl || server?.repository?.url
        ? {
            links: [
              ...(server.websiteUrl
                ? [{ url: server.websiteUrl, title: 'Website' }]
                : []),
              ...(server.repository?.url
                ? [{ url: server.repository.url, title: 'Source' }]
                : []),
            ],
          }
        : {}),
    },
    spec: spec as JsonObject,
  };
  return { entity, issues };
}

/** A key-value input of server.json (env var, header, argument) as JSON, without empty fields. */
function compact(value: object): JsonObject {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as JsonObject;
}

/** A package of server.json as the entity keeps it: what runs, with its inputs. */
function packageSpec(p: ServerJson['packages'][number]): JsonObject {
  return compact({
    registryType: p.registryType,
    identifier: p.identifier,
    version: p.version,
    registryBaseUrl: p.registryBaseUrl,
    runtimeHint: p.runtimeHint,
    transport: compact({
      ...p.transport,
      headers:
        'headers' in p.transport && p.transport.headers
          ? p.transport.headers.map(compact)
          : undefined,
    }),
    runtimeArguments:
      p.runtimeArguments.length > 0 ? p.runtimeArguments : undefined,
    packageArguments:
      p.packageArguments.length > 0 ? p.packageArguments : undefined,
    environmentVariables:
      p.environmentVariables.length > 0
        ? p.environmentVariables.map(compact)
        : undefined,
  });
}

/** How the server is reached: its remotes (with their headers), else its packages (stdio). */
function remotesOf(server?: ServerJson): JsonObject[] {
  if (!server) {
    return [];
  }
  if (server.remotes.length > 0) {
    return server.remotes.map(r =>
      compact({
        type: r.type,
        url: r.url,
        headers: r.headers.length > 0 ? r.headers.map(compact) : undefined,
      }),
    );
  }
  return server.packages.map(p => ({
    type: p.transport?.type ?? 'stdio',
    url:
      p.transport && 'url' in p.transport && p.transport.url
        ? p.transport.url
        : `${p.registryType}:${p.identifier}${
            p.version ? `@${p.version}` : ''
          }`,
  }));
}

function readGovernance(
  file: SourceFile,
  issues: ParseIssue[],
): { values: Record<string, unknown>; lines: Record<string, number> } {
  const read = readSourceText(file);
  if (!('text' in read)) {
    issues.push(read.issue);
    return { values: {}, lines: {} };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(read.text, { lineCounter });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      issues.push(
        createParseIssue({
          file: file.path,
          line: error.linePos?.[0].line,
          rule: 'yaml-invalid',
          message: `${file.path}: ${error.message.split('\n')[0]}`,
        }),
      );
    }
    return { values: {}, lines: {} };
  }
  if (!isMap(doc.contents)) {
    issues.push(
      createParseIssue({
        file: file.path,
        line: 1,
        rule: 'mcp-governance-not-a-map',
        message: `${file.path}: expected a YAML mapping of governance fields`,
      }),
    );
    return { values: {}, lines: {} };
  }
  const lines: Record<string, number> = {};
  for (const pair of doc.contents.items) {
    const key = (pair.key as { value?: unknown })?.value;
    const range = (pair.key as { range?: [number, number, number] })?.range;
    if (typeof key === 'string' && range) {
      lines[key] = lineCounter.linePos(range[0]).line;
    }
  }
  return { values: doc.toJS() as Record<string, unknown>, lines };
}

function dropInvalidGovernance(
  spec: Record<string, unknown>,
  governanceFile: SourceFile | undefined,
  lines: Record<string, number>,
  issues: ParseIssue[],
) {
  for (let attempt = 0; attempt < GOVERNANCE_KEYS.length + 1; attempt++) {
    const result = mcpServerEntitySpecSchema.safeParse(spec);
    if (result.success) {
      return;
    }
    const zodIssue = result.error.issues[0];
    const key = String(zodIssue.path[0] ?? '');
    const file = governanceFile?.path ?? 'server.json';
    issues.push(
      createParseIssue({
        file,
        line: lines[key],
        rule: 'mcp-governance-invalid',
        message: `${file}: ${zodIssue.path.join('.') || 'spec'}: ${
          zodIssue.message
        }; the field is ignored`,
      }),
    );
    if (!(GOVERNANCE_KEYS as readonly string[]).includes(key)) {
      return;
    }
    delete spec[key];
  }
}
