import { stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a skill folder lives: its repository and the folder inside it. */
export interface SkillRepoLocation {
  /**
   * The repository in the scaffolder's RepoUrlPicker form
   * (`github.com?owner=acme&repo=payments-tools`); undefined for a local
   * checkout (a `file:` location).
   */
  repoUrl?: string;
  /** The folder inside the repository, POSIX, no leading or trailing slash. */
  path: string;
}

/**
 * A `…/<owner>/<repo>/tree|blob/<ref>/<path>` URL, the form GitHub (and
 * GitHub Enterprise) source locations take.
 */
const TREE_URL =
  /^https?:\/\/([^/?#]+)\/([^/?#]+)\/([^/?#]+)\/(?:tree|blob)\/[^/?#]+\/([^?#]*)$/;

/**
 * Finds the repository and folder of a skill from its
 * `backstage.io/source-location`: a `url:` tree URL names both; a `file:`
 * folder is located inside the git checkout that holds it. Returns a
 * sentence saying why not otherwise.
 */
export async function locateSkillInRepo(
  sourceLocation: string | undefined,
): Promise<SkillRepoLocation | { problem: string }> {
  if (sourceLocation?.startsWith('url:')) {
    const match = TREE_URL.exec(sourceLocation.slice('url:'.length));
    if (!match) {
      return {
        problem: `The source location ${sourceLocation} is not a repository tree URL (https://<host>/<owner>/<repo>/tree/<branch>/<path>)`,
      };
    }
    const [, host, owner, repo, path] = match;
    return {
      repoUrl: `${host}?owner=${owner}&repo=${repo}`,
      path: trimSlashes(decodeURIComponent(path)),
    };
  }
  if (sourceLocation?.startsWith('file:')) {
    const target = sourceLocation.slice('file:'.length);
    const folder = resolve(
      target.startsWith('file://') ? fileURLToPath(target) : target,
    );
    for (let dir = folder; ; dir = dirname(dir)) {
      if (await exists(join(dir, '.git'))) {
        return { path: relative(dir, folder).split(sep).join('/') };
      }
      if (dirname(dir) === dir) break;
    }
    return {
      problem: `The folder ${folder} is not inside a git repository, so the pull request cannot name its path`,
    };
  }
  return {
    problem: `The skill has no backstage.io/source-location (url: or file:), so its repository is unknown`,
  };
}

/**
 * Whether two RepoUrlPicker values (`host?owner=x&repo=y`) name the same
 * repository (case-insensitive, as GitHub treats them).
 */
export function sameRepo(a: string | undefined, b: string | undefined) {
  const key = (value: string | undefined) => {
    if (!value) return undefined;
    const [host, query = ''] = value.split('?', 2);
    const params = new URLSearchParams(query);
    const owner = params.get('owner');
    const repo = params.get('repo');
    return owner && repo
      ? `${host}/${owner}/${repo}`.toLocaleLowerCase('en-US')
      : undefined;
  };
  const ka = key(a);
  return ka !== undefined && ka === key(b);
}

function trimSlashes(path: string) {
  return path.replace(/^\/+|\/+$/g, '');
}

async function exists(path: string) {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
