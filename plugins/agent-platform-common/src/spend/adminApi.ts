import { SpendMeasure } from './api';
import { SpendAttributes, SpendPoint } from './points';

/**
 * The actor of an Admin API Claude Code usage record: a person signed in to
 * Claude Code, or an API key.
 *
 * @public
 */
export type ClaudeCodeUsageActor =
  | { type: 'user_actor'; email_address: string }
  | { type: 'api_actor'; api_key_name: string };

/**
 * One model's share of an actor's day in the Admin API Claude Code usage
 * report. `estimated_cost.amount` is in cents.
 *
 * @public
 */
export interface ClaudeCodeUsageModelBreakdown {
  model: string;
  tokens: {
    input: number;
    output: number;
    cache_read: number;
    cache_creation: number;
  };
  estimated_cost: { amount: number; currency: string };
}

/**
 * One record of the Admin API Claude Code usage report
 * (`GET /v1/organizations/usage_report/claude_code`): one actor's day. Only
 * the fields the agent platform reads are listed; the others (`tool_actions`,
 * ...) are kept as they came.
 *
 * @public
 */
export interface ClaudeCodeUsageRecord {
  /** The UTC day, `YYYY-MM-DD` (the API sends an RFC 3339 timestamp at midnight). */
  date: string;
  actor: ClaudeCodeUsageActor;
  organization_id?: string;
  customer_type?: string;
  terminal_type?: string;
  core_metrics: {
    num_sessions: number;
    lines_of_code: { added: number; removed: number };
    commits_by_claude_code: number;
    pull_requests_by_claude_code: number;
  };
  model_breakdown: ClaudeCodeUsageModelBreakdown[];
}

/**
 * One page of an Admin API report: `next_page` is passed back as `page` while
 * `has_more` is true.
 *
 * @public
 */
export interface ClaudeCodeUsageReportPage {
  data: ClaudeCodeUsageRecord[];
  has_more: boolean;
  next_page: string | null;
}

/**
 * A report (or upload) that does not have the shape of the Admin API's Claude
 * Code usage report. `path` names the offending field, e.g.
 * `data[3].model_breakdown[0].tokens.input`; the message starts with it.
 *
 * @public
 */
export class AdminApiReportError extends Error {
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`${path} ${problem}`);
    this.name = 'AdminApiReportError';
    this.path = path;
  }
}

/** Larger counts than this are not real usage; they are rejected. */
const MAX_VALUE = 1e15;

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') {
    return `${path}[${key}]`;
  }
  return path ? `${path}.${key}` : key;
}

function object(value: unknown, path: string): Obj {
  if (!isObject(value)) {
    throw new AdminApiReportError(path || 'report', 'must be an object');
  }
  return value;
}

function count(value: unknown, path: string): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    value > MAX_VALUE
  ) {
    throw new AdminApiReportError(
      path,
      `must be a non-negative number (at most ${MAX_VALUE})`,
    );
  }
  return value;
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AdminApiReportError(path, 'must be a non-empty string');
  }
  return value.trim();
}

function optionalText(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : text(value, path);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00:00(?:\.0+)?(?:Z|[+-]00:00))?$/;

/** The UTC day of a report date: `YYYY-MM-DD`, or that day at midnight UTC in RFC 3339. */
function day(value: unknown, path: string): string {
  const match = typeof value === 'string' ? DAY.exec(value) : null;
  if (match) {
    const date = `${match[1]}-${match[2]}-${match[3]}`;
    const parsed = new Date(`${date}T00:00:00Z`);
    if (
      !Number.isNaN(parsed.getTime()) &&
      parsed.toISOString().slice(0, 10) === date
    ) {
      return date;
    }
  }
  throw new AdminApiReportError(
    path,
    'must be a UTC day (YYYY-MM-DD, or midnight UTC in RFC 3339)',
  );
}

/** Cents as a number, or as a decimal string (as the cost report sends them). */
function cents(value: unknown, path: string): number {
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) {
    return count(Number(value), path);
  }
  return count(value, path);
}

