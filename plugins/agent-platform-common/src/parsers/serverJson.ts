import { z } from 'zod';
import { isRecord } from '../model/common';
import { isExactSemver } from '../model/values';
import { checkJsonFile } from './jsonFile';
import { formatJsonPath, JsonPath } from './jsonLocator';
import { detectLiteralSecret } from './secrets';
import { quote, redact } from './text';

import {
  isVersionRange,
  NAME,
  normalizeKeyValue,
  packageSchema,
  topSchema,
  TRANSPORT_URL,
  transportSchema,
} from './serverJsonSchema';
import {
  SERVER_JSON_REGISTRY_TYPES,
  ServerJson,
  ServerJsonKeyValue,
  ServerJsonPackage,
  ServerJsonRemote,
  ServerJsonResult,
  ServerJsonTransport,
} from './serverJsonTypes';

export * from './serverJsonTypes';
export { isVersionRange } from './serverJsonSchema';

/**
 * Parses and validates an MCP Registry `server.json` (modelcontextprotocol/registry,
 * `server.schema.json`): `name` (reverse-DNS `namespace/name`, 3-200 characters), `description`
 * (1-100), `version` (exact: ranges are rejected; non-semver is a warning), `title`,
 * `websiteUrl`, `repository`, `icons`, `packages[]` and `remotes[]` with their transports,
 * headers and environment variables. Unknown fields are ignored.
 *
 * Rules: `json-syntax`, `json-duplicate-key` (warning), `server-not-object`,
 * `server-invalid-field`, `server-name-missing`, `server-name-invalid`, `server-name-length`,
 * `server-name-not-reverse-dns` (warning), `server-description-missing`,
 * `server-description-too-long`, `server-title-invalid`, `server-version-missing`,
 * `server-version-range`, `server-version-not-semver` (warning), `server-invalid-url`,
 * `server-package-unknown-registry-type` (warning), `server-package-version-latest`,
 * `server-package-version-range`, `server-package-missing-sha256`, `server-package-invalid-sha256`,
 * `server-transport-invalid`, `server-literal-secret`, `server-no-install` (warning).
 *
 * @public
 */
