import type { AgentConfigException } from '../model';
import { DATE_PATTERN } from '../model/values';
import { permissionRuleCovers } from '../parsers/permissionRuleMatch';
import { mcpServerRefKey } from './merge';
import {
  AppliedException,
  ExceptedViolation,
  FederationRuleId,
  FederationViolation,
} from './types';

/**
 * What an exception can cover: a server (by ref) or a permission rule (by coverage).
 *
 * @public
 */
export type ExceptionTargetKind = 'mcp-server' | 'permission-rule';

/**
 * A violation that an exception may turn into a note.
 *
 * @public
 */
export interface ExceptableViolation extends FederationViolation {
  /** How an exception's target is matched against `item`. */
  exceptable: ExceptionTargetKind;
}

/**
 * An exception together with the layer that holds it.
 *
 * @internal
 */
export interface HeldException extends AgentConfigException {
  /** The layer that holds it. */
  layer: string;
}

/**
 * The last instant an exception holds, in epoch milliseconds: a bare date
 * (`2027-01-31`) holds through the end of that day, UTC. `undefined` when the
 * text is not a date.
 *
 * @public
 */
export function exceptionEndsAt(until: string): number | undefined {
  const text = until.trim();
  if (!DATE_PATTERN.test(text)) {
    return undefined;
  }
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (dateOnly) {
    const [year, month, day] = dateOnly.slice(1).map(Number);
    const end = Date.UTC(year, month - 1, day, 23, 59, 59, 999);
    const check = new Date(end);
    // Reject impossible dates such as 2027-02-31.
    return check.getUTCMonth() === month - 1 && check.getUTCDate() === day
      ? end
      : undefined;
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * True when the exception's target covers the violation's item: the same
 * server ref, or a permission rule that covers the offending rule.
 *
 * @internal
 */
export function exceptionCovers(
  exception: AgentConfigException,
  violation: ExceptableViolation,
): boolean {
  if (violation.exceptable === 'mcp-server') {
    return mcpServerRefKey(exception.target) === violation.item;
  }
  return permissionRuleCovers(exception.target, violation.item);
}

function applied(exception: HeldException): AppliedException {
  return {
    target: exception.target,
    reason: exception.reason,
    approvedBy: exception.approvedBy,
    until: exception.until,
    layer: exception.layer,
  };
}

/**
 * Findings of exception validity: every exception whose `until` is not a
 * date is reported once as `exception-invalid` and is then ignored.
 *
 * @internal
 */
export function checkExceptionDates(
  exceptions: HeldException[],
): FederationViolation[] {
  return exceptions
    .filter(e => exceptionEndsAt(e.until) === undefined)
    .map(e => ({
      rule: 'exception-invalid' as FederationRuleId,
      severity: 'error' as const,
      layer: e.layer,
      item: e.target,
      message: `The exception for ${e.target} has until "${e.until}", which is not a date such as 2027-01-31; it is ignored.`,
    }));
}

/**
 * Applies exceptions to one violation. An unexpired exception (`until` is
 * today or later) covering the item turns it into an excepted note; when
 * only expired exceptions cover it, it becomes an `exception-expired`
 * violation; otherwise it stays as it is.
 *
 * @internal
 */
export function applyExceptions(
  violation: ExceptableViolation,
  exceptions: HeldException[],
  now: Date,
):
  | { kind: 'excepted'; note: ExceptedViolation }
  | { kind: 'violation'; violation: FederationViolation } {
  const { exceptable: _kind, ...plain } = violation;
  const matching = exceptions
    .map(e => ({ exception: e, endsAt: exceptionEndsAt(e.until) }))
    .filter(
      (m): m is { exception: HeldException; endsAt: number } =>
        m.endsAt !== undefined && exceptionCovers(m.exception, violation),
    )
    .sort((a, b) => b.endsAt - a.endsAt);
  if (matching.length === 0) {
    return { kind: 'violation', violation: plain };
  }
  const [best] = matching;
  if (best.endsAt >= now.getTime()) {
    const note = { ...plain } as ExceptedViolation;
    note.exception = applied(best.exception);
    return { kind: 'excepted', note };
  }
  return {
    kind: 'violation',
    violation: {
      ...plain,
      rule: 'exception-expired',
      severity: 'error',
      excepts: violation.rule,
      exception: applied(best.exception),
      message: `${plain.message} The exception approved by ${best.exception.approvedBy} expired after ${best.exception.until}.`,
    },
  };
}
