import { promotionCandidatesOf } from './promotionCandidates';
import type { SkillUsage } from './types';

const usage = (ref: string, extra: Partial<SkillUsage>): SkillUsage => ({
  ref,
  teams: [],
  viaBase: [],
  repos: [],
  title: ref,
  inBase: false,
  ...extra,
});

describe('promotionCandidatesOf', () => {
  const skills = [
    usage('airesource:default/pci-checklist', {
      scope: 'team',
      owner: 'group:default/payments',
      teams: ['group:default/checkout', 'group:default/payments'],
    }),
    usage('airesource:default/dbt-model-review', {
      scope: 'team',
      owner: 'group:default/data-eng',
      teams: ['group:default/data-eng'],
    }),
    // Org skills are already promoted.
    usage('airesource:default/code-review', {
      scope: 'org',
      teams: ['group:default/checkout'],
    }),
  ];

  it('finds team-local skills other teams list in their configs', () => {
    expect(promotionCandidatesOf(skills)).toEqual([
      {
        skill: 'airesource:default/pci-checklist',
        owner: 'group:default/payments',
        configTeams: ['group:default/checkout'],
        telemetryTeams: [],
      },
    ]);
  });

  it('adds teams whose telemetry shows the skill, the owner excepted, by cost', () => {
    const spend = new Map([
      [
        'dbt-model-review',
        [
          { team: 'group:default/search', cost: 317.5 },
          { team: 'group:default/data-eng', cost: 900 },
          { team: 'group:default/payments', cost: 403.93 },
          { team: 'group:default/mobile', cost: 0 },
        ],
      ],
    ]);
    const result = promotionCandidatesOf(skills, spend);
    expect(result.map(c => c.skill)).toEqual([
      'airesource:default/dbt-model-review',
      'airesource:default/pci-checklist',
    ]);
    expect(result[0].telemetryTeams).toEqual([
      { team: 'group:default/payments', cost: 403.93 },
      { team: 'group:default/search', cost: 317.5 },
    ]);
  });
});
