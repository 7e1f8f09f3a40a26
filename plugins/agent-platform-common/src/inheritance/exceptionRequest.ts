import { normalizeEntityRef } from '../model/entityRef';
import { parsePermissionRule } from '../parsers/permissionRule';
import { exceptionEndsAt } from './exceptions';
import { mcpServerRefKey } from './merge';

/**
 * An exception request as a team member sends it.
 *
 * @public
 */
export interface ExceptionRequestInput {
  /** The Group asking, e.g. `group:default/payments`. */
  team: string;
  /** What to except: a permission rule (`Read(./.env)`) or an MCP server ref. */
  target: string;
  /** Why. */
  reason: string;
  /** First day, e.g. `2026-12-06`; today when absent. */
  since?: string;
  /** Last day, inclusive, e.g. `2027-01-31`. */
  until: string;
}

/**
 * One problem with an exception request: the field and what is wrong.
 *
 * @public
 */
export interface ExceptionRequestProblem {
  /** The field at fault. */
  field: 'team' | 'target' | 'reason' | 'since' | 'until';
  /** What is wrong, for people. */
  message: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks an exception request before it is stored: the team must be one that
 * holds a team config, the target a well-formed permission rule or a known
 * MCP server, the dates real dates with the end on or after the start, the
 * start not before today, and the length within `maxDays`. Returns the
 * problems (empty when none) and the normalized request.
 *
 * @public
 */
export function checkExceptionRequest(
  input: ExceptionRequestInput,
  context: {
    /** Normalized refs of the Groups that own a team config. */
    teams: ReadonlySet<string>;
    /** Normalized refs of the known MCP servers. */
    mcpServers: ReadonlySet<string>;
    /** Longest an exception may hold, in days. */
    maxDays: number;
    now: Date;
  },
): {
  problems: ExceptionRequestProblem[];
  request: ExceptionRequestInput & { since: string };
} {
  const problems: ExceptionRequestProblem[] = [];
  const today = context.now.toISOString().slice(0, 10);
  const team = normalizeEntityRef(input.team, 'group');
  if (!team || !team.startsWith('group:')) {
    problems.push({
      field: 'team',
      message: `"${input.team}" is not a Group ref such as group:default/payments`,
    });
  } else if (!context.teams.has(team)) {
    problems.push({
      field: 'team',
      message: `${team} does not exist or owns no team agent config`,
    });
  }

  let target = input.target.trim();
  if (/^api:/i.test(target)) {
    target = mcpServerRefKey(target);
    if (!context.mcpServers.has(target)) {
      problems.push({
        field: 'target',
        message: `${target} is not a known MCP server`,
      });
    }
  } else {
    const parsed = parsePermissionRule(target);
    if (!parsed.rule || parsed.issues.length > 0) {
      problems.push({
        field: 'target',
        message: `"${target}" is neither a permission rule such as Read(./.env) nor an MCP server ref such as api:default/github${
          parsed.issues[0] ? `: ${parsed.issues[0].message}` : ''
        }`,
      });
    }
  }

  if (!input.reason.trim()) {
    problems.push({ field: 'reason', message: 'must say why' });
  }

  const since = input.since?.trim() || today;
  const until = input.until.trim();
  const start = BARE_DATE.test(since) ? exceptionEndsAt(since) : undefined;
  const end = BARE_DATE.test(until) ? exceptionEndsAt(until) : undefined;
  if (start === undefined) {
    problems.push({
      field: 'since',
      message: `"${since}" is not a date such as 2027-01-31`,
    });
  } else if (since < today) {
    problems.push({
      field: 'since',
      message: `${since} is in the past (today is ${today})`,
    });
  }
  if (end === undefined) {
    problems.push({
      field: 'until',
      message: `"${until}" is not a date such as 2027-01-31`,
    });
  } else if (start !== undefined) {
    const days = Math.round((end - start) / DAY_MS) + 1;
    if (end < start) {
      problems.push({
        field: 'until',
        message: `${until} is before the start, ${since}`,
      });
    } else if (days > context.maxDays) {
      problems.push({
        field: 'until',
        message: `${until} is ${days} days from ${since}; at most ${context.maxDays} days are allowed`,
      });
    }
  }
  return {
    problems,
    request: {
      team: team ?? input.team,
      target,
      reason: input.reason.trim(),
      since,
      until,
    },
  };
}
