import { isRecord } from '../model/common';
import { findEnvReferences } from './expansion';

/**
 * What an MCP server entry really runs, whatever its key: a package from a
 * registry, a remote endpoint, or a local command.
 *
 * @public
 */
export type McpServerIdentity =
  | {
      kind: 'package';
      /** `npm`, `pypi`, `oci` or `nuget`, as in a registry `server.json`. */
      registryType: string;
      /** The package name or image, without version or tag, e.g. `@acme/mcp-proxy`, `ghcr.io/github/github-mcp-server`. */
      identifier: string;
      /** e.g. `npm @acme/mcp-proxy`. */
      label: string;
    }
  | {
      kind: 'url';
      /** Origin and path without a trailing slash. */
      url: string;
      /** Lowercase host, e.g. `api.githubcopilot.com`. */
      host: string;
      label: string;
    }
  | { kind: 'command'; label: string }
  | { kind: 'unknown'; label: string };

/** The part of a configured server its identity depends on. */
export type McpServerLaunch = {
  transport: string;
  command?: string;
  args?: string[];
  url?: string;
};

/** `${VAR:-default}` takes its default; undefined when a variable has none. */
function expandDefaults(value: string): string | undefined {
  let expanded = value;
  for (const ref of findEnvReferences(value)) {
    if (ref.default === undefined) {
      return undefined;
    }
    expanded = expanded.replace(ref.expression, ref.default);
  }
  return expanded;
}

function urlIdentity(raw: string): McpServerIdentity {
  const expanded = expandDefaults(raw);
  if (expanded === undefined) {
    return { kind: 'unknown', label: raw };
  }
  try {
    const parsed = new URL(expanded);
    if (!/^(https?|wss?):$/.test(parsed.protocol)) {
      return { kind: 'unknown', label: raw };
    }
    const url = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
    return {
      kind: 'url',
      url,
      host: parsed.hostname.toLowerCase(),
      label: url,
    };
  } catch {
    return { kind: 'unknown', label: raw };
  }
}

/** `@scope/name@1.2.3` -> `@scope/name`; `name@latest` -> `name`. */
function npmName(spec: string): string {
  const at = spec.indexOf('@', 1);
  return (at > 0 ? spec.slice(0, at) : spec).toLowerCase();
}

/** `Mcp_Server[cli]==1.0` -> `mcp-server` (PEP 503 normalized, without extras or version). */
function pypiName(spec: string): string {
  const name = spec.split(/[[=<>~!@ ]/)[0];
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** `ghcr.io/x/y:1.2@sha256:...` -> `ghcr.io/x/y`; `docker.io/library/x` -> `x`. */
export function ociName(image: string): string {
  let name = image.split('@')[0];
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) {
    name = name.slice(0, colon);
  }
  return name
    .toLowerCase()
    .replace(/^docker\.io\//, '')
    .replace(/^library\//, '');
}

const pkg = (registryType: string, identifier: string): McpServerIdentity => ({
  kind: 'package',
  registryType,
  identifier,
  label: `${registryType} ${identifier}`,
});

/** Positional arguments after the flags; `valueFlags` take the next argument. */
function positionals(args: string[], valueFlags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('-')) {
      if (!arg.includes('=') && valueFlags.includes(arg)) {
        i++;
      }
      continue;
    }
    out.push(arg);
  }
  return out;
}

function flagValue(args: string[], flags: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    for (const flag of flags) {
      if (args[i] === flag) {
        return args[i + 1];
      }
      if (args[i].startsWith(`${flag}=`)) {
        return args[i].slice(flag.length + 1);
      }
    }
  }
  return undefined;
}

const DOCKER_VALUE_FLAGS: readonly string[] = [
  '-e',
  '--env',
  '--env-file',
  '-v',
  '--volume',
  '--mount',
  '--name',
  '-p',
  '--publish',
  '--network',
  '--net',
  '-w',
  '--workdir',
  '--entrypoint',
  '-u',
  '--user',
  '--platform',
  '-l',
  '--label',
  '--add-host',
  '--cpus',
  '-m',
  '--memory',
  '--pull',
  '--restart',
  '-h',
  '--hostname',
];

/**
 * What a configured MCP server runs: the package a launcher fetches (`npx`,
 * `pnpm dlx`, `yarn dlx`, `bunx`, `npm exec` for npm; `uvx`, `uv tool run`,
 * `pipx run` for PyPI; `docker run` / `podman run` for OCI images; `dnx` for
 * NuGet), the endpoint of a remote server (`${VAR:-default}` takes its
 * default), or the local command it starts.
 *
 * @public
 */
