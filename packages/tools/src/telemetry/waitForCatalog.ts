/*
 * Spend is attributed when it arrives (team.id -> Group, user.email -> User -> Group), so demo
 * telemetry sent before the catalog holds the example teams and users would stay unattributed.
 * These wait until the portal's catalog has them.
 */

/** The token may not read the catalog (e.g. an ingestion-only token with access restrictions). */
export class CatalogRefusedError extends Error {}

function sleep(ms: number) {
  return new Promise(r => setTimeout(r, ms));
}

/** Polls `POST /api/catalog/entities/by-refs` until every ref is in the catalog. */
export async function waitForCatalog(options: {
  portal: string;
  token: string;
  refs: string[];
  timeoutMs: number;
  intervalMs?: number;
  log?: (line: string) => void;
  fetchImpl?: typeof fetch;
}): Promise<void> {
  const { portal, token, refs, timeoutMs } = options;
  const fetchImpl = options.fetchImpl ?? fetch;
  const interval = options.intervalMs ?? 3000;
  const url = `${portal.replace(/\/+$/, '')}/api/catalog/entities/by-refs`;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    let response: Response | undefined;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({
          entityRefs: refs,
          fields: ['kind', 'metadata.name'],
        }),
      });
    } catch (e) {
      last = `the catalog is not answering (${(e as Error).message})`;
    }
    if (response && (response.status === 401 || response.status === 403)) {
      throw new CatalogRefusedError(
        `The catalog refused the token (${response.status}): ${(
          await response.text()
        ).slice(0, 200)}`,
      );
    }
    if (response?.ok) {
      const { items } = (await response.json()) as { items: unknown[] };
      const missing = refs.filter((_, i) => !items[i]);
      if (missing.length === 0) return;
      last = `${missing.length} of ${
        refs.length
      } entities not in the catalog yet (${missing.slice(0, 3).join(', ')}${
        missing.length > 3 ? ', ...' : ''
      })`;
    } else if (response) {
      last = `the catalog answered ${response.status}`;
    }
    if (Date.now() + interval > deadline) {
      throw new Error(
        `Gave up waiting for the catalog after ${Math.round(
          timeoutMs / 1000,
        )} s: ${last}`,
      );
    }
    options.log?.(`Waiting for the catalog: ${last}`);
    await sleep(interval);
  }
}

/**
 * For tokens that may not read the catalog: polls the unauthenticated
 * `/.well-known/skills/index.json` until it lists the org skills, a sign that
 * the catalog has processed the example organisation's files.
 */
export async function waitForWellKnownSkills(options: {
  portal: string;
  timeoutMs: number;
  intervalMs?: number;
  log?: (line: string) => void;
  fetchImpl?: typeof fetch;
}): Promise<void> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const interval = options.intervalMs ?? 3000;
  const url = `${options.portal.replace(
    /\/+$/,
    '',
  )}/.well-known/skills/index.json`;
  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  for (;;) {
    try {
      const response = await fetchImpl(url);
      if (response.ok) {
        const body = (await response.json()) as { skills?: unknown[] };
        if ((body.skills?.length ?? 0) > 0) return;
        last = 'no skills published yet';
      } else {
        last = `${url} answered ${response.status}`;
      }
    } catch (e) {
      last = `${url} is not answering (${(e as Error).message})`;
    }
    if (Date.now() + interval > deadline) {
      throw new Error(
        `Gave up waiting for the catalog after ${Math.round(
          options.timeoutMs / 1000,
        )} s: ${last}`,
      );
    }
    options.log?.(`Waiting for the catalog: ${last}`);
    await sleep(interval);
  }
}
