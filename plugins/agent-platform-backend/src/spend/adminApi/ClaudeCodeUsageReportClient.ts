import {
  AdminApiReportError,
  ClaudeCodeUsageReportPage,
  parseClaudeCodeUsageReportPage,
} from '@agent-platform/plugin-agent-platform-common';

/**
 * A failure to read the Admin API's Claude Code usage report: an HTTP error
 * that retries did not cure, a network error, a response that is not JSON,
 * or a page that is not a usage report (then `cause` is the
 * `AdminApiReportError` naming the field).
 *
 * @public
 */
export class AdminApiFetchError extends Error {
  /** The HTTP status, when the API answered. */
  readonly status?: number;

  constructor(message: string, options?: { status?: number; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = 'AdminApiFetchError';
    this.status = options?.status;
  }
}

/**
 * Options of {@link ClaudeCodeUsageReportClient}.
 *
 * @public
 */
export interface ClaudeCodeUsageReportClientOptions {
  /** E.g. `https://api.anthropic.com`. */
  baseUrl: string;
  /** An Admin API key (`sk-ant-admin...`). */
  apiKey: string;
  /** Records per page (`limit`). Defaults to 1000. */
  pageSize?: number;
  /** Attempts per request on 429, 5xx and network errors. Defaults to 4. */
  maxAttempts?: number;
  /** First back-off; doubled per attempt unless `retry-after` says otherwise. Defaults to 1000 ms. */
  retryDelayMs?: number;
  /** Upper bound of a single wait, also for `retry-after`. Defaults to 60 s. */
  maxRetryDelayMs?: number;
  /** A guard against a `next_page` that never ends. Defaults to 1000. */
  maxPages?: number;
  /** Per request. Defaults to 30 s. */
  timeoutMs?: number;
  /** Injected in tests; the global `fetch` otherwise. */
  fetch?: typeof fetch;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Errors of the global fetch come from another realm under Jest: no `instanceof Error`. */
function messageOf(e: unknown): string {
  const message = (e as { message?: unknown })?.message;
  const cause = (e as { cause?: { message?: unknown } })?.cause?.message;
  const text = typeof message === 'string' ? message : String(e);
  return typeof cause === 'string' && cause !== text
    ? `${text} (${cause})`
    : text;
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** The API's own error message (`{type: "error", error: {type, message}}`), or the start of the body. */
function describeBody(body: string): string {
  try {
    const parsed = JSON.parse(body);
    const message = parsed?.error?.message;
    if (typeof message === 'string') {
      const type = parsed.error.type;
      return typeof type === 'string' ? `${type}: ${message}` : message;
    }
  } catch {
    // not JSON: show it as text
  }
  const text = body.trim().replace(/\s+/g, ' ');
  return text.length > 200
    ? `${text.slice(0, 200)}...`
    : text || '(empty body)';
}

/**
 * Reads the Anthropic Admin API Claude Code usage report,
 * `GET {baseUrl}/v1/organizations/usage_report/claude_code`, one UTC day per
 * call, following `next_page` until `has_more` is false. Requests carry the
 * `x-api-key` and `anthropic-version: 2023-06-01` headers; 429 and 5xx answers
 * and network errors are retried with back-off (honouring `retry-after`);
 * every page is validated before it is returned.
 *
 * @public
 */
export class ClaudeCodeUsageReportClient {
  readonly #options: Required<
    Omit<ClaudeCodeUsageReportClientOptions, 'fetch'>
  >;
  readonly #fetch: typeof fetch;

  constructor(options: ClaudeCodeUsageReportClientOptions) {
    if (!options.apiKey) {
      throw new Error('An Admin API key is required');
    }
    this.#options = {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      apiKey: options.apiKey,
      pageSize: options.pageSize ?? 1000,
      maxAttempts: Math.max(1, options.maxAttempts ?? 4),
      retryDelayMs: options.retryDelayMs ?? 1000,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 60_000,
      maxPages: options.maxPages ?? 1000,
      timeoutMs: options.timeoutMs ?? 30_000,
    };
    this.#fetch = options.fetch ?? fetch;
  }

  /**
   * Every page of one UTC day's report, validated.
   *
   * @param day - `YYYY-MM-DD`
   * @throws AdminApiFetchError
   */
  async fetchDay(day: string): Promise<ClaudeCodeUsageReportPage[]> {
    if (!DAY.test(day)) {
      throw new AdminApiFetchError(`Not a day (YYYY-MM-DD): "${day}"`);
    }
    const pages: ClaudeCodeUsageReportPage[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      if (pages.length >= this.#options.maxPages) {
        throw new AdminApiFetchError(
          `Admin API usage report for ${day}: more than ${
            this.#options.maxPages
          } pages; giving up`,
        );
      }
      const raw = await this.#get(day, cursor);
      let page: ClaudeCodeUsageReportPage;
      try {
        page = parseClaudeCodeUsageReportPage(raw);
      } catch (e) {
        const detail = e instanceof AdminApiReportError ? e.message : String(e);
        throw new AdminApiFetchError(
          `Admin API usage report for ${day}, page ${
            pages.length + 1
          }: ${detail}`,
          { cause: e },
        );
      }
      pages.push(page);
      if (!page.has_more) {
        return pages;
      }
      const next = page.next_page as string;
      if (seen.has(next)) {
        throw new AdminApiFetchError(
          `Admin API usage report for ${day}, page ${pages.length}: next_page "${next}" was already read; giving up`,
        );
      }
      seen.add(next);
      cursor = next;
    }
  }

  async #get(day: string, page: string | undefined): Promise<unknown> {
    const url = new URL(
      `${this.#options.baseUrl}/v1/organizations/usage_report/claude_code`,
    );
    url.searchParams.set('starting_at', day);
    url.searchParams.set('limit', String(this.#options.pageSize));
    if (page) {
      url.searchParams.set('page', page);
    }
    const where = `GET ${url.pathname}${url.search}`;

    let lastError: AdminApiFetchError | undefined;
    for (let attempt = 1; attempt <= this.#options.maxAttempts; attempt++) {
      let wait = Math.min(
        this.#options.retryDelayMs * 2 ** (attempt - 1),
        this.#options.maxRetryDelayMs,
      );
      try {
        const response = await this.#fetch(url, {
          headers: {
            'x-api-key': this.#options.apiKey,
            'anthropic-version': '2023-06-01',
            accept: 'application/json',
          },
          signal: AbortSignal.timeout(this.#options.timeoutMs),
        });
        const body = await response.text();
        if (response.ok) {
          try {
            return JSON.parse(body);
          } catch (e) {
            throw new AdminApiFetchError(
              `${where}: the response is not JSON (${describeBody(body)})`,
              { status: response.status, cause: e },
            );
          }
        }
        const error = new AdminApiFetchError(
          `${where} answered ${response.status}: ${describeBody(body)}`,
          { status: response.status },
        );
        if (response.status !== 429 && response.status < 500) {
          throw error;
        }
        lastError = error;
        const retryAfter = Number(response.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter >= 0) {
          wait = Math.min(retryAfter * 1000, this.#options.maxRetryDelayMs);
        }
      } catch (e) {
        if (e instanceof AdminApiFetchError) {
          if (e !== lastError) {
            throw e;
          }
        } else {
          lastError = new AdminApiFetchError(
            `${where} failed: ${messageOf(e)}`,
            { cause: e },
          );
        }
      }
      if (attempt < this.#options.maxAttempts) {
        await sleep(wait);
      }
    }
    throw new AdminApiFetchError(
      `${lastError!.message} (after ${this.#options.maxAttempts} attempts)`,
      { status: lastError!.status, cause: lastError },
    );
  }
}