export function mcpServerIdentityOf(
  server: McpServerLaunch,
): McpServerIdentity {
  if (server.transport !== 'stdio') {
    return server.url
      ? urlIdentity(server.url)
      : { kind: 'unknown', label: server.transport };
  }
  const rawCommand = server.command ?? '';
  const command = expandDefaults(rawCommand) ?? rawCommand;
  const args = (server.args ?? []).map(a => expandDefaults(a) ?? a);
  const label = [command, ...args].join(' ').trim() || 'no command';
  const bin = (command.split(/[\\/]/).pop() ?? '')
    .replace(/\.(cmd|exe)$/i, '')
    .toLowerCase();
  const first = (list: string[]) => list[0];
  let rest = args;
  let launcher = bin;
  if (
    ['pnpm', 'yarn', 'bun', 'npm', 'uv', 'pipx', 'docker', 'podman'].includes(
      bin,
    )
  ) {
    const sub = rest[0];
    const two = `${bin} ${sub}`;
    if (
      [
        'pnpm dlx',
        'yarn dlx',
        'bun x',
        'npm exec',
        'npm x',
        'pipx run',
        'docker run',
        'podman run',
      ].includes(two)
    ) {
      launcher = two;
      rest = rest.slice(1);
    } else if (bin === 'uv' && sub === 'tool' && rest[1] === 'run') {
      launcher = 'uvx';
      rest = rest.slice(2);
    }
  }
  switch (launcher) {
    case 'npx':
    case 'pnpm dlx':
    case 'yarn dlx':
    case 'bunx':
    case 'bun x':
    case 'npm exec':
    case 'npm x': {
      const spec =
        flagValue(rest, ['-p', '--package']) ??
        first(positionals(rest, ['-p', '--package', '-c', '--call']));
      return spec ? pkg('npm', npmName(spec)) : { kind: 'command', label };
    }
    case 'uvx':
    case 'pipx run': {
      const spec =
        flagValue(rest, ['--from', '--spec']) ??
        first(
          positionals(rest, [
            '--from',
            '--spec',
            '--with',
            '--python',
            '-p',
            '--index-url',
          ]),
        );
      return spec ? pkg('pypi', pypiName(spec)) : { kind: 'command', label };
    }
    case 'docker run':
    case 'podman run': {
      const image = first(positionals(rest, DOCKER_VALUE_FLAGS));
      return image ? pkg('oci', ociName(image)) : { kind: 'command', label };
    }
    case 'dnx': {
      const spec = first(positionals(rest, ['--version', '--source']));
      return spec
        ? pkg('nuget', spec.split('@')[0].toLowerCase())
        : { kind: 'command', label };
    }
    default:
      return command ? { kind: 'command', label } : { kind: 'unknown', label };
  }
}

/**
 * Everything a cataloged MCP server (`API`, `mcp-server`) is known to run:
 * its remotes' endpoints, its packages (`spec.packages`, as in its registry
 * `server.json`) and their endpoints. Remotes written as
 * `<registryType>:<identifier>[@version]` (how a package-only server is
 * reached) count as packages.
 *
 * @public
 */
export function catalogMcpServerIdentities(spec: unknown): McpServerIdentity[] {
  const out: McpServerIdentity[] = [];
  if (!isRecord(spec)) {
    return out;
  }
  const addPackage = (registryType: string, identifier: string) => {
    const type = registryType.toLowerCase();
    const normalize: Record<string, (name: string) => string> = {
      npm: npmName,
      pypi: pypiName,
      oci: ociName,
    };
    const id = (normalize[type] ?? (name => name.toLowerCase()))(identifier);
    out.push(pkg(type, id));
  };
  for (const remote of Array.isArray(spec.remotes) ? spec.remotes : []) {
    if (!isRecord(remote) || typeof remote.url !== 'string') {
      continue;
    }
    const packageRef = /^(npm|pypi|oci|nuget|mcpb):(.+)$/.exec(remote.url);
    if (packageRef) {
      addPackage(packageRef[1], packageRef[2]);
    } else {
      const identity = urlIdentity(remote.url);
      if (identity.kind === 'url') {
        out.push(identity);
      }
    }
  }
  for (const p of Array.isArray(spec.packages) ? spec.packages : []) {
    if (
      !isRecord(p) ||
      typeof p.registryType !== 'string' ||
      typeof p.identifier !== 'string'
    ) {
      continue;
    }
    addPackage(p.registryType, p.identifier);
    const transport = p.transport;
    if (isRecord(transport) && typeof transport.url === 'string') {
      const identity = urlIdentity(transport.url);
      if (identity.kind === 'url') {
        out.push(identity);
      }
    }
  }
  return out;
}