function parseActor(value: unknown, path: string): ClaudeCodeUsageActor {
  const actor = object(value, path);
  if (actor.type === 'user_actor') {
    return {
      type: 'user_actor',
      email_address: text(actor.email_address, join(path, 'email_address')),
    };
  }
  if (actor.type === 'api_actor') {
    return {
      type: 'api_actor',
      api_key_name: text(actor.api_key_name, join(path, 'api_key_name')),
    };
  }
  throw new AdminApiReportError(
    join(path, 'type'),
    `must be "user_actor" or "api_actor" (got ${
      JSON.stringify(actor.type) ?? 'nothing'
    })`,
  );
}

function parseModel(
  value: unknown,
  path: string,
): ClaudeCodeUsageModelBreakdown {
  const entry = object(value, path);
  const tokensPath = join(path, 'tokens');
  const tokens = object(entry.tokens, tokensPath);
  const costPath = join(path, 'estimated_cost');
  const cost = object(entry.estimated_cost, costPath);
  const currency = text(cost.currency, join(costPath, 'currency'));
  if (currency.toUpperCase() !== 'USD') {
    throw new AdminApiReportError(
      join(costPath, 'currency'),
      `must be "USD" (got "${currency}")`,
    );
  }
  return {
    model: text(entry.model, join(path, 'model')),
    tokens: {
      input: count(tokens.input, join(tokensPath, 'input')),
      output: count(tokens.output, join(tokensPath, 'output')),
      cache_read: count(tokens.cache_read, join(tokensPath, 'cache_read')),
      cache_creation: count(
        tokens.cache_creation,
        join(tokensPath, 'cache_creation'),
      ),
    },
    estimated_cost: {
      amount: cents(cost.amount, join(costPath, 'amount')),
      currency: 'USD',
    },
  };
}

function parseRecord(value: unknown, path: string): ClaudeCodeUsageRecord {
  const record = object(value, path);
  // In the order of the documented fields, so the first problem is reported.
  const date = day(record.date, join(path, 'date'));
  const actor = parseActor(record.actor, join(path, 'actor'));
  const corePath = join(path, 'core_metrics');
  const core = object(record.core_metrics, corePath);
  const locPath = join(corePath, 'lines_of_code');
  const loc = object(core.lines_of_code, locPath);
  const breakdownPath = join(path, 'model_breakdown');
  const breakdown = record.model_breakdown ?? [];
  if (!Array.isArray(breakdown)) {
    throw new AdminApiReportError(breakdownPath, 'must be an array');
  }
  const parsed: ClaudeCodeUsageRecord = {
    date,
    actor,
    core_metrics: {
      num_sessions: count(core.num_sessions, join(corePath, 'num_sessions')),
      lines_of_code: {
        added: count(loc.added, join(locPath, 'added')),
        removed: count(loc.removed, join(locPath, 'removed')),
      },
      commits_by_claude_code: count(
        core.commits_by_claude_code,
        join(corePath, 'commits_by_claude_code'),
      ),
      pull_requests_by_claude_code: count(
        core.pull_requests_by_claude_code,
        join(corePath, 'pull_requests_by_claude_code'),
      ),
    },
    model_breakdown: breakdown.map((m, i) =>
      parseModel(m, join(breakdownPath, i)),
    ),
  };
  const organizationId = optionalText(
    record.organization_id,
    join(path, 'organization_id'),
  );
  const customerType = optionalText(
    record.customer_type,
    join(path, 'customer_type'),
  );
  const terminalType = optionalText(
    record.terminal_type,
    join(path, 'terminal_type'),
  );
  if (organizationId) parsed.organization_id = organizationId;
  if (customerType) parsed.customer_type = customerType;
  if (terminalType) parsed.terminal_type = terminalType;
  return parsed;
}

/**
 * Validates one page of the Admin API Claude Code usage report,
 * `{ data, has_more, next_page }`. Unknown fields are ignored; every field the
 * platform reads is checked.
 *
 * @param value - the parsed JSON of the page
 * @param path - a prefix for error paths, e.g. `[2]` for the third page of an upload
 * @throws AdminApiReportError naming the offending field
 * @public
 */
