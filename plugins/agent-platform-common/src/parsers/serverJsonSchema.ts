import { z } from 'zod';
import type { ServerJsonKeyValue } from './serverJsonTypes';

// The registry's server.schema.json as zod: each part of a server.json, unknown fields kept.

export const NAME = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;
export const TRANSPORT_URL =
  /^(https?:\/\/[^\s]+|\{[a-zA-Z_][a-zA-Z0-9_]*\}[^\s]*)$/;

export const keyValueSchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    isRequired: z.boolean().optional(),
    isSecret: z.boolean().optional(),
    default: z.string().optional(),
    value: z.string().optional(),
    format: z.string().optional(),
    choices: z.array(z.string()).optional(),
    placeholder: z.string().optional(),
  })
  .loose();

export const transportSchema = z
  .object({
    type: z.string(),
    url: z.string().optional(),
    headers: z.array(keyValueSchema).optional(),
  })
  .loose();

export const packageSchema = z
  .object({
    registryType: z.string(),
    identifier: z.string(),
    version: z.string().optional(),
    registryBaseUrl: z.string().optional(),
    fileSha256: z.string().optional(),
    runtimeHint: z.string().optional(),
    transport: transportSchema,
    runtimeArguments: z.array(z.unknown()).optional(),
    packageArguments: z.array(z.unknown()).optional(),
    environmentVariables: z.array(keyValueSchema).optional(),
  })
  .loose();

export const topSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    version: z.string().optional(),
    title: z.string().optional(),
    websiteUrl: z.string().optional(),
    repository: z
      .object({
        url: z.string(),
        source: z.string(),
        id: z.string().optional(),
        subfolder: z.string().optional(),
      })
      .loose()
      .optional(),
    icons: z
      .array(
        z
          .object({
            src: z.string(),
            mimeType: z.string().optional(),
            sizes: z.array(z.string()).optional(),
            theme: z.string().optional(),
          })
          .loose(),
      )
      .optional(),
    packages: z.array(z.unknown()).optional(),
    remotes: z.array(z.unknown()).optional(),
    _meta: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

/**
 * Returns whether a version string is a range or wildcard rather than one version, following
 * the registry's examples: `^1.2.3`, `~1.2.3`, `>=1.2.3`, `1.x`, `1.*`, `1.0 - 2.0`, `a || b`,
 * and `latest`.
 *
 * @public
 */
export function isVersionRange(version: string): boolean {
  const v = version.trim();
  return (
    /^[\^~<>=]/.test(v) ||
    /\s-\s|\|\|/.test(v) ||
    /(^|\.)[xX*](\.|$)/.test(v) ||
    v === '*' ||
    v.toLowerCase() === 'latest'
  );
}

/** A header or environment variable with its defaults filled in. */
export function normalizeKeyValue(
  kv: z.infer<typeof keyValueSchema>,
): ServerJsonKeyValue {
  const out: ServerJsonKeyValue = {
    name: kv.name,
    isRequired: kv.isRequired ?? false,
    isSecret: kv.isSecret ?? false,
  };
  for (const key of [
    'description',
    'default',
    'value',
    'format',
    'placeholder',
  ] as const) {
    if (kv[key] !== undefined) {
      out[key] = kv[key];
    }
  }
  if (kv.choices !== undefined) {
    out.choices = kv.choices;
  }
  return out;
}
