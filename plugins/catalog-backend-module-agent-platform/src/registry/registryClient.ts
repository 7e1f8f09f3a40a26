import { z } from 'zod';

/** The official MCP registry's metadata key on each listed server. */
export const OFFICIAL_META = 'io.modelcontextprotocol.registry/official';

/**
 * One server of a registry listing (`GET /v0.1/servers`): its `server.json`
 * and the registry's metadata about it.
 */
export interface RegistryEntry {
  server: Record<string, unknown> & { name: string; version: string };
  _meta?: Record<string, unknown>;
}

/** Where and how to read a registry. */
export interface RegistryClientOptions {
  /** Base URL of the registry, e.g. `https://registry.modelcontextprotocol.io/`. */
  baseUrl: string;
  /** Hosts the client may talk to, the base URL's included; redirects elsewhere fail. */
  allowedHosts: string[];
  /** `limit` of each page. */
  pageSize: number;
  /** A listing with more pages than this fails (a registry that paginates forever). */
  maxPages: number;
  /** Timeout of each request, in milliseconds. */
  timeoutMs: number;
}

/** A registry that could not be read completely; the caller keeps what it had. */
export class RegistryReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryReadError';
  }
}

const pageSchema = z.object({
  servers: z.array(
    z.looseObject({
      server: z.looseObject({
        name: z.string().min(1),
        version: z.string().min(1),
      }),
      _meta: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  metadata: z
    .looseObject({
      nextCursor: z.string().nullish(),
      count: z.number().optional(),
    })
    .optional(),
});

const MAX_REDIRECTS = 3;

/** `https://x/registry` -> `https://x/registry/v0.1/servers`. */
export function serversUrl(baseUrl: string): URL {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL('v0.1/servers', base);
}

function checkHost(url: URL, allowedHosts: string[], what: string) {
  if (!/^https?:$/.test(url.protocol)) {
    throw new RegistryReadError(`${what} ${url.href} is not http(s)`);
  }
  if (!allowedHosts.includes(url.host.toLowerCase())) {
    throw new RegistryReadError(
      `${what} ${url.href}: the host ${
        url.host
      } is not on the allow-list (${allowedHosts.join(', ')})`,
    );
  }
}

/** Fetches one URL, following redirects only to allowed hosts, and returns its text. */
async function fetchText(
  url: URL,
  options: RegistryClientOptions,
): Promise<string> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    checkHost(
      current,
      options.allowedHosts,
      hop === 0 ? 'Page' : 'Redirect to',
    );
    let response: Response;
    try {
      response = await fetch(current, {
        redirect: 'manual',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: Error }).cause?.message;
      throw new RegistryReadError(
        `Could not fetch ${current.href}: ${(error as Error).message}${
          cause ? ` (${cause})` : ''
        }`,
        { cause: error },
      );
    }
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (!location) {
        throw new RegistryReadError(
          `${current.href} answered ${response.status} without a Location`,
        );
      }
      current = new URL(location, current);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryReadError(
        `${current.href} answered ${response.status} ${response.statusText}`,
      );
    }
    try {
      return await response.text();
    } catch (error) {
      const cause = (error as { cause?: Error }).cause?.message;
      throw new RegistryReadError(
        `${current.href}: the page was cut off: ${(error as Error).message}${
          cause ? ` (${cause})` : ''
        }`,
        { cause: error },
      );
    }
  }
  throw new RegistryReadError(
    `${url.href}: more than ${MAX_REDIRECTS} redirects`,
  );
}

/**
 * Lists a registry's servers through its `v0.1` API, page by page (`cursor`),
 * only those updated since `updatedSince` when given (`updated_since`), the
 * latest version of each. Any problem (a page that is not JSON, cut off, of
 * the wrong shape, a redirect off the allow-list, a cursor seen before, more
 * than `maxPages` pages) throws a {@link RegistryReadError}: a listing is
 * returned whole or not at all.
 */
export async function listRegistryServers(
  options: RegistryClientOptions,
  query: { updatedSince?: string } = {},
): Promise<RegistryEntry[]> {
  const entries: RegistryEntry[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    if (page > options.maxPages) {
      throw new RegistryReadError(
        `The registry has more than ${options.maxPages} pages of ${options.pageSize}; stopped (raise maxPages if it is really that large)`,
      );
    }
    const url = serversUrl(options.baseUrl);
    url.searchParams.set('limit', String(options.pageSize));
    url.searchParams.set('version', 'latest');
    if (cursor) {
      url.searchParams.set('cursor', cursor);
    }
    if (query.updatedSince) {
      url.searchParams.set('updated_since', query.updatedSince);
    }
    const text = await fetchText(url, options);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new RegistryReadError(
        `Page ${page} (${url.href}) is not JSON${
          text.length > 0 ? ' (malformed or cut off)' : ' (empty)'
        }: ${(error as Error).message}`,
      );
    }
    const parsed = pageSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RegistryReadError(
        `Page ${page} (${url.href}) is not a v0.1 servers page: ${
          issue.path.join('.') || 'the page'
        }: ${issue.message}`,
      );
    }
    entries.push(...(parsed.data.servers as RegistryEntry[]));
    const next = parsed.data.metadata?.nextCursor;
    if (!next) {
      return entries;
    }
    if (seenCursors.has(next)) {
      throw new RegistryReadError(
        `Page ${page} (${url.href}) repeats the cursor ${next}: the registry paginates forever`,
      );
    }
    seenCursors.add(next);
    cursor = next;
  }
}

/** The registry's status and update time of an entry (official metadata). */
export function entryStatus(entry: RegistryEntry): {
  status?: string;
  updatedAt?: string;
} {
  const official = entry._meta?.[OFFICIAL_META];
  if (!official || typeof official !== 'object') {
    return {};
  }
  const { status, updatedAt } = official as Record<string, unknown>;
  return {
    ...(typeof status === 'string' ? { status } : {}),
    ...(typeof updatedAt === 'string' ? { updatedAt } : {}),
  };
}
