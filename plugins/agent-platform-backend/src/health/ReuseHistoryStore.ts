import { DatabaseService } from '@backstage/backend-plugin-api';
import { ReuseMeasure } from '@agent-platform/plugin-agent-platform-common';
import { Knex } from 'knex';
import { applySpendMigrations } from '../spend/SpendStore';

/** One stored week. @public */
export interface ReuseWeek extends ReuseMeasure {
  /** Monday of the ISO week, `YYYY-MM-DD`. */
  week: string;
  /** When the measure was taken (ISO 8601). */
  computedAt: string;
}

const share = (n: number, d: number) =>
  d === 0 ? 0 : Math.round((n / d) * 1000) / 1000;

/**
 * The weekly reuse history (table `reuse_history`, migration 20261206110000).
 *
 * @public
 */
export class ReuseHistoryStore {
  readonly #knex: Knex;

  private constructor(knex: Knex) {
    this.#knex = knex;
  }

  static async create(database: DatabaseService): Promise<ReuseHistoryStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) await applySpendMigrations(knex);
    return new ReuseHistoryStore(knex);
  }

  /** Stores the week's measure, replacing an earlier one of the same week. */
  async record(week: string, measure: ReuseMeasure, at: Date): Promise<void> {
    await this.#knex('reuse_history')
      .insert({
        week,
        teams: measure.teams,
        teams_reusing: measure.teamsReusing,
        teams_own_only: measure.teamsOwnOnly,
        repos: measure.repos,
        repos_reusing: measure.reposReusing,
        registry_assets: measure.registryAssets,
        own_assets: measure.ownAssets,
        computed_at: at.getTime(),
      })
      .onConflict('week')
      .merge();
  }

  /** The last `weeks` weeks stored, oldest first. */
  async list(weeks: number): Promise<ReuseWeek[]> {
    const rows = await this.#knex('reuse_history')
      .orderBy('week', 'desc')
      .limit(weeks);
    return rows.reverse().map((r: any) => {
      const teams = Number(r.teams);
      const repos = Number(r.repos);
      return {
        week: r.week,
        teams,
        teamsReusing: Number(r.teams_reusing),
        teamsOwnOnly: Number(r.teams_own_only),
        teamShare: share(Number(r.teams_reusing), teams),
        repos,
        reposReusing: Number(r.repos_reusing),
        repoShare: share(Number(r.repos_reusing), repos),
        registryAssets: Number(r.registry_assets),
        ownAssets: Number(r.own_assets),
        computedAt: new Date(Number(r.computed_at)).toISOString(),
      };
    });
  }
}
