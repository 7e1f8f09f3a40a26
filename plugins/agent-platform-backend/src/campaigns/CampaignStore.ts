import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  CampaignProgress,
  CampaignRepo,
  CampaignRepoState,
  CampaignSummary,
} from '@agent-platform/plugin-agent-platform-common';

const migrationsDir = resolvePackagePath(
  '@agent-platform/plugin-agent-platform-backend',
  'migrations/campaigns',
);

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
  updated_at: number | string;
};

type CampaignRow = {
  id: number;
  base: string;
  version: string;
  created_by: string;
  created_at: number | string;
};

const emptyProgress = (): CampaignProgress => ({
  total: 0,
  queued: 0,
  opening: 0,
  opened: 0,
  merged: 0,
  closed: 0,
  failed: 0,
  skipped: 0,
});

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
  updatedAt: Number(row.updated_at),
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
   * returns the campaign id and how many repositories it added. When it
   * would add none, no campaign is created and the id is that of the
   * release's latest campaign (0 when there is none).
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
            state: 'queued',
            attempts: 0,
            updated_at: input.now,
          })
          .onConflict(['base', 'version', 'repo_ref'])
          .ignore()
          .returning('id');
        added += rows.length;
      }
      if (added === 0) {
        // Every repository already has its row: no empty campaign is kept;
        // the answer names the latest campaign of the release.
        await tx('upgrade_campaigns').where({ id }).delete();
        const latest = await tx('upgrade_campaigns')
          .where({ base: input.base, version: input.version })
          .max({ id: 'id' })
          .first();
        return { id: Number(latest?.id ?? 0), added };
      }
      return { id, added };
    });
  }

  /**
   * Claims up to `limit` repositories to work on: queued ones, and ones left
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
      .where('state', 'queued')
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
      | { state: 'failed' | 'skipped'; reason: string },
    now: number,
  ): Promise<void> {
    await this.knex('upgrade_campaign_repos')
      .where({ id, state: 'opening' })
      .update({
        state: outcome.state,
        reason: outcome.state === 'opened' ? null : outcome.reason,
        pr_url: outcome.state === 'opened' ? outcome.prUrl : null,
        pr_number: outcome.state === 'opened' ? outcome.prNumber : null,
        lease_until: null,
        updated_at: now,
      });
  }

  /**
   * Queues a campaign's failed repositories again (after the cause was
   * fixed); returns how many.
   */
  async retryFailed(campaignId: number, now: number): Promise<number> {
    return this.knex('upgrade_campaign_repos')
      .where({ campaign_id: campaignId, state: 'failed' })
      .update({ state: 'queued', reason: null, updated_at: now });
  }

  /**
   * Opened pull requests last looked at before `before`, oldest first: the
   * ones whose state (merged, closed) to check next.
   */
  async openedToCheck(options: {
    limit: number;
    before: number;
  }): Promise<CampaignRepo[]> {
    const rows: Row[] = await this.knex('upgrade_campaign_repos')
      .where('state', 'opened')
      .andWhere('updated_at', '<', options.before)
      .orderBy('updated_at')
      .orderBy('id')
      .limit(options.limit);
    return rows.map(toRepo);
  }

  /**
   * Records what became of an opened pull request: `merged`, `closed`, or
   * still `opened` (then only the time it was looked at moves).
   */
  async recordPullRequest(
    id: number,
    state: 'opened' | 'merged' | 'closed',
    now: number,
  ): Promise<void> {
    await this.knex('upgrade_campaign_repos')
      .where({ id, state: 'opened' })
      .update({ state, updated_at: now });
  }

  /** One campaign with its progress; undefined when there is none. */
  async campaign(id: number): Promise<CampaignSummary | undefined> {
    const row: CampaignRow | undefined = await this.knex('upgrade_campaigns')
      .where({ id })
      .first();
    if (!row) return undefined;
    return this.#summary(row, await this.#progress([Number(row.id)]));
  }

  /** A base's campaigns, newest first, with their progress. */
  async campaigns(base: string): Promise<CampaignSummary[]> {
    const rows: CampaignRow[] = await this.knex('upgrade_campaigns')
      .where({ base })
      .orderBy('id', 'desc');
    const progress = await this.#progress(rows.map(r => Number(r.id)));
    return rows.map(row => this.#summary(row, progress));
  }

  async repos(campaignId: number): Promise<CampaignRepo[]> {
    const rows: Row[] = await this.knex('upgrade_campaign_repos')
      .where('campaign_id', campaignId)
      .orderBy('id');
    return rows.map(toRepo);
  }

  async progress(campaignId: number): Promise<CampaignProgress> {
    return (
      (await this.#progress([campaignId])).get(campaignId) ?? emptyProgress()
    );
  }

  #summary(
    row: CampaignRow,
    progress: Map<number, CampaignProgress>,
  ): CampaignSummary {
    return {
      id: Number(row.id),
      base: row.base,
      version: row.version,
      createdBy: row.created_by,
      createdAt: new Date(Number(row.created_at)).toISOString(),
      progress: progress.get(Number(row.id)) ?? emptyProgress(),
    };
  }

  async #progress(ids: number[]): Promise<Map<number, CampaignProgress>> {
    const result = new Map<number, CampaignProgress>();
    if (ids.length === 0) return result;
    const rows = (await this.knex('upgrade_campaign_repos')
      .whereIn('campaign_id', ids)
      .select('campaign_id', 'state')
      .count({ n: '*' })
      .groupBy('campaign_id', 'state')) as Array<{
      campaign_id: number | string;
      state: CampaignRepoState;
      n: number | string;
    }>;
    for (const row of rows) {
      const id = Number(row.campaign_id);
      let progress = result.get(id);
      if (!progress) {
        progress = emptyProgress();
        result.set(id, progress);
      }
      progress[row.state] = Number(row.n);
      progress.total += Number(row.n);
    }
    return result;
  }
}