export function parseServerJson(
  text: string,
  options: { file: string },
): ServerJsonResult {
  const { doc, issues, add, addZodError } = checkJsonFile(text, options.file);
  if (doc.error) {
    return { issues };
  }
  if (!isRecord(doc.value)) {
    add('server-not-object', [], 'A server.json file must be a JSON object');
    return { issues };
  }
  let top = topSchema.safeParse(doc.value);
  if (!top.success) {
    addZodError(top.error, 'server-invalid-field');
    // Drop the broken top-level fields and read the rest.
    const rest = { ...doc.value };
    for (const issue of top.error.issues) {
      delete rest[String(issue.path[0])];
    }
    top = topSchema.safeParse(rest);
    if (!top.success) {
      return { issues };
    }
  }
  const data = top.data;
  let readable = true;

  // name
  const name = data.name;
  if (name === undefined || name === '') {
    add(
      'server-name-missing',
      [],
      'The required field "name" is missing or empty',
    );
    readable = false;
  } else if (name.length < 3 || name.length > 200) {
    add(
      'server-name-length',
      ['name'],
      `The name is ${name.length} characters long; it must be 3 to 200`,
    );
  } else if (!NAME.test(name)) {
    add(
      'server-name-invalid',
      ['name'],
      `The name ${quote(
        name,
      )} must be "<namespace>/<name>" in reverse-DNS form with exactly one "/", e.g. "io.github.owner/server"`,
    );
  } else if (!name.split('/')[0].includes('.')) {
    add(
      'server-name-not-reverse-dns',
      ['name'],
      `The namespace of ${quote(
        name,
      )} is not reverse-DNS (e.g. "io.github.owner" or "com.example"); the official registry requires one it can verify`,
      'warning',
    );
  }

  // description
  const description = data.description;
  if (description === undefined || description === '') {
    add(
      'server-description-missing',
      [],
      'The required field "description" is missing or empty',
    );
    readable = false;
  } else if (description.length > 100) {
    add(
      'server-description-too-long',
      ['description'],
      `The description is ${description.length} characters long; at most 100 are allowed`,
    );
  }

  // version
  const version = data.version;
  let versionIsSemver = false;
  if (version === undefined || version.trim() === '') {
    add(
      'server-version-missing',
      [],
      'The required field "version" is missing or empty',
    );
    readable = false;
  } else if (isVersionRange(version)) {
    add(
      'server-version-range',
      ['version'],
      `The version ${quote(
        version,
      )} is a range; server.json needs one specific version, e.g. "1.0.2"`,
    );
  } else if (version.length > 255) {
    add(
      'server-version-range',
      ['version'],
      'The version is longer than 255 characters',
    );
  } else {
    versionIsSemver = isExactSemver(version);
    if (!versionIsSemver) {
      add(
        'server-version-not-semver',
        ['version'],
        `The version ${quote(
          version,
        )} is not semver; the registry accepts it but cannot order it reliably`,
        'warning',
      );
    }
  }

  if (
    data.title !== undefined &&
    (data.title === '' || data.title.length > 100)
  ) {
    add(
      'server-title-invalid',
      ['title'],
      `The title must be 1 to 100 characters long, found ${data.title.length}`,
    );
  }

  const checkUrl = (url: string, path: JsonPath, httpsOnly = false) => {
    const ok = httpsOnly ? /^https:\/\/\S+$/ : /^https?:\/\/\S+$/;
    if (!ok.test(url)) {
      add(
        'server-invalid-url',
        path,
        `${formatJsonPath(path)} ${quote(url)} must be an ${
          httpsOnly ? 'https' : 'http(s)'
        } URL`,
      );
    }
  };
  if (data.websiteUrl !== undefined) {
    checkUrl(data.websiteUrl, ['websiteUrl']);
  }
  if (data.repository !== undefined) {
    checkUrl(data.repository.url, ['repository', 'url']);
  }
  (data.icons ?? []).forEach((icon, i) =>
    checkUrl(icon.src, ['icons', i, 'src'], true),
  );

  const checkSecrets = (
    inputs: ServerJsonKeyValue[],
    base: Array<string | number>,
  ) => {
    inputs.forEach((input, i) => {
      for (const key of ['value', 'default'] as const) {
        const value = input[key];
        if (value === undefined) {
          continue;
        }
        const secret = detectLiteralSecret(value, {
          key: input.name,
          braceTemplates: true,
        });
        if (secret) {
          const path = [...base, i, key];
          add(
            'server-literal-secret',
            path,
            `${formatJsonPath(path)} (${redact(
              value.replace(/^\s*(Bearer|Basic|Token)\s+/i, ''),
            )}) ${secret}; a published server.json must not carry credentials, declare an input with "isSecret": true instead`,
          );
        }
      }
    });
  };

  const readTransport = (
    raw: z.infer<typeof transportSchema>,
    path: Array<string | number>,
    remote: boolean,
  ): ServerJsonTransport | undefined => {
    const allowed = remote
      ? ['streamable-http', 'sse']
      : ['stdio', 'streamable-http', 'sse'];
    if (!allowed.includes(raw.type)) {
      add(
        'server-transport-invalid',
        [...path, 'type'],
        `${formatJsonPath([...path, 'type'])} ${quote(
          raw.type,
        )} is not one of ${allowed.join(', ')}`,
      );
      return undefined;
    }
    if (raw.type === 'stdio') {
      return { type: 'stdio' };
    }
    if (raw.url === undefined || !TRANSPORT_URL.test(raw.url)) {
      add(
        'server-transport-invalid',
        raw.url === undefined ? path : [...path, 'url'],
        raw.url === undefined
          ? `${formatJsonPath(path)}: a ${raw.type} transport needs a "url"`
          : `${formatJsonPath([...path, 'url'])} ${quote(
              raw.url,
            )} must start with http://, https:// or a {variable}`,
      );
      return undefined;
    }
    const headers = (raw.headers ?? []).map(normalizeKeyValue);
    checkSecrets(headers, [...path, 'headers']);
    return {
      type: raw.type as 'streamable-http' | 'sse',
      url: raw.url,
      headers,
    };
  };

  const packages: ServerJsonPackage[] = [];
  (data.packages ?? []).forEach((rawPackage, i) => {
    const path = ['packages', i];
    const parsed = packageSchema.safeParse(rawPackage);
    if (!parsed.success) {
      addZodError(parsed.error, 'server-invalid-field', path);
      return;
    }
    const pkg = parsed.data;
    if (
      !(SERVER_JSON_REGISTRY_TYPES as readonly string[]).includes(
        pkg.registryType,
      )
    ) {
      add(
        'server-package-unknown-registry-type',
        [...path, 'registryType'],
        `packages[${i}].registryType ${quote(
          pkg.registryType,
        )} is not one of ${SERVER_JSON_REGISTRY_TYPES.join(', ')}`,
        'warning',
      );
    }
    if (pkg.version !== undefined) {
      if (pkg.version.trim().toLowerCase() === 'latest') {
        add(
          'server-package-version-latest',
          [...path, 'version'],
          `packages[${i}].version is "latest"; name the exact package version`,
        );
      } else if (isVersionRange(pkg.version)) {
        add(
          'server-package-version-range',
          [...path, 'version'],
          `packages[${i}].version ${quote(
            pkg.version,
          )} is a range; name the exact package version`,
        );
      }
    }
    if (pkg.registryType === 'mcpb' && pkg.fileSha256 === undefined) {
      add(
        'server-package-missing-sha256',
        path,
        `packages[${i}] is an mcpb package; "fileSha256" is required for it`,
      );
    }
    if (
      pkg.fileSha256 !== undefined &&
      !/^[a-f0-9]{64}$/.test(pkg.fileSha256)
    ) {
      add(
        'server-package-invalid-sha256',
        [...path, 'fileSha256'],
        `packages[${i}].fileSha256 must be 64 lowercase hex characters`,
      );
    }
    const transport = readTransport(
      pkg.transport,
      [...path, 'transport'],
      false,
    );
    const environmentVariables = (pkg.environmentVariables ?? []).map(
      normalizeKeyValue,
    );
    checkSecrets(environmentVariables, [...path, 'environmentVariables']);
    if (!transport) {
      return;
    }
    const out: ServerJsonPackage = {
      registryType: pkg.registryType,
      identifier: pkg.identifier,
      transport,
      runtimeArguments: pkg.runtimeArguments ?? [],
      packageArguments: pkg.packageArguments ?? [],
      environmentVariables,
    };
    for (const key of [
      'version',
      'registryBaseUrl',
      'fileSha256',
      'runtimeHint',
    ] as const) {
      if (pkg[key] !== undefined) {
        out[key] = pkg[key];
      }
    }
    packages.push(out);
  });

  const remotes: ServerJsonRemote[] = [];
  (data.remotes ?? []).forEach((rawRemote, i) => {
    const path = ['remotes', i];
    const parsed = transportSchema.safeParse(rawRemote);
    if (!parsed.success) {
      addZodError(parsed.error, 'server-invalid-field', path);
      return;
    }
    const transport = readTransport(parsed.data, path, true);
    if (transport && transport.type !== 'stdio') {
      remotes.push(transport);
    }
  });

  if ((data.packages ?? []).length === 0 && (data.remotes ?? []).length === 0) {
    add(
      'server-no-install',
      [],
      'The server has neither "packages" nor "remotes"; clients cannot install or connect to it',
      'warning',
    );
  }

  if (!readable || !name || !description || !version) {
    return { issues };
  }
  const slash = name.indexOf('/');
  const server: ServerJson = {
    name,
    namespace: slash >= 0 ? name.slice(0, slash) : name,
    serverName: slash >= 0 ? name.slice(slash + 1) : '',
    description,
    version,
    versionIsSemver,
    icons: data.icons ?? [],
    packages,
    remotes,
  };
  if (data.$schema !== undefined) {
    server.schema = data.$schema;
  }
  if (data.title !== undefined) {
    server.title = data.title;
  }
  if (data.websiteUrl !== undefined) {
    server.websiteUrl = data.websiteUrl;
  }
  if (data.repository !== undefined) {
    const { url, source, id, subfolder } = data.repository;
    server.repository = { url, source };
    if (id !== undefined) {
      server.repository.id = id;
    }
    if (subfolder !== undefined) {
      server.repository.subfolder = subfolder;
    }
  }
  if (data._meta !== undefined) {
    server.meta = data._meta;
  }
  return { server, issues };
}
