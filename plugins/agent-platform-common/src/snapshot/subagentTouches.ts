import { isSubagentEntity } from '../model/AgentAssetEntities';
import { ownerRefOf, specOf } from '../inheritance/platformIndex';

/**
 * The teams whose stored subagent violations a catalog change touches: a
 * team subagent's owner, every team for an org subagent; a repository's own
 * subagents touch no team row. Fed with the old and the new version of each
 * changed entity.
 */
export class SubagentTouches {
  #owners = new Set<string>();
  #everyTeam = false;

  /** Notes one version of a changed entity; anything but a subagent is ignored. */
  add(entity: unknown): void {
    if (!entity || !isSubagentEntity(entity)) return;
    const spec = specOf(entity);
    if (spec.component || spec.scope === 'repo') return;
    if (spec.scope === 'team') {
      const owner = ownerRefOf(entity);
      if (owner) this.#owners.add(owner);
    } else {
      this.#everyTeam = true;
    }
  }

  /** Whether a team row owned by `owner` must be recomputed. */
  touches(owner: string): boolean {
    return this.#everyTeam || this.#owners.has(owner);
  }

  /** Whether any team row is touched. */
  get any(): boolean {
    return this.#everyTeam || this.#owners.size > 0;
  }
}
