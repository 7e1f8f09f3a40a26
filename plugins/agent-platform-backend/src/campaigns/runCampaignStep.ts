import { CampaignRepo } from '@agent-platform/plugin-agent-platform-common';
import { CampaignStore } from './CampaignStore';

/**
 * Opens the upgrade pull request of one repository. Must be idempotent per
 * branch: when the pull request of the repository's upgrade branch exists
 * (a runner was killed after opening it), it answers with that one instead
 * of opening a second. Answers `skipped` with the reason when there is
 * nothing to open (the repository is already on the release). Throws with
 * the reason on failure (e.g. the forge's 403, 422 or a timeout).
 *
 * @public
 */
export interface UpgradePullRequestOpener {
  open(
    repo: CampaignRepo,
  ): Promise<{ url: string; number: number } | { skipped: string }>;
  /** What became of an opened pull request. */
  state?(repo: CampaignRepo): Promise<'opened' | 'merged' | 'closed'>;
}

/**
 * What one run did.
 *
 * @public
 */
export interface CampaignStepResult {
  opened: number;
  failed: number;
  skipped?: number;
}

const reasonOf = (e: unknown) =>
  (e instanceof Error ? e.message : '') || String(e);

/**
 * One run of the campaign task: claims at most `limit` repositories (the
 * rate limit: pull requests per run) and opens their pull requests one after
 * the other. A failure marks that repository failed with the reason and the
 * run goes on. A run killed mid-way leaves its claims to expire after
 * `leaseMs`; the next run claims them again and the opener finds the pull
 * requests already opened.
 *
 * @public
 */
export async function runCampaignStep(options: {
  store: CampaignStore;
  opener: UpgradePullRequestOpener;
  limit: number;
  leaseMs: number;
  now: () => number;
}): Promise<CampaignStepResult> {
  const { store, opener } = options;
  const claimed = await store.claim({
    limit: options.limit,
    now: options.now(),
    leaseMs: options.leaseMs,
  });
  const result: CampaignStepResult = { opened: 0, failed: 0 };
  for (const repo of claimed) {
    try {
      const pr = await opener.open(repo);
      if ('skipped' in pr) {
        await store.finish(
          repo.id,
          { state: 'skipped', reason: pr.skipped },
          options.now(),
        );
        result.skipped = (result.skipped ?? 0) + 1;
      } else {
        await store.finish(
          repo.id,
          { state: 'opened', prUrl: pr.url, prNumber: pr.number },
          options.now(),
        );
        result.opened++;
      }
    } catch (e) {
      await store.finish(
        repo.id,
        { state: 'failed', reason: reasonOf(e) },
        options.now(),
      );
      result.failed++;
    }
  }
  return result;
}

/**
 * Looks at up to `limit` opened pull requests not looked at for `everyMs`
 * and records the merged and closed ones. A pull request the forge cannot
 * tell about now is looked at again on a later run.
 *
 * @public
 */
export async function checkCampaignPullRequests(options: {
  store: CampaignStore;
  opener: UpgradePullRequestOpener;
  limit: number;
  everyMs: number;
  now: () => number;
}): Promise<{ merged: number; closed: number; errors: string[] }> {
  const { store, opener } = options;
  const result = { merged: 0, closed: 0, errors: [] as string[] };
  if (!opener.state) return result;
  const due = await store.openedToCheck({
    limit: options.limit,
    before: options.now() - options.everyMs,
  });
  for (const repo of due) {
    try {
      const state = await opener.state(repo);
      await store.recordPullRequest(repo.id, state, options.now());
      if (state === 'merged') result.merged++;
      if (state === 'closed') result.closed++;
    } catch (e) {
      result.errors.push(`${repo.repoRef}: ${reasonOf(e)}`);
    }
  }
  return result;
}
