import type { PlatformOverview } from '../snapshot/types';
import type { ExceptionRequest } from '../inheritance/exceptionViews';
import type { BudgetState } from '../spend/api';

/**
 * A team's budget position this month, as the spend reports compute it.
 *
 * @public
 */
export interface TeamBudgetState {
  /** Group ref. */
  team: string;
  /** `YYYY-MM`. */
  month: string;
  state: BudgetState;
  monthToDate: number;
  monthlyUsd: number | null;
}

/**
 * An exception a team config holds, as the snapshot has it.
 *
 * @public
 */
export interface HeldExceptionState {
  /** Group ref of the team. */
  team: string;
  target: string;
  until: string;
  /** Set when the exception does not count. */
  rejected?: string;
}

/**
 * Everything governance alerts are computed from.
 *
 * @public
 */
export interface GovernanceAlertInput {
  /** The snapshot's overview. */
  overview: PlatformOverview;
  /** Exceptions held by team configs. */
  exceptions: HeldExceptionState[];
  /** Budget states of the teams that have a budget. */
  budgets: TeamBudgetState[];
  /** Pending requests, and requests decided recently. */
  requests: ExceptionRequest[];
  /** The platform team (Group ref). */
  platformTeam: string;
  /** Who approves exceptions besides the platform team (Group refs). */
  approverGroups?: string[];
  now: Date;
}

/**
 * One condition to tell people about. `scope` is stable for the condition
 * (one team's budget, one exception, one request); `state` changes when the
 * condition changes, and only then is it told again.
 *
 * @public
 */
export interface GovernanceAlert {
  /** Stable id of the condition, used as the notification's scope. */
  scope: string;
  /** The condition's state; a different state is a new notification. */
  state: string;
  /** Entity refs to notify (Groups and Users). */
  recipients: string[];
  title: string;
  description: string;
  /** A portal path, e.g. `/catalog/default/group/payments`. */
  link: string;
  severity: 'critical' | 'high' | 'normal' | 'low';
  /** Notification topic. */
  topic:
    | 'agent-platform-budget'
    | 'agent-platform-release'
    | 'agent-platform-exception'
    | 'agent-platform-deprecated'
    | 'agent-platform-exception-request';
}

/** How close to its end an exception is reported as expiring. */
export const EXCEPTION_EXPIRY_WARNING_DAYS = 14;

const DAY_MS = 86_400_000;

/** `/catalog/<namespace>/<kind>/<name>` for a normalized ref. */
export function pageOf(ref: string): string {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(ref);
  return match
    ? `/catalog/${match[2]}/${match[1]}/${match[3]}`
    : '/agent-platform';
}

const uniq = (refs: string[]) => [...new Set(refs)];
const lower = (ref: string) => ref.toLocaleLowerCase('en-US');
const usd = (n: number) => `$${n.toFixed(2)}`;

/**
 * The governance conditions to tell teams and the platform team about:
 * budget at risk and over; base releases the team has not taken (critical
 * when one is a security release); exceptions expiring within 14 days or
 * expired; deprecated skills, servers and releases in use; exception
 * requests waiting for approval, and their decisions. Pure: the caller sends
 * each alert whose `state` differs from the one it last sent for `scope`.
 *
 * @public
 */
