import { compare as semverCompare } from 'semver';
import { findRelease, latestRelease, readReleases } from '../inheritance';
import type { BaseAgentConfigEntity } from '../model';
import { isExactSemver } from '../model/values';
import { planFromPins } from './planUpgrades';

/**
 * The state of one repository in an upgrade campaign: `queued` (no pull
 * request yet), `opening` (a runner is opening it), `opened`, `merged`,
 * `closed` (closed without merging), `failed` (with the reason), `skipped`
 * (the repository was already on the release when its turn came).
 *
 * @public
 */
export type CampaignRepoState =
  | 'queued'
  | 'opening'
  | 'opened'
  | 'merged'
  | 'closed'
  | 'failed'
  | 'skipped';

/**
 * Every campaign repository state, in the order the portal shows them.
 *
 * @public
 */
export const CAMPAIGN_REPO_STATES: ReadonlyArray<CampaignRepoState> = [
  'queued',
  'opening',
  'opened',
  'merged',
  'closed',
  'failed',
  'skipped',
];

/**
 * One repository of a campaign.
 *
 * @public
 */
export interface CampaignRepo {
  id: number;
  campaignId: number;
  base: string;
  version: string;
  /** The Component's entity ref. */
  repoRef: string;
  /** The repository, as the scaffolder writes it: `github.com?owner=o&repo=r`; empty when the Component names none. */
  repoUrl: string;
  fromVersion?: string;
  state: CampaignRepoState;
  reason?: string;
  prUrl?: string;
  prNumber?: number;
  /** How many times a runner took it up. */
  attempts: number;
  /** Last change, epoch milliseconds. */
  updatedAt: number;
}

/**
 * Repositories per state, and their total.
 *
 * @public
 */
export type CampaignProgress = Record<CampaignRepoState, number> & {
  total: number;
};

/**
 * One campaign with its progress: `GET /bases/:namespace/:name/campaigns`
 * answers a list of these.
 *
 * @public
 */
export interface CampaignSummary {
  id: number;
  /** Base name, e.g. `org-base`. */
  base: string;
  /** The release the campaign moves repositories to. */
  version: string;
  createdBy: string;
  /** ISO time. */
  createdAt: string;
  progress: CampaignProgress;
}

/**
 * `GET /bases/:namespace/:name/campaigns`: the base's campaigns, newest
 * first, and whether the caller may start one.
 *
 * @public
 */
export interface CampaignListAnswer {
  campaigns: CampaignSummary[];
  canStart: boolean;
}

/**
 * `GET /campaigns/:id`: a campaign and each repository's state.
 *
 * @public
 */
export interface CampaignAnswer extends CampaignSummary {
  repos: CampaignRepo[];
}

/**
 * `POST /bases/:namespace/:name/campaigns`: the campaign that holds the
 * release's repositories, how many it added, and the repositories below the
 * release that already had a row (from an earlier campaign) and were not
 * added again.
 *
 * @public
 */
export interface CampaignStartAnswer {
  campaign: CampaignSummary;
  added: number;
  alreadyPlanned: number;
}

/**
 * A repository's GitHub location from its Component's annotations
 * (`github.com/project-slug`, else a `backstage.io/source-location` on a
 * host that is not GitLab, Bitbucket or Azure DevOps), as the scaffolder's RepoUrlPicker writes
 * it: `host?owner=o&repo=r`. Undefined when the Component names none.
 *
 * @public
 */
export function componentRepoUrl(entity: {
  metadata: { annotations?: Record<string, string> };
}): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const slug = annotations['github.com/project-slug']
    ?.trim()
    .replace(/\.git$/, '')
    .split('/')
    .filter(Boolean);
  if (slug?.length === 2) {
    return `github.com?owner=${encodeURIComponent(
      slug[0],
    )}&repo=${encodeURIComponent(slug[1])}`;
  }
  const location = annotations['backstage.io/source-location']?.replace(
    /^url:/,
    '',
  );
  if (location && /^https?:\/\//.test(location)) {
    try {
      const url = new URL(location);
      const [owner, repo] = url.pathname.split('/').filter(Boolean);
      if (owner && repo && !/gitlab|bitbucket|azure/.test(url.host)) {
        return `${url.host}?owner=${encodeURIComponent(
          owner,
        )}&repo=${encodeURIComponent(repo.replace(/\.git$/, ''))}`;
      }
    } catch {
      // Not a URL: no repository.
    }
  }
  return undefined;
}

/**
 * Parses `host?owner=o&repo=r`; undefined when it is not one.
 *
 * @public
 */
export function parseCampaignRepoUrl(
  repoUrl: string,
): { host: string; owner: string; repo: string } | undefined {
  const [host, query] = repoUrl.split('?');
  if (!host || !query) return undefined;
  const params = new URLSearchParams(query);
  const owner = params.get('owner');
  const repo = params.get('repo');
  return owner && repo ? { host, owner, repo } : undefined;
}

/**
 * What a campaign would hold: the repositories pinning a release below the
 * target, each with its repository location. Refuses (with the reason, for
 * the person starting it) a version that is not an exact semver version, a
 * release the base lacks, a withdrawn one, and one older than the latest
 * release: campaigns move repositories forward to the newest release.
 *
 * @public
 */
export function planCampaign(input: {
  base: BaseAgentConfigEntity;
  version: string;
  /** Repositories and the release they pin (e.g. the snapshot's adoption per release). */
  repos: Array<{ ref: string; pin?: string }>;
  /** The repository location of a Component ref (see {@link componentRepoUrl}). */
  repoUrlOf: (ref: string) => string | undefined;
}):
  | {
      ok: true;
      repos: Array<{ repoRef: string; repoUrl: string; fromVersion: string }>;
    }
  | { ok: false; message: string } {
  const name = input.base.metadata.name;
  if (!isExactSemver(input.version)) {
    return {
      ok: false,
      message: `version ${JSON.stringify(
        input.version,
      )} must be an exact semver version such as 2.4.0`,
    };
  }
  const { releases } = readReleases(input.base);
  const target = findRelease(releases, input.version);
  if (!target) {
    return {
      ok: false,
      message: `${name} has no release ${input.version} (releases: ${
        releases.map(r => r.version).join(', ') || 'none'
      })`,
    };
  }
  if (target.withdrawn === true) {
    return {
      ok: false,
      message: `${name}@${input.version} is withdrawn; a campaign cannot move repositories to it`,
    };
  }
  const latest = latestRelease(releases);
  if (latest && semverCompare(target.version, latest.version) < 0) {
    return {
      ok: false,
      message: `${name}@${input.version} is older than the latest release ${latest.version}; start the campaign for ${latest.version}`,
    };
  }
  const plan = planFromPins({
    base: input.base,
    to: target.version,
    repos: input.repos,
  });
  return {
    ok: true,
    repos: plan
      .filter(p => p.status === 'behind')
      .map(p => ({
        repoRef: p.ref,
        repoUrl: input.repoUrlOf(p.ref) ?? '',
        fromVersion: p.from!,
      }))
      .sort((a, b) => (a.repoRef < b.repoRef ? -1 : 1)),
  };
}
