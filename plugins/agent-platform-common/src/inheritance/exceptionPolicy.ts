import type { AgentConfigEntity, AgentConfigException } from '../model';
import { isRecord } from '../model/common';
import { normalizeEntityRef } from '../model/entityRef';
import { exceptionEndsAt } from './exceptions';

/**
 * Longest an exception may hold when the policy does not say: 90 days.
 *
 * @public
 */
export const DEFAULT_EXCEPTION_MAX_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Who may approve exceptions, and for how long.
 *
 * @public
 */
export interface ExceptionPolicy {
  /**
   * Entity refs allowed to approve: the platform team, the configured
   * approvers groups, and their members (users). Compared normalized.
   */
  approvers: string[];
  /** Longest an exception may hold, in days, counted from `since` (or today). */
  maxDays: number;
}

/**
 * An exception granted through the portal (an approved request), to add to
 * the team config of `team`.
 *
 * @public
 */
export interface GrantedException extends AgentConfigException {
  /** Normalized ref of the Group whose team config holds it. */
  team: string;
  /** First day it holds. */
  since: string;
}

const utcDayStart = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
};

/**
 * Why an exception does not count under a policy, or `undefined` when it
 * does. It counts only when approved by someone allowed to approve and for at
 * most `maxDays` (from `since`, or from today when it has none). An exception
 * whose dates are not dates is left to the date check (`exception-invalid`).
 *
 * @public
 */
export function judgeException(
  exception: AgentConfigException,
  policy: ExceptionPolicy,
  now: Date,
): string | undefined {
  const what = `The exception for ${exception.target}`;
  const approvers = new Set(
    policy.approvers.map(ref => normalizeEntityRef(ref) ?? ref),
  );
  const approver = normalizeEntityRef(exception.approvedBy);
  if (!approver || !approvers.has(approver)) {
    return `${what} is approved by ${exception.approvedBy}, who may not approve exceptions (only the platform team or an approvers group may); it does not count.`;
  }
  const end = exceptionEndsAt(exception.until);
  if (end === undefined) return undefined;
  let start = utcDayStart(now.getTime());
  if (exception.since !== undefined) {
    const since = exceptionEndsAt(exception.since);
    if (since === undefined) {
      return `${what} has since "${exception.since}", which is not a date such as 2027-01-31; it does not count.`;
    }
    start = utcDayStart(since);
    if (end < start) {
      return `${what} ends (${exception.until}) before it starts (${exception.since}); it does not count.`;
    }
  }
  // Days held, counting the first and the last day.
  const days = Math.round((utcDayStart(end) - start) / DAY_MS) + 1;
  if (days > policy.maxDays) {
    return `${what} holds until ${exception.until}, ${days} days${
      exception.since ? ` from ${exception.since}` : ' from today'
    }, longer than the ${policy.maxDays} days allowed; it does not count.`;
  }
  return undefined;
}

const specOf = (entity: AgentConfigEntity): Record<string, unknown> =>
  isRecord(entity.spec) ? (entity.spec as Record<string, unknown>) : {};

/**
 * The catalog's agent configs with the exception policy applied, for a
 * snapshot: every team and repo config's exceptions are judged
 * ({@link judgeException}) and an exception that does not count carries the
 * reason in `rejected` (which the resolution reports as
 * `exception-unapproved`); the granted exceptions are added to the team
 * configs owned by their team. Configs that change are copies; the others are
 * returned as they are, so caches keyed by them still hold. Never throws.
 *
 * @public
 */
export function applyExceptionPolicy<T extends AgentConfigEntity>(
  configs: T[],
  options: {
    policy: ExceptionPolicy;
    now: Date;
    granted?: GrantedException[];
  },
): T[] {
  const grantsByTeam = new Map<string, AgentConfigException[]>();
  for (const { team, ...exception } of options.granted ?? []) {
    const key = normalizeEntityRef(team, 'group') ?? team;
    const list = grantsByTeam.get(key) ?? [];
    list.push(exception);
    grantsByTeam.set(key, list);
  }
  return configs.map(config => {
    const spec = specOf(config);
    if (spec.level !== 'team' && spec.level !== 'repo') return config;
    const own = Array.isArray(spec.exceptions) ? spec.exceptions : [];
    const owner =
      typeof spec.owner === 'string'
        ? normalizeEntityRef(spec.owner, 'group')
        : undefined;
    const granted =
      spec.level === 'team' && owner ? grantsByTeam.get(owner) ?? [] : [];
    if (own.length === 0 && granted.length === 0) return config;
    const exceptions = [...own, ...granted].map(entry => {
      if (
        !isRecord(entry) ||
        typeof entry.approvedBy !== 'string' ||
        typeof entry.until !== 'string' ||
        typeof entry.target !== 'string'
      ) {
        return entry; // malformed: reported by the layer reader
      }
      const exception = entry as unknown as AgentConfigException;
      const { rejected: _ignored, ...plain } = exception;
      const reason = judgeException(plain, options.policy, options.now);
      return reason ? { ...plain, rejected: reason } : plain;
    });
    return { ...config, spec: { ...spec, exceptions } } as T;
  });
}
