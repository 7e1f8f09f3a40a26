import { CampaignRepo, CampaignStore } from './CampaignStore';

/**
 * Opens the upgrade pull request of one repository. Must be idempotent per
 * branch: when the pull request of the repository's upgrade branch exists
 * (a runner was killed after opening it), it answers with that one instead
 * of opening a second. Throws with the reason on failure (e.g. the forge's
 * 403, 422 or a timeout).
 */
export interface UpgradePullRequestOpener {
  open(repo: CampaignRepo): Promise<{ url: string; number: number }>;
}

/** What one run did. */
export interface CampaignStepResult {
  opened: number;
  failed: number;
}

/**
 * One run of the campaign task: claims at most `limit` repositories (the
 * rate limit: pull requests per run) and opens their pull requests one after
 * the other. A failure marks that repository failed with the reason and the
 * run goes on. A run killed mid-way leaves its claims to expire after
 * `leaseMs`; the next run claims them again and the opener finds the pull
 * requests already opened.
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
      await store.finish(
        repo.id,
        { state: 'opened', prUrl: pr.url, prNumber: pr.number },
        options.now(),
      );
      result.opened++;
    } catch (e) {
      await store.finish(
        repo.id,
        { state: 'failed', reason: (e as Error).message || String(e) },
        options.now(),
      );
      result.failed++;
    }
  }
  return result;
}
