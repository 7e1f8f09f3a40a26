import type { TeamOverview } from '../snapshot/types';
import { pageOf } from './governanceAlerts';

/**
 * What the platform team's "Notify owners" sends a team: one notification
 * about its agent config, from the snapshot's row of the team.
 *
 * @public
 */
export interface TeamNudge {
  /** The team (Group ref): the recipients. */
  team: string;
  title: string;
  description: string;
  /** The team's page, where the fixes are (Upgrade buttons, exception requests). */
  link: string;
  severity: 'critical' | 'high' | 'normal';
  /** One scope per team: a second nudge updates the first instead of adding one. */
  scope: string;
}

/** At most this many violation messages are quoted. */
const QUOTED = 3;

/**
 * Builds the "Notify owners" notification of a team from its overview row:
 * its drift (releases behind, a missed security release, a deprecated or
 * withdrawn pin) and its violations (errors first, the first three quoted).
 * Undefined when there is nothing to tell (up to date, no violation).
 *
 * @param team - the team's row of the snapshot's overview.
 * @param sentBy - the user who asked (User ref), named in the text.
 * @public
 */
export function buildTeamNudge(
  team: Pick<TeamOverview, 'team' | 'drift' | 'violations'>,
  sentBy: string,
): TeamNudge | undefined {
  const parts: string[] = [];
  const drift = team.drift;
  if (drift && drift.releasesBehind > 0 && drift.latest) {
    parts.push(
      `Pinned to ${
        drift.pinned.includes('@')
          ? drift.pinned
          : `${drift.base}@${drift.pinned}`
      }, ${drift.releasesBehind} release${
        drift.releasesBehind === 1 ? '' : 's'
      } behind ${drift.latest}${
        drift.missedSecurity ? ', including a security release' : ''
      }.`,
    );
  }
  if (drift?.pinWithdrawn) parts.push(`The pinned release is withdrawn.`);
  else if (drift?.pinDeprecated)
    parts.push(`The pinned release is deprecated.`);
  const errors = team.violations.filter(v => v.severity === 'error');
  const warnings = team.violations.filter(v => v.severity !== 'error');
  if (team.violations.length > 0) {
    const quoted = [...errors, ...warnings]
      .slice(0, QUOTED)
      .map(v => `${v.severity}: ${v.message}`);
    parts.push(
      `${errors.length} error${errors.length === 1 ? '' : 's'} and ${
        warnings.length
      } warning${
        warnings.length === 1 ? '' : 's'
      } in the agent config: ${quoted.join(' ')}${
        team.violations.length > QUOTED ? ' ...' : ''
      }`,
    );
  }
  if (parts.length === 0) return undefined;
  let severity: TeamNudge['severity'] = 'normal';
  if (drift?.missedSecurity || drift?.pinWithdrawn) severity = 'critical';
  else if (errors.length > 0) severity = 'high';
  return {
    team: team.team,
    title: `The platform team asks ${team.team} to look at its agent config`,
    description: `${parts.join(' ')} (Sent by ${sentBy}.)`,
    link: pageOf(team.team),
    severity,
    scope: `agent-platform:nudge:${team.team}`,
  };
}
