import { byText } from '../inheritance/platformIndex';
import type { PromotionCandidate, SkillUsage } from './types';

/**
 * Team-scoped skills that teams other than the owner list in their configs.
 * With each team's spend by skill, teams whose telemetry shows the skill
 * count too.
 *
 * @public
 */
export function promotionCandidatesOf(
  skills: SkillUsage[],
  spendBySkill?: Map<string, Array<{ team: string; cost: number }>>,
): PromotionCandidate[] {
  const result: PromotionCandidate[] = [];
  for (const skill of skills) {
    if (skill.scope !== 'team') continue;
    const configTeams = skill.teams.filter(t => t !== skill.owner);
    const name = skill.ref.slice(skill.ref.indexOf('/') + 1);
    const telemetryTeams = (spendBySkill?.get(name) ?? [])
      .filter(t => t.team !== skill.owner && t.cost > 0)
      .sort((a, b) => b.cost - a.cost || byText(a.team, b.team));
    if (configTeams.length + telemetryTeams.length > 0) {
      result.push({
        skill: skill.ref,
        ...(skill.owner ? { owner: skill.owner } : {}),
        configTeams,
        telemetryTeams,
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
