import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@agent-platform/plugin-agent-platform-backend',
  'migrations/campaigns',
);

/** The states of a repository in a campaign. */
export type CampaignRepoState =
  | 'pending'
  | 'opening'
  | 'opened'
  | 'merged'
  | 'closed'
  | 'failed';

/** One repository of a campaign. */
export interface CampaignRepo {
  id: number;
  campaignId: number;
  base: string;
  version: string;
  repoRef: string;
  repoUrl: string;
  fromVersion?: string;
  state: CampaignRepoState;
  reason?: string;
  prUrl?: string;
  prNumber?: number;
  attempts: number;
}

/** Progress of a campaign: repositories per state. */
export type CampaignProgress = Record<CampaignRepoState, number> & {
  total: number;
};

type Row = {
  id: number;
  campaign_id: number;
  base: string;
  version: string;
  repo_ref: string;
  repo_url: string;
  from_version: string | null;
  state: CampaignRepoState;
  reason: string | null;
  pr_url: string | null;
  pr_number: number | null;
  attempts: number;
};

const toRepo = (row: Row): CampaignRepo => ({
  id: Number(row.id),
  campaignId: Number(row.campaign_id),
  base: row.base,
  version: row.version,
  repoRef: row.repo_ref,
  repoUrl: row.repo_url,
  ...(row.from_version ? { fromVersion: row.from_version } : {}),
  state: row.state,
  ...(row.reason ? { reason: row.reason } : {}),
  ...(row.pr_url ? { prUrl: row.pr_url } : {}),
  ...(row.pr_number !== null && row.pr_number !== undefined
    ? { prNumber: Number(row.pr_number) }
    : {}),
  attempts: Number(row.attempts),
});

/**
 * Upgrade campaigns and each repository's state, in the plugin's database.
 * Every state change is one conditional UPDATE, so that runners on several
 * replicas (or one restarted after kill -9) never both work on a row.
 */
export class CampaignStore {
  private constructor(private readonly knex: Knex) {}

  static async create(options: {
    database: DatabaseService;
  }): Promise<CampaignStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({
        directory: migrationsDir,
        tableName: 'agent_platform_campaigns_knex_migrations',
      });
    }
    return new CampaignStore(knex);
  }

  /**
   * Starts a campaign for a release. Repositories that already have a row for
   * this base and release (from an earlier campaign) are not added again;
   * returns the campaign id and how many repositories it added.
   */
  async createCampaign(input: {
    base: string;
    version: string;
    createdBy: string;
    now: number;
    repos: Array<{ repoRef: string; repoUrl: string; fromVersion?: string }>;
  }): Promise<{ id: number; added: number }> {
    return this.knex.transaction(async tx => {
      const [inserted] = await tx('upgrade_campaigns')
        .insert({
          base: input.base,
          version: input.version,
          created_by: input.createdBy,
          created_at: input.now,
        })
        .returning('id');
      const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
      let added = 0;
      for (const repo of input.repos) {
        const rows = await tx('upgrade_campaign_repos')
          .insert({
            campaign_id: id,
            base: input.base,
            version: input.version,
            repo_ref: repo.repoRef,
            repo_url: repo.repoUrl,
            from_version: repo.fromVersion ?? null,
            state: 'pending',
            attempts: 0,
            updated_at: input.now,
          })
          .onConflict(['base', 'version', 'repo_ref'])
          .ignore()
          .returning('id');
        added += rows.length;
      }
      return { id, added };
    });
  }

  /**
   * Claims up to `limit` repositories to work on: pending ones, and ones left
   * `opening` by a runner whose lease expired (it was killed). Each claim is
   * a conditional update; a row another runner claimed first is skipped.
   */
  async claim(options: {
    limit: number;
    now: number;
    leaseMs: number;
  }): Promise<CampaignRepo[]> {
    const { limit, now, leaseMs } = options;
    const candidates: Row[] = await this.knex('upgrade_campaign_repos')
      .where('state', 'pending')
      .orWhere(q =>
        q.where('state', 'opening').andWhere('lease_until', '<', now),
      )
      .orderBy('id')
      .limit(limit);
    const claimed: CampaignRepo[] = [];
    for (const row of candidates) {
      const updated = await this.knex('upgrade_campaign_repos')
        .where({ id: row.id, state: row.state })
        .andWhere(q =>
          row.state === 'opening'
            ? q.where('lease_until', '<', now)
            : q.whereRaw('1 = 1'),
        )
        .update({
          state: 'opening',
          lease_until: now + leaseMs,
          attempts: Number(row.attempts) + 1,
          updated_at: now,
        });
      if (updated === 1) {
        claimed.push(
          toRepo({
            ...row,
            state: 'opening',
            attempts: Number(row.attempts) + 1,
          }),
        );
      }
    }
    return claimed;
  }

  /** Records the outcome of a claimed repository. */
  async finish(
    id: number,
    outcome:
      | { state: 'opened'; prUrl: string; prNumber: number }
      | { state: 'failed'; reason: string },
    now: number,
  ): Promise<void> {
    await this.knex('upgrade_campaign_repos')
      .where({ id, state: 'opening' })
      .update({
        state: outcome.state,
        reason: outcome.state === 'failed' ? outcome.reason : null,
        pr_url: outcome.state === 'opened' ? outcome.prUrl : null,
        pr_number: outcome.state === 'opened' ? outcome.prNumber : null,
        lease_until: null,
        updated_at: now,
      });
  }

  /** Records what became of an opened pull request. */
  async closePullRequest(
    id: number,
    state: 'merged' | 'closed',
    now: number,
  ): Promise<void> {
    await this.knex('upgrade_campaign_repos')
      .where({ id, state: 'opened' })
      .update({ state, updated_at: now });
  }

  async repos(campaignId: number): Promise<CampaignRepo[]> {
    const rows: Row[] = await this.knex('upgrade_campaign_repos')
      .where('campaign_id', campaignId)
      .orderBy('id');
    return rows.map(toRepo);
  }

  async progress(campaignId: number): Promise<CampaignProgress> {
    const rows = await this.knex('upgrade_campaign_repos')
      .where('campaign_id', campaignId)
      .select('state')
      .count({ n: '*' })
      .groupBy('state');
    const progress: CampaignProgress = {
      total: 0,
      pending: 0,
      opening: 0,
      opened: 0,
      merged: 0,
      closed: 0,
      failed: 0,
    };
    for (const row of rows as Array<{
      state: CampaignRepoState;
      n: number | string;
    }>) {
      progress[row.state] = Number(row.n);
      progress.total += Number(row.n);
    }
    return progress;
  }
}
