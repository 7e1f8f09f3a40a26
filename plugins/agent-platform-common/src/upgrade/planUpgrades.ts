import { compare as semverCompare } from 'semver';
import { findRelease, latestRelease, readReleases } from '../inheritance';
import type { BaseAgentConfigEntity, McpServerEntity } from '../model';
import { diffReleases, ReleaseDiff } from './releaseDiff';
import { upgradeAgentFiles } from './upgradeAgentFiles';
import type { UpgradeFailure } from './upgradeTypes';

/**
 * What an upgrade campaign would do to one repository.
 *
 * @public
 */
export interface PlannedUpgrade {
  /** The repository (e.g. its Component ref). */
  ref: string;
  /** `behind`: it gets a pull request; `up-to-date`: nothing to do; `refused`: the engine refused. */
  status: 'behind' | 'up-to-date' | 'refused';
  from?: string;
  to?: string;
  /** Files the upgrade changes. */
  files?: string[];
  /** How many of the repository's own items the target forbids. */
  conflicts?: number;
  /** Why the engine refused. */
  error?: UpgradeFailure['error'];
}

/**
 * Plans an upgrade campaign: runs the engine on every repository's agent
 * files (read by the caller) and says which are behind the target and the
 * change each gets, without writing anything.
 *
 * @public
 */
export async function planUpgrades(input: {
  base: BaseAgentConfigEntity;
  to?: string;
  mcpServers?: McpServerEntity[];
  repos: Array<{ ref: string; files: Record<string, string> }>;
}): Promise<PlannedUpgrade[]> {
  const plan: PlannedUpgrade[] = [];
  for (const repo of input.repos) {
    const result = await upgradeAgentFiles({
      files: repo.files,
      base: input.base,
      ...(input.to ? { to: input.to } : {}),
      ...(input.mcpServers ? { mcpServers: input.mcpServers } : {}),
    });
    if (!result.ok) {
      plan.push({ ref: repo.ref, status: 'refused', error: result.error });
    } else {
      plan.push({
        ref: repo.ref,
        status: result.upToDate ? 'up-to-date' : 'behind',
        from: result.from,
        to: result.to,
        files: Object.keys(result.files),
        conflicts: result.conflicts.length,
      });
    }
  }
  return plan;
}

/**
 * A repository's place in a campaign, planned from its pin alone.
 *
 * @public
 */
export interface PinnedPlan {
  ref: string;
  /** `behind`: a pull request is due; `up-to-date`; `unknown-pin`: no pin or a version the base lacks. */
  status: 'behind' | 'up-to-date' | 'unknown-pin';
  from?: string;
  to: string;
  /** What the release changes since the pinned one; shared by every repository on the same pin. */
  diff?: ReleaseDiff;
}

/**
 * Plans a campaign from the pins the catalog already holds (no file read):
 * which repositories are below the target and what the release changes for
 * each (the release diff from its pin, computed once per pinned version).
 * The per-repository file changes and conflicts come from
 * {@link upgradeAgentFiles} when its pull request is opened.
 *
 * @public
 */
export function planFromPins(input: {
  base: BaseAgentConfigEntity;
  to?: string;
  repos: Array<{ ref: string; pin?: string }>;
}): PinnedPlan[] {
  const { releases } = readReleases(input.base);
  const target = input.to
    ? findRelease(releases, input.to)
    : latestRelease(releases);
  if (!target) {
    throw new Error(
      `${input.base.metadata.name} has no release ${
        input.to ?? 'that is not withdrawn'
      }`,
    );
  }
  const diffs = new Map<string, ReleaseDiff | undefined>();
  return input.repos.map(repo => {
    const from = repo.pin ? findRelease(releases, repo.pin) : undefined;
    if (!from) {
      return { ref: repo.ref, status: 'unknown-pin', to: target.version };
    }
    if (semverCompare(from.version, target.version) >= 0) {
      return {
        ref: repo.ref,
        status: 'up-to-date',
        from: from.version,
        to: target.version,
      };
    }
    if (!diffs.has(from.version)) {
      diffs.set(from.version, diffReleases(from, target));
    }
    return {
      ref: repo.ref,
      status: 'behind',
      from: from.version,
      to: target.version,
      diff: diffs.get(from.version),
    };
  });
}