export function parseClaudeCodeUsageReportPage(
  value: unknown,
  path = '',
): ClaudeCodeUsageReportPage {
  const page = object(value, path);
  const dataPath = join(path, 'data');
  if (!Array.isArray(page.data)) {
    throw new AdminApiReportError(dataPath, 'must be an array');
  }
  const hasMore = page.has_more ?? false;
  if (typeof hasMore !== 'boolean') {
    throw new AdminApiReportError(join(path, 'has_more'), 'must be a boolean');
  }
  const nextPage = page.next_page ?? null;
  if (nextPage !== null && typeof nextPage !== 'string') {
    throw new AdminApiReportError(
      join(path, 'next_page'),
      'must be a string or null',
    );
  }
  if (hasMore && !nextPage) {
    throw new AdminApiReportError(
      join(path, 'next_page'),
      'must be set when has_more is true',
    );
  }
  return {
    data: page.data.map((r, i) => parseRecord(r, join(dataPath, i))),
    has_more: hasMore,
    next_page: nextPage,
  };
}

function actorKey(actor: ClaudeCodeUsageActor): string {
  return actor.type === 'user_actor'
    ? `user:${actor.email_address.toLowerCase()}`
    : `api:${actor.api_key_name}`;
}

/**
 * Turns the records of a validated report page into spend points (source
 * `admin-api`), one per non-zero measure:
 *
 * - per model: `cost` (USD, from cents), `tokens.input`, `tokens.output`,
 *   `tokens.cacheRead`, `tokens.cacheCreation`, with `attributes.model`;
 * - per record: `sessions`, `commits`, `pullRequests`, `linesAdded`,
 *   `linesRemoved`, without a model.
 *
 * The actor becomes `attributes.userEmail` or `attributes.apiKeyName`. The
 * timestamp is the day at midnight UTC. The idempotency key is built from the
 * day, the actor, the terminal type (the API may split an actor's day by
 * terminal), the model and the measure, so importing the same day again
 * yields the same keys. Zero values are left out: they change no total.
 *
 * @public
 */
export function claudeCodeUsageToSpendPoints(
  page: ClaudeCodeUsageReportPage,
): SpendPoint[] {
  const points: SpendPoint[] = [];
  for (const record of page.data) {
    const timestamp = Date.parse(`${record.date}T00:00:00Z`);
    const base: SpendAttributes =
      record.actor.type === 'user_actor'
        ? { userEmail: record.actor.email_address }
        : { apiKeyName: record.actor.api_key_name };
    const prefix = [
      'admin-api',
      'claude_code',
      record.date,
      actorKey(record.actor),
      record.terminal_type ?? '-',
    ].join('|');
    const push = (
      measure: SpendMeasure,
      value: number,
      model: string | undefined,
    ) => {
      if (value === 0) {
        return;
      }
      points.push({
        key: `${prefix}|${model ?? '-'}|${measure}`,
        source: 'admin-api',
        measure,
        value,
        timestamp,
        attributes: model ? { ...base, model } : { ...base },
      });
    };
    const core = record.core_metrics;
    push('sessions', core.num_sessions, undefined);
    push('commits', core.commits_by_claude_code, undefined);
    push('pullRequests', core.pull_requests_by_claude_code, undefined);
    push('linesAdded', core.lines_of_code.added, undefined);
    push('linesRemoved', core.lines_of_code.removed, undefined);
    for (const m of record.model_breakdown) {
      push('cost', m.estimated_cost.amount / 100, m.model);
      push('tokens.input', m.tokens.input, m.model);
      push('tokens.output', m.tokens.output, m.model);
      push('tokens.cacheRead', m.tokens.cache_read, m.model);
      push('tokens.cacheCreation', m.tokens.cache_creation, m.model);
    }
  }
  return points;
}

/**
 * Reads an upload of Admin API Claude Code usage report pages (one page, or an
 * array of pages as saved from successive calls) into spend points. Errors in
 * the `n`-th page of an array are named `[n].data[...]...`.
 *
 * @throws AdminApiReportError naming the offending field
 * @public
 */
export function adminApiUploadToSpendPoints(value: unknown): {
  pages: number;
  records: number;
  points: SpendPoint[];
} {
  const pages = Array.isArray(value)
    ? value.map((p, i) => parseClaudeCodeUsageReportPage(p, `[${i}]`))
    : [parseClaudeCodeUsageReportPage(value)];
  if (Array.isArray(value) && value.length === 0) {
    throw new AdminApiReportError('report', 'must contain at least one page');
  }
  return {
    pages: pages.length,
    records: pages.reduce((n, p) => n + p.data.length, 0),
    points: pages.flatMap(claudeCodeUsageToSpendPoints),
  };
}
