import { ParseIssue } from '../errors';

/**
 * The package registries of the MCP Registry's server.json.
 *
 * @public
 */
export const SERVER_JSON_REGISTRY_TYPES = [
  'npm',
  'pypi',
  'oci',
  'nuget',
  'mcpb',
  'maven',
] as const;

/**
 * A header or environment variable declaration (the schema's `KeyValueInput`).
 *
 * @public
 */
export type ServerJsonKeyValue = {
  name: string;
  description?: string;
  isRequired: boolean;
  isSecret: boolean;
  default?: string;
  value?: string;
  format?: string;
  choices?: string[];
  placeholder?: string;
};

/**
 * A transport of a package or remote.
 *
 * @public
 */
export type ServerJsonTransport =
  | { type: 'stdio' }
  | {
      type: 'streamable-http' | 'sse';
      url: string;
      headers: ServerJsonKeyValue[];
    };

/**
 * A `packages[]` entry.
 *
 * @public
 */
export type ServerJsonPackage = {
  registryType: string;
  identifier: string;
  version?: string;
  registryBaseUrl?: string;
  fileSha256?: string;
  runtimeHint?: string;
  transport: ServerJsonTransport;
  runtimeArguments: unknown[];
  packageArguments: unknown[];
  environmentVariables: ServerJsonKeyValue[];
};

/**
 * A `remotes[]` entry.
 *
 * @public
 */
export type ServerJsonRemote = {
  type: 'streamable-http' | 'sse';
  url: string;
  headers: ServerJsonKeyValue[];
};

/**
 * A normalized server.json.
 *
 * @public
 */
export type ServerJson = {
  /** `$schema`, when given. */
  schema?: string;
  /** The full name, e.g. `io.github.owner/server`. */
  name: string;
  /** The part before the slash, e.g. `io.github.owner`. */
  namespace: string;
  /** The part after the slash, e.g. `server`. */
  serverName: string;
  description: string;
  version: string;
  /** Whether `version` is valid semver (the registry allows other exact versions). */
  versionIsSemver: boolean;
  title?: string;
  websiteUrl?: string;
  repository?: { url: string; source: string; id?: string; subfolder?: string };
  icons: Array<{
    src: string;
    mimeType?: string;
    sizes?: string[];
    theme?: string;
  }>;
  packages: ServerJsonPackage[];
  remotes: ServerJsonRemote[];
  /** `_meta`, as written. */
  meta?: Record<string, unknown>;
};

/**
 * The result of {@link parseServerJson}.
 *
 * @public
 */
export type ServerJsonResult = {
  /** The server; undefined when name, description or version cannot be read. */
  server?: ServerJson;
  /** Problems found. */
  issues: ParseIssue[];
};