export function computeGovernanceAlerts(
  input: GovernanceAlertInput,
): GovernanceAlert[] {
  const alerts: GovernanceAlert[] = [];
  const platform = lower(input.platformTeam);
  const approvers = uniq([platform, ...(input.approverGroups ?? []).map(lower)]);
  const today = input.now.toISOString().slice(0, 10);
  const soon = new Date(
    input.now.getTime() + EXCEPTION_EXPIRY_WARNING_DAYS * DAY_MS,
  )
    .toISOString()
    .slice(0, 10);

  for (const b of input.budgets) {
    if (b.state !== 'at-risk' && b.state !== 'over') continue;
    const over = b.state === 'over';
    alerts.push({
      scope: `agent-platform:budget:${b.team}`,
      state: `${b.state}:${b.month}`,
      recipients: over ? uniq([b.team, platform]) : [b.team],
      title: over
        ? `Agent spend is over budget for ${b.team}`
        : `Agent spend is forecast over budget for ${b.team}`,
      description: `${usd(b.monthToDate)} spent in ${b.month}${
        b.monthlyUsd !== null ? ` against a budget of ${usd(b.monthlyUsd)}` : ''
      }.`,
      link: pageOf(b.team),
      severity: over ? 'high' : 'normal',
      topic: 'agent-platform-budget',
    });
  }

  // Team config ref -> owning team, for the deprecated lists (by config).
  const teamOfConfig = new Map<string, string>();
  const deprecatedByTeam = new Map<string, string[]>();
  const addDeprecated = (config: string, what: string) => {
    const team = teamOfConfig.get(config);
    if (!team) return;
    const list = deprecatedByTeam.get(team) ?? [];
    list.push(what);
    deprecatedByTeam.set(team, list);
  };

  for (const team of input.overview.teams) {
    teamOfConfig.set(team.config, team.team);
    const drift = team.drift;
    if (!drift || drift.releasesBehind === 0 || !drift.latest) continue;
    const security = drift.missedSecurity;
    const securityVersions = drift.missed
      .filter(m => m.security)
      .map(m => m.version);
    alerts.push({
      scope: `agent-platform:release:${team.config}`,
      state: `${drift.latest}${security ? ':security' : ''}`,
      recipients: security ? uniq([team.team, platform]) : [team.team],
      title: security
        ? `${team.team} misses security release ${securityVersions.join(', ')} of ${drift.base}`
        : `New base release ${drift.base}@${drift.latest} for ${team.team}`,
      description: `Pinned to ${drift.pinned}, ${drift.releasesBehind} release${
        drift.releasesBehind === 1 ? '' : 's'
      } behind ${drift.latest}.${
        drift.upgradeLine ? ` Upgrade with: ${drift.upgradeLine}` : ''
      }`,
      link: pageOf(team.team),
      severity: security ? 'critical' : 'normal',
      topic: 'agent-platform-release',
    });
  }

  for (const e of input.exceptions) {
    if (e.rejected) continue;
    const expired = e.until < today;
    if (!expired && e.until > soon) continue;
    alerts.push({
      scope: `agent-platform:exception:${e.team}:${e.target}`,
      state: `${expired ? 'expired' : 'expiring'}:${e.until}`,
      recipients: [e.team],
      title: expired
        ? `Exception for ${e.target} expired`
        : `Exception for ${e.target} expires on ${e.until}`,
      description: expired
        ? `The exception of ${e.team} for ${e.target} ended on ${e.until}; what it excepted is a violation again.`
        : `The exception of ${e.team} for ${e.target} ends on ${e.until}. Request a new one or remove what it excepts.`,
      link: pageOf(e.team),
      severity: expired ? 'high' : 'normal',
      topic: 'agent-platform-exception',
    });
  }

  const { deprecated } = input.overview;
  for (const skill of deprecated.skills) {
    for (const config of skill.usedBy) {
      addDeprecated(
        config,
        `skill ${skill.ref}${skill.replacedBy ? ` (use ${skill.replacedBy})` : ''}`,
      );
    }
  }
  for (const server of deprecated.mcpServers) {
    for (const config of server.usedBy) {
      addDeprecated(config, `MCP server ${server.ref}`);
    }
  }
  for (const release of deprecated.releases) {
    for (const config of release.teams) {
      addDeprecated(
        config,
        `${release.withdrawn ? 'withdrawn' : 'deprecated'} release ${release.version}`,
      );
    }
  }
  for (const [team, items] of deprecatedByTeam) {
    const sorted = uniq(items).sort();
    alerts.push({
      scope: `agent-platform:deprecated:${team}`,
      state: sorted.join('|'),
      recipients: [team],
      title: `${team} uses ${sorted.length} deprecated item${
        sorted.length === 1 ? '' : 's'
      }`,
      description: `${sorted.join('; ')}.`,
      link: pageOf(team),
      severity: 'normal',
      topic: 'agent-platform-deprecated',
    });
  }

  for (const r of input.requests) {
    const scope = `agent-platform:exception-request:${r.id}`;
    if (r.status === 'pending') {
      alerts.push({
        scope,
        state: 'pending',
        recipients: approvers,
        title: `Exception request from ${r.team}: ${r.target}`,
        description: `${r.requestedBy} asks for ${r.target} from ${r.since} to ${r.until}: ${r.reason}`,
        link: pageOf(r.team),
        severity: 'normal',
        topic: 'agent-platform-exception-request',
      });
      continue;
    }
    alerts.push({
      scope,
      state: r.status,
      recipients: uniq([r.team, r.requestedBy]),
      title: `Exception for ${r.target} ${r.status}`,
      description: `${r.decidedBy ?? 'An approver'} ${r.status} the exception for ${
        r.target
      } (${r.since} to ${r.until})${r.decisionNote ? `: ${r.decisionNote}` : '.'}`,
      link: pageOf(r.team),
      severity: r.status === 'denied' ? 'high' : 'normal',
      topic: 'agent-platform-exception-request',
    });
  }
  return alerts;
}
