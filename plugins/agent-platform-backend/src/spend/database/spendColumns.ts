import {
  emptySpendTotals,
  SpendDimension,
  SpendMeasure,
  SpendPoint,
  SpendTotals,
} from '@agent-platform/plugin-agent-platform-common';
import crypto, { createHash } from 'node:crypto';

/**
 * A spend point with its attribution.
 *
 * @public
 */
export interface AttributedSpendPoint extends SpendPoint {
  team: string | null;
  user: string | null;
}

/** The measure columns, in the order of {@link SpendMeasure}. */
export const MEASURE_COLUMNS: Record<SpendMeasure, string> = {
  cost: 'cost',
  'tokens.input': 'tokens_input',
  'tokens.output': 'tokens_output',
  'tokens.cacheRead': 'tokens_cache_read',
  'tokens.cacheCreation': 'tokens_cache_creation',
  sessions: 'sessions',
  commits: 'commits',
  pullRequests: 'pull_requests',
  linesAdded: 'lines_added',
  linesRemoved: 'lines_removed',
  activeSeconds: 'active_seconds',
};
export const COLUMNS = Object.values(MEASURE_COLUMNS);
export const TOKEN_COLUMNS = [
  'cost',
  'tokens_input',
  'tokens_output',
  'tokens_cache_read',
  'tokens_cache_creation',
];
/** The daily rollup's dimensions; '' holds the totals. */
export const ROLLUP_DIMENSIONS = [
  '',
  'model',
  'skill',
  'mcp_server',
  'user_ref',
  'repo',
  'agent',
  'plugin',
  'query_source',
  'effort',
] as const;
export const DIMENSION_COLUMNS = [
  'team',
  'model',
  'skill',
  'mcp_server',
  'user_ref',
  'repo',
  'agent',
  'plugin',
  'query_source',
  'effort',
] as const;
export const DIMENSION_OF: Record<SpendDimension, string> = {
  model: 'model',
  skill: 'skill',
  mcpServer: 'mcp_server',
  user: 'user_ref',
  repo: 'repo',
  agent: 'agent',
  plugin: 'plugin',
  querySource: 'query_source',
  effort: 'effort',
};

const oneShotHash = (crypto as { hash?: typeof crypto.hash }).hash;

/** sha256 hex of a text. @public */
export function sha256(text: string): string {
  // crypto.hash (Node 20.12 and later) skips the Hash object: a third
  // faster for short texts such as idempotency keys.
  return oneShotHash
    ? oneShotHash('sha256', text, 'hex')
    : createHash('sha256').update(text).digest('hex');
}

/**
 * A point's stored identity: its time (milliseconds, 13 digits), a colon,
 * and the sha256 of its idempotency key. The time prefix keeps the unique
 * index in arrival order (see migration 20261121160000).
 *
 * @public
 */
export function pointKeyHash(point: Pick<SpendPoint, 'key' | 'timestamp'>) {
  return `${String(point.timestamp).padStart(13, '0')}:${sha256(point.key)}`;
}

/**
 * A point's key in `spend_point_keys` (migration 20261206130000): its time
 * (milliseconds since the epoch, 6 bytes big-endian), then the first 10
 * bytes of the sha256 of its idempotency key.
 */
export function pointKey(point: Pick<SpendPoint, 'key' | 'timestamp'>): Buffer {
  return pointKeyOf(pointKeyHash(point));
}

/**
 * {@link pointKey} from the point's {@link pointKeyHash}, which the writer
 * has already computed (the migration reads the same from stored rows).
 */
export function pointKeyOf(keyHash: string): Buffer {
  const colon = keyHash.indexOf(':');
  const key = timeKeyPrefix(Number(keyHash.slice(0, colon)), 16);
  key.write(keyHash.slice(colon + 1, colon + 21), 6, 'hex');
  return key;
}

/**
 * The first key at a time: every key of an earlier time sorts before it
 * (bytes compare as unsigned, on both databases).
 */
export function timeKeyPrefix(time: number, length = 6): Buffer {
  const key = Buffer.alloc(length);
  key.writeUIntBE(time, 0, 6);
  return key;
}

export const clip = (text: string | null | undefined) =>
  (text ?? '').slice(0, 255);

/** The raw point columns, in the order of {@link pointValues}. */
export const POINT_COLUMNS = [
  'key_hash',
  'source',
  'measure',
  'value',
  'ts',
  'team',
  'model',
  'skill',
  'mcp_server',
  'user_ref',
  'repo',
  'team_id',
  'user_email',
  'session_id',
  'received_at',
  'agent',
  'plugin',
  'query_source',
  'effort',
] as const;

export function pointValues(
  hash: string,
  p: AttributedSpendPoint,
  now: number,
) {
  return [
    hash,
    p.source,
    p.measure,
    p.value,
    p.timestamp,
    clip(p.team),
    clip(p.attributes.model),
    clip(p.attributes.skill),
    clip(p.attributes.mcpServer),
    clip(p.user),
    clip(p.attributes.repo),
    clip(p.attributes.teamId),
    clip(p.attributes.userEmail),
    clip(p.attributes.sessionId),
    now,
    clip(p.attributes.agent),
    clip(p.attributes.plugin),
    clip(p.attributes.querySource),
    clip(p.attributes.effort),
  ];
}

export const HOUR_KEYS = ['bucket', 'source', ...DIMENSION_COLUMNS];
export const DAY_KEYS = ['scope', 'scope_key', 'dimension', 'bucket', 'key'];
export const SOURCE_DAY_KEYS = ['team', 'bucket', 'source'];
export const STATEMENT_COLUMNS = {
  point: POINT_COLUMNS,
  hourKeys: HOUR_KEYS,
  dayKeys: DAY_KEYS,
  sourceDayKeys: SOURCE_DAY_KEYS,
  measures: COLUMNS,
};

/** A rollup row: its key columns and its measures. */
export type RollupRow = Record<string, string | number>;

const CHUNK = 500;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

export function totalsOf(row: Record<string, unknown>): SpendTotals {
  const n = (column: string) => Number(row[column] ?? 0);
  const totals = emptySpendTotals();
  totals.cost = n('cost');
  totals.tokens = {
    input: n('tokens_input'),
    output: n('tokens_output'),
    cacheRead: n('tokens_cache_read'),
    cacheCreation: n('tokens_cache_creation'),
  };
  totals.sessions = n('sessions');
  totals.commits = n('commits');
  totals.pullRequests = n('pull_requests');
  totals.linesAdded = n('lines_added');
  totals.linesRemoved = n('lines_removed');
  totals.activeSeconds = n('active_seconds');
  return totals;
}
