import type { Entity } from '@backstage/catalog-model';
import type {
  ExceptedViolation,
  FederationViolation,
  PlatformOverview,
  TeamOverview,
} from '@agent-platform/plugin-agent-platform-common';
import { normalizeEntityRef } from '@agent-platform/plugin-agent-platform-common';
import { TeamSpend, usageFromConfigs } from './usage';
import { bySeverity, byText } from './compare';

const lower = (text: string) => text.toLocaleLowerCase('en-US');
const refOf = (e: Entity) =>
  lower(`${e.kind}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`);

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

/** A team whose model mix departs from its routing. */
export interface ModelMixDeparture {
  team: string;
  /** The models the routing names. */
  routed: string[];
  /** Spend on models the routing does not name, by model. */
  outside: Array<{ model: string; cost: number }>;
  /** Share of the team's spend outside the routing, 0..1. */
  share: number;
  total: number;
}

/**
 * Teams spending more than `threshold` (share of their cost) on models their
 * routing does not name. `routing` maps team refs to the models of their
 * effective `modelRouting`.
 */
export function modelMixDepartures(
  reports: Map<string, TeamSpend>,
  routing: Map<string, string[]>,
  threshold = 0.2,
): ModelMixDeparture[] {
  const result: ModelMixDeparture[] = [];
  for (const [team, report] of reports) {
    const routed = routing.get(team);
    if (!routed || routed.length === 0 || report.cost <= 0) continue;
    const outside = report.byModel
      .filter(r => r.key !== null && !routed.includes(r.key) && r.cost > 0)
      .map(r => ({ model: r.key as string, cost: r.cost }));
    const cost = outside.reduce((sum, r) => sum + r.cost, 0);
    const share = cost / report.cost;
    if (share > threshold) {
      result.push({
        team,
        routed: [...routed].sort(),
        outside,
        share,
        total: report.cost,
      });
    }
  }
  return result.sort((a, b) => b.share - a.share || byText(a.team, b.team));
}

/** One skill with the teams whose configs list it. */
export interface SkillReuse {
  skill: string;
  title: string;
  scope?: string;
  owner?: string;
  lifecycle?: string;
  teams: string[];
  repos: string[];
  /** True when a base config lists it (every team on those releases gets it). */
  inBase: boolean;
}

/** Teams per skill, from the `skillUsedBy` relations and the configs. */
export function skillReuse(skills: Entity[], configs: Entity[]): SkillReuse[] {
  const configByRef = new Map(configs.map(c => [refOf(c), c]));
  return skills
    .map(skill => {
      const spec = (skill.spec ?? {}) as Record<string, any>;
      const users = (skill.relations ?? [])
        .filter(r => r.type === 'skillUsedBy')
        .map(r => configByRef.get(lower(r.targetRef)));
      const usage = usageFromConfigs(users);
      return {
        skill: refOf(skill),
        title: skill.metadata.title ?? skill.metadata.name,
        ...(spec.scope ? { scope: spec.scope } : {}),
        ...(typeof spec.owner === 'string'
          ? { owner: normalizeEntityRef(spec.owner, 'group') }
          : {}),
        ...(spec.lifecycle ? { lifecycle: spec.lifecycle } : {}),
        teams: usage.teams,
        repos: usage.repos,
        inBase: usage.bases.length > 0,
      };
    })
    .sort(
      (a, b) => b.teams.length - a.teams.length || byText(a.skill, b.skill),
    );
}

/** A team-local skill other teams already use. */
export interface PromotionCandidate {
  skill: string;
  owner?: string;
  /** Other teams listing it in their configs. */
  configTeams: string[];
  /** Other teams whose telemetry shows it, with cost. */
  telemetryTeams: Array<{ team: string; cost: number }>;
}

/**
 * Team-scoped skills that teams other than the owner use, in their configs or
 * (when telemetry is given) in their agents' spend by skill.
 */
export function promotionCandidates(
  reuse: SkillReuse[],
  skills: Entity[],
  reports?: Map<string, TeamSpend>,
): PromotionCandidate[] {
  const nameOf = new Map(skills.map(s => [refOf(s), s.metadata.name]));
  const result: PromotionCandidate[] = [];
  for (const skill of reuse) {
    if (skill.scope !== 'team') continue;
    const configTeams = skill.teams.filter(t => t !== skill.owner);
    const telemetryTeams: Array<{ team: string; cost: number }> = [];
    for (const [team, report] of reports ?? []) {
      if (team === skill.owner) continue;
      const row = report.bySkill.find(r => r.key === nameOf.get(skill.skill));
      if (row && row.cost > 0) telemetryTeams.push({ team, cost: row.cost });
    }
    if (configTeams.length + telemetryTeams.length > 0) {
      result.push({
        skill: skill.skill,
        ...(skill.owner ? { owner: skill.owner } : {}),
        configTeams,
        telemetryTeams: telemetryTeams.sort((a, b) => b.cost - a.cost),
      });
    }
  }
  return result.sort(
    (a, b) =>
      b.configTeams.length +
        b.telemetryTeams.length -
        (a.configTeams.length + a.telemetryTeams.length) ||
      byText(a.skill, b.skill),
  );
}

/** An asset without a usable owner. */
export interface UnownedAsset {
  ref: string;
  /** Why: no owner, or an owner the catalog does not know. */
  reason: string;
}

/** Skills, MCP servers and agent configs with no owner or an owner not in the catalog. */
export function unownedAssets(
  assets: Entity[],
  groups: Entity[],
  users: Entity[] = [],
): UnownedAsset[] {
  const known = new Set([...groups, ...users].map(refOf));
  const result: UnownedAsset[] = [];
  for (const asset of assets) {
    const owner = (asset.spec as any)?.owner;
    if (typeof owner !== 'string' || !owner.trim()) {
      result.push({ ref: refOf(asset), reason: 'no owner' });
      continue;
    }
    const ref = normalizeEntityRef(owner, 'group');
    if (!ref || !known.has(ref)) {
      result.push({
        ref: refOf(asset),
        reason: `owner ${owner} is not in the catalog`,
      });
    }
  }
  return result.sort((a, b) => byText(a.ref, b.ref));
}

