/**
 * The repository names spend telemetry may carry for a Component: its name,
 * its `github.com/project-slug` or `gitlab.com/project-slug` (`owner/repo`
 * and `repo`), and the repository of its `backstage.io/source-location`
 * (`host/owner/repo`, `owner/repo`, `repo`, and the URL without a path
 * after it). Telemetry's `repo` / `vcs.repository.name` matches any of them.
 *
 * @public
 */
export function componentRepoKeys(entity: {
  metadata: { name: string; annotations?: Record<string, string> };
}): string[] {
  const keys = new Set<string>([entity.metadata.name]);
  const annotations = entity.metadata.annotations ?? {};
  const addSlug = (slug: string | undefined) => {
    const parts = slug?.trim().replace(/\.git$/, '').split('/').filter(Boolean);
    if (!parts || parts.length < 2) return;
    keys.add(parts.join('/'));
    keys.add(parts[parts.length - 1]);
  };
  addSlug(annotations['github.com/project-slug']);
  addSlug(annotations['gitlab.com/project-slug']);
  const location = annotations['backstage.io/source-location'];
  const url = location?.replace(/^url:/, '');
  if (url && /^https?:\/\//.test(url)) {
    try {
      const parsed = new URL(url);
      const [owner, repo] = parsed.pathname.split('/').filter(Boolean);
      if (owner && repo) {
        const name = repo.replace(/\.git$/, '');
        keys.add(`${owner}/${name}`);
        keys.add(name);
        keys.add(`${parsed.host}/${owner}/${name}`);
        keys.add(`${parsed.protocol}//${parsed.host}/${owner}/${name}`);
      }
    } catch {
      // Not a URL: only the name and slugs match.
    }
  }
  for (const key of [...keys]) keys.add(key.toLocaleLowerCase('en-US'));
  return [...keys].sort();
}
