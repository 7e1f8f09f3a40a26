import type { Entity } from '@backstage/catalog-model';
import type { CatalogApi } from '@backstage/plugin-catalog-react';
import type { PlatformSpendRow } from '@agent-platform/plugin-agent-platform-common';
import { normalizeEntityRef } from '@agent-platform/plugin-agent-platform-common';
import type { AgentPlatformApi, SpendRange } from '../api/AgentPlatformApi';

/** Who uses an asset, through the agent configs that list it. */
export interface AssetUsage {
  /** Group refs (team configs' owners). */
  teams: string[];
  /** Component refs (repo configs' components). */
  repos: string[];
  /** Base configs listing it. */
  bases: string[];
}

const lower = (text: string) => text.toLocaleLowerCase('en-US');

/** Targets of the entity's relations of one type, normalized. */
export function relationTargets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => lower(r.targetRef));
}

/**
 * Reads who uses an asset from the agent configs: a team config counts for
 * its owner, a repo config for its component, a base config for everyone.
 */
export function usageFromConfigs(
  configs: Array<Entity | undefined>,
): AssetUsage {
  const teams = new Set<string>();
  const repos = new Set<string>();
  const bases = new Set<string>();
  for (const config of configs) {
    if (!config) continue;
    const spec = (config.spec ?? {}) as Record<string, unknown>;
    const ref = lower(
      `${config.kind}:${config.metadata.namespace ?? 'default'}/${
        config.metadata.name
      }`,
    );
    if (spec.level === 'team' && typeof spec.owner === 'string') {
      const team = normalizeEntityRef(spec.owner, 'group');
      if (team) teams.add(team);
    } else if (spec.level === 'repo' && typeof spec.component === 'string') {
      const repo = normalizeEntityRef(spec.component, 'component');
      if (repo) repos.add(repo);
    } else if (spec.level === 'base') {
      bases.add(ref);
    }
  }
  return {
    teams: [...teams].sort(),
    repos: [...repos].sort(),
    bases: [...bases].sort(),
  };
}

/** Loads the configs behind an entity's `<x>UsedBy` relations and reads who uses it. */
export async function loadUsage(
  catalogApi: CatalogApi,
  entity: Entity,
  relationType: string,
): Promise<AssetUsage> {
  const refs = relationTargets(entity, relationType);
  if (refs.length === 0) return { teams: [], repos: [], bases: [] };
  const { items } = await catalogApi.getEntitiesByRefs({
    entityRefs: refs,
    fields: [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'spec.level',
      'spec.owner',
      'spec.component',
    ],
  });
  return usageFromConfigs(items);
}

/** What the cross-team views read of a team's spend: its cost, by model and by skill. */
export type TeamSpend = Pick<PlatformSpendRow, 'cost' | 'byModel' | 'bySkill'>;

/**
 * Every team's spend over a range, by model and by skill, from the platform
 * table: one request, whatever the number of teams. Rejects like the client
 * (403 for users outside the platform team).
 */
export async function loadTeamSpends(
  api: AgentPlatformApi,
  range: SpendRange,
): Promise<Map<string, TeamSpend>> {
  const table = await api.getPlatformSpend(range);
  return new Map(
    table.rows
      .filter((r): r is PlatformSpendRow & { team: string } => r.team !== null)
      .map(r => [r.team, r]),
  );
}

/** Teams whose telemetry shows a skill, with the cost spent in it. */
export function skillUseFromTelemetry(
  reports: Map<string, TeamSpend>,
  skillName: string,
): Array<{ team: string; cost: number }> {
  const result: Array<{ team: string; cost: number }> = [];
  for (const [team, report] of reports) {
    const row = report.bySkill.find(r => r.key === skillName);
    if (row && row.cost > 0) result.push({ team, cost: row.cost });
  }
  return result.sort((a, b) => b.cost - a.cost || (a.team < b.team ? -1 : 1));
}
