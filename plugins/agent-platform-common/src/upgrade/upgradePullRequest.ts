import { describeReleaseDiff } from './releaseDiff';
import type { UpgradeSuccess } from './upgradeTypes';

/**
 * The branch, title and body of the pull request that carries an upgrade.
 *
 * @public
 */
export interface UpgradePullRequest {
  /** `agent-platform/upgrade-<base>-<version>`: one branch per base and release. */
  branchName: string;
  title: string;
  /** Markdown: what the release changes for this repository, conflicts first. */
  body: string;
}

/**
 * Words an upgrade for people: the title names the base and both releases
 * (and the conflicts, when any); the body lists the conflicts to resolve by
 * hand, what the engine changed in this repository, and what the release
 * changes in the base (permission rules, MCP servers, skills, hooks, model
 * routing, budget).
 *
 * @public
 */
export function upgradePullRequest(
  result: UpgradeSuccess,
  options: { repo?: string } = {},
): UpgradePullRequest {
  const { base, from, to, conflicts } = result;
  const title = `Upgrade ${base} from ${from} to ${to}${
    conflicts.length > 0
      ? ` (${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'})`
      : ''
  }`;
  const sections: string[] = [
    `Moves ${
      options.repo ? `\`${options.repo}\`` : 'this repository'
    } from \`${base}@${from}\` to \`${base}@${to}\`, with \`agent-context upgrade\`: the pin moves, the parts the base manages are re-rendered, and everything the team or the repository added is kept as it is.`,
  ];
  if (conflicts.length > 0) {
    sections.push(
      `## Conflicts to resolve by hand (${
        conflicts.length
      })\n\nThese are the repository's own, and ${to} forbids them. They were kept, not removed:\n\n${conflicts
        .map(c => `- \`${c.file}${c.line ? `:${c.line}` : ''}\` ${c.message}`)
        .join('\n')}`,
    );
  }
  if (result.changes.length > 0) {
    sections.push(
      `## Changes to this repository\n\n${result.changes
        .map(c => `- ${c}`)
        .join('\n')}`,
    );
  }
  const diff = describeReleaseDiff(result.diff);
  sections.push(
    `## What ${to} changes in ${base} (since ${from})\n\n${
      diff.length > 0
        ? diff.join('\n')
        : 'Nothing in the rules, servers, skills, hooks or models.'
    }`,
  );
  if (result.warnings.length > 0) {
    sections.push(
      `## Warnings\n\n${result.warnings.map(w => `- ${w}`).join('\n')}`,
    );
  }
  return {
    branchName: `agent-platform/upgrade-${base}-${to}`,
    title,
    body: `${sections.join('\n\n')}\n`,
  };
}
