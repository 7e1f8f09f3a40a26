import type {
  ExceptedViolation,
  FederationViolation,
  PlatformOverview,
  TeamOverview,
} from '@agent-platform/plugin-agent-platform-common';
import { bySeverity, byText } from './compare';

/** Teams ordered by drift: unknown or withdrawn pins, missed security, most releases behind. */
export function teamsByDrift(overview: PlatformOverview): TeamOverview[] {
  const weight = (t: TeamOverview) => {
    const d = t.drift;
    if (!d) return 1000;
    return (
      (d.pinUnknown || d.pinWithdrawn ? 500 : 0) +
      (d.missedSecurity ? 100 : 0) +
      (d.pinDeprecated ? 50 : 0) +
      d.releasesBehind
    );
  };
  return [...overview.teams].sort(
    (a, b) => weight(b) - weight(a) || byText(a.team, b.team),
  );
}

/** Every team's violations and exceptions, errors first. */
export function allViolations(overview: PlatformOverview): {
  violations: Array<FederationViolation & { team: string }>;
  excepted: Array<ExceptedViolation & { team: string }>;
} {
  const violations = overview.teams.flatMap(t =>
    t.violations.map(v => ({ ...v, team: t.team })),
  );
  violations.sort((a, b) => bySeverity(a, b) || byText(a.team, b.team));
  const excepted = overview.teams.flatMap(t =>
    t.excepted.map(e => ({ ...e, team: t.team })),
  );
  excepted.sort((a, b) => byText(a.exception.until, b.exception.until));
  return { violations, excepted };
}
