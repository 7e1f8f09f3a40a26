import { stringify } from 'yaml';
import { McpServerEntitySpec } from './McpServerEntity';

/**
 * The text an MCP server's `spec.definition` holds, so that the API page's
 * Definition tab (the api-docs plugin, which shows a type it does not know as
 * plain text) shows the server's tools and scopes: a YAML document with how
 * to reach the server, the allowlist decision and each declared tool with
 * its access level and data scopes. Secret values are never in the spec, so
 * never here; inputs keep only their names and whether they are secret.
 *
 * @param spec - the server's spec as cataloged (`remotes`, `packages`,
 *   `auth`, `risk`, `allowlist`, `tools`).
 * @param source - the registry name and version the server came from, when
 *   known.
 * @public
 */
export function renderMcpServerDefinition(
  spec: Partial<McpServerEntitySpec>,
  source: { registryName?: string; version?: string } = {},
): string {
  const inputs = (list?: Array<{ name: string; isSecret?: boolean }>) =>
    list && list.length > 0
      ? list.map(i => (i.isSecret ? `${i.name} (secret)` : i.name))
      : undefined;
  const doc = {
    server: source.registryName,
    version: source.version,
    remotes: spec.remotes?.map(r => ({
      type: r.type,
      url: r.url,
      headers: inputs(r.headers),
    })),
    packages: spec.packages?.map(p => ({
      registryType: p.registryType,
      identifier: p.identifier,
      version: p.version,
      transport: p.transport?.type,
      environmentVariables: inputs(p.environmentVariables),
    })),
    auth: spec.auth,
    risk: spec.risk,
    allowlist: spec.allowlist,
    tools: (spec.tools ?? []).map(t => ({
      name: t.name,
      access: t.access,
      data: t.data && t.data.length > 0 ? t.data : undefined,
      description: t.description,
    })),
  };
  const header = [
    '# The MCP server as the agent platform catalogs it: how to reach it, the',
    '# allowlist decision, and each declared tool with its access and data scopes.',
    spec.tools && spec.tools.length > 0
      ? undefined
      : '# No tools declared: the governance file lists none.',
  ]
    .filter(Boolean)
    .join('\n');
  return `${header}\n${stringify(withoutUndefined(doc), { lineWidth: 100 })}`;
}

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    );
  }
  return value;
}