/** A cataloged MCP server, as far as matching needs it. */
export type CatalogMcpServerLike = {
  metadata: { name: string; namespace?: string };
  spec?: unknown;
};

/**
 * The outcome of {@link matchMcpServer}.
 *
 * @public
 */
export type McpServerMatch<T extends CatalogMcpServerLike> = {
  /** What the entry runs. */
  identity: McpServerIdentity;
  /** The cataloged server that runs the same thing, when one does. */
  match?: T;
  /** How it matched: the same package, the same endpoint, or the same host. */
  by?: 'package' | 'url' | 'host';
  /**
   * The cataloged server named like the entry's key, when it runs something
   * else: the key claims a server the entry does not run.
   */
  namesakeMismatch?: T;
};

const lower = (s: string) => s.toLocaleLowerCase('en-US');

/** True when `url` is `base` or below it, by whole path segments. */
function pathWithin(url: string, base: string): boolean {
  return url === base || url.startsWith(`${base}/`);
}

/**
 * Matches a configured MCP server to a cataloged one by what it runs, never
 * by its key: the same package (registry type and name, any version), else
 * the same endpoint (origin and path), else the same host: the one named
 * like the key there, or the only cataloged server there when the endpoint is
 * at or below its own path.
 * A cataloged server named like the key that runs something else is reported
 * as `namesakeMismatch`.
 *
 * @public
 */
export function matchMcpServer<T extends CatalogMcpServerLike>(
  server: McpServerLaunch & { name: string },
  catalog: readonly T[],
  namespace: string = 'default',
): McpServerMatch<T> {
  const identity = mcpServerIdentityOf(server);
  const key = lower(server.name);
  const prefer = (candidates: T[]): T | undefined =>
    candidates.find(
      c =>
        lower(c.metadata.name) === key &&
        (c.metadata.namespace ?? 'default') === namespace,
    ) ??
    candidates.find(c => lower(c.metadata.name) === key) ??
    candidates.find(c => (c.metadata.namespace ?? 'default') === namespace) ??
    candidates[0];
  const identities = new Map(
    catalog.map(c => [c, catalogMcpServerIdentities(c.spec)]),
  );
  const where = (test: (i: McpServerIdentity) => boolean) =>
    catalog.filter(c => identities.get(c)!.some(test));

  let match: T | undefined;
  let by: McpServerMatch<T>['by'];
  if (identity.kind === 'package') {
    match = prefer(
      where(
        i =>
          i.kind === 'package' &&
          i.registryType === identity.registryType &&
          i.identifier === identity.identifier,
      ),
    );
    by = match ? 'package' : undefined;
  } else if (identity.kind === 'url') {
    match = prefer(where(i => i.kind === 'url' && i.url === identity.url));
    by = match ? 'url' : undefined;
    if (!match) {
      const sameHost = where(i => i.kind === 'url' && i.host === identity.host);
      const named = sameHost.find(c => lower(c.metadata.name) === key);
      // Alone on its host, a server still only answers for endpoints below
      // its own: a gateway host serves many servers under different paths,
      // and the one the catalog holds is not every one of them.
      const below = sameHost.filter(c =>
        identities
          .get(c)!
          .some(i => i.kind === 'url' && pathWithin(identity.url, i.url)),
      );
      match = named ?? (sameHost.length === 1 ? below[0] : undefined);
      by = match ? 'host' : undefined;
    }
  }
  const result: McpServerMatch<T> = { identity };
  if (match) {
    result.match = match;
    result.by = by;
  }
  const namesake = prefer(catalog.filter(c => lower(c.metadata.name) === key));
  if (namesake && namesake !== match) {
    result.namesakeMismatch = namesake;
  }
  return result;
}

/** A short description of what a cataloged server runs, for messages. */
export function describeCatalogMcpServer(spec: unknown): string {
  const identities = catalogMcpServerIdentities(spec);
  return identities.length > 0
    ? identities.map(i => i.label).join(', ')
    : 'nothing the catalog knows of';
}
