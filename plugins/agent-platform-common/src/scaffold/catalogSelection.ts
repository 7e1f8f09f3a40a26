import type {
  AgentConfigEntity,
  BaseAgentConfigEntity,
  McpServerEntity,
  SkillEntity,
} from '../model';
import { normalizeEntityRef } from '../model/entityRef';

/**
 * The agent-platform entities a scaffolder form or action judges against.
 *
 * @public
 */
export interface ScaffoldCatalog {
  /** The org bases (`level: base`); usually one. */
  bases: BaseAgentConfigEntity[];
  /** Every team config (`level: team`). */
  teams: AgentConfigEntity[];
  mcpServers: McpServerEntity[];
  skills: SkillEntity[];
  /**
   * Repo configs (`level: repo`), for the agent tools each team's
   * repositories use; none means Claude Code alone.
   */
  repos?: ReadonlyArray<{ spec?: unknown }>;
}

/**
 * The team config owned by a group (by its `ownedBy` relation, else
 * `spec.owner`); undefined when the team has none.
 *
 * @public
 */
export function teamConfigOf(
  catalog: Pick<ScaffoldCatalog, 'teams'>,
  groupRef: string,
): AgentConfigEntity | undefined {
  const wanted = normalizeEntityRef(groupRef, 'group');
  return catalog.teams.find(team => {
    const relations = (
      team as { relations?: Array<{ type: string; targetRef: string }> }
    ).relations;
    const owned = relations?.some(
      r => r.type === 'ownedBy' && normalizeEntityRef(r.targetRef) === wanted,
    );
    return (
      owned || normalizeEntityRef(String(team.spec.owner), 'group') === wanted
    );
  });
}

/**
 * The base a team extends (by the name in its `extends`), else the only base.
 * Undefined when there is none, or several and nothing says which.
 *
 * @public
 */
export function baseFor(
  catalog: Pick<ScaffoldCatalog, 'bases'>,
  team: AgentConfigEntity | undefined,
): BaseAgentConfigEntity | undefined {
  const wanted = String(
    (team?.spec as { extends?: unknown } | undefined)?.extends ?? '',
  ).split('@')[0];
  return (
    catalog.bases.find(b => b.metadata.name === wanted) ??
    (catalog.bases.length === 1 ? catalog.bases[0] : undefined)
  );
}
