import {
  allViolations,
  modelMixDepartures,
  promotionCandidates,
  skillReuse,
  teamsByDrift,
  unownedAssets,
} from './overview';
import { skillUseFromTelemetry, usageFromConfigs } from './usage';
import { entities, makeSpendReport, platformOverview } from '../__testUtils__';

/** What the platform table carries of a team's spend, from a full report. */
const teamSpend = (options?: Parameters<typeof makeSpendReport>[0]) => {
  const report = makeSpendReport(options);
  return {
    cost: report.totals.cost,
    byModel: report.byModel,
    bySkill: report.bySkill,
  };
};

describe('overview helpers', () => {
  it('orders teams by drift and collects violations errors first', () => {
    expect(teamsByDrift(platformOverview).map(t => t.team)).toEqual([
      'group:default/mobile',
      'group:default/data-eng',
      'group:default/search',
      'group:default/checkout',
      'group:default/identity',
      'group:default/payments',
      'group:default/platform',
    ]);
    const { violations, excepted } = allViolations(platformOverview);
    expect(violations.map(v => `${v.severity} ${v.rule} ${v.team}`)).toEqual([
      'error deny-overridden group:default/checkout',
      'error exception-expired group:default/data-eng',
      'warning skill-deprecated group:default/data-eng',
      'warning base-release-deprecated group:default/mobile',
      'warning skill-deprecated group:default/mobile',
      'warning skill-deprecated group:default/search',
    ]);
    expect(
      excepted.map(e => `${e.team} ${e.item} ${e.exception.until}`),
    ).toEqual(['group:default/payments api:default/postgres-prod 2027-01-31']);
  });

  it('flags teams spending over the threshold outside their routing', () => {
    const reports = new Map([
      ['group:default/a', teamSpend({ models: 3 })],
      ['group:default/b', teamSpend({ models: 1 })],
    ]);
    const routing = new Map([
      ['group:default/a', ['claude-sonnet-4-6', 'claude-haiku-4-5']],
      ['group:default/b', ['claude-sonnet-4-6']],
    ]);
    const result = modelMixDepartures(reports, routing);
    expect(result).toHaveLength(1);
    expect(result[0].team).toBe('group:default/a');
    expect(result[0].share).toBeCloseTo(1 / 3, 10);
    expect(result[0].outside).toEqual([
      { model: 'claude-opus-4-8', cost: 155 },
    ]);
    expect(modelMixDepartures(reports, routing, 0.5)).toEqual([]);
  });

  it('counts teams per skill and finds team-local skills used elsewhere', () => {
    const configs = [
      entities.checkoutTeamConfig,
      entities.paymentsTeamConfig,
      entities.cartServiceRepoConfig,
    ];
    const skills = [
      entities.pciChecklist,
      entities.changelogWriter,
      entities.orphanSkill,
    ];
    const reuse = skillReuse(skills, configs);
    expect(reuse.map(r => [r.skill, r.teams, r.repos])).toEqual([
      [
        'airesource:default/pci-checklist',
        ['group:default/checkout', 'group:default/payments'],
        ['component:default/cart-service'],
      ],
      ['airesource:default/changelog-writer', [], []],
      ['airesource:default/orphan-skill', [], []],
    ]);
    expect(promotionCandidates(reuse, skills)).toEqual([
      {
        skill: 'airesource:default/pci-checklist',
        owner: 'group:default/payments',
        configTeams: ['group:default/checkout'],
        telemetryTeams: [],
      },
    ]);
    const reports = new Map([['group:default/search', teamSpend()]]);
    expect(
      promotionCandidates(reuse, skills, reports)[0].telemetryTeams,
    ).toEqual([{ team: 'group:default/search', cost: 46.5 }]);
    expect(skillUseFromTelemetry(reports, 'pci-checklist')).toEqual([
      { team: 'group:default/search', cost: 46.5 },
    ]);
    expect(skillUseFromTelemetry(reports, 'write-adr')).toEqual([]);
  });

  it('finds assets without an owner or with an owner not in the catalog', () => {
    const noOwner = {
      ...entities.github,
      metadata: { name: 'stray' },
      spec: { type: 'mcp-server' },
    };
    expect(
      unownedAssets(
        [entities.github, entities.orphanSkill, noOwner],
        [entities.platform],
      ),
    ).toEqual([
      {
        ref: 'airesource:default/orphan-skill',
        reason: 'owner group:default/ghosts is not in the catalog',
      },
      { ref: 'api:default/stray', reason: 'no owner' },
    ]);
  });

  it('counts a base config listing an asset apart from teams and repos', () => {
    const base = {
      ...entities.checkoutTeamConfig,
      metadata: { name: 'org-base' },
      spec: {
        type: 'agent-config',
        level: 'base',
        owner: 'group:default/platform',
      },
    };
    expect(
      usageFromConfigs([base, entities.checkoutTeamConfig, undefined]),
    ).toEqual({
      teams: ['group:default/checkout'],
      repos: [],
      bases: ['airesource:default/org-base'],
    });
  });
});
