/*
 * Publishing a base release the way the platform team does: a new `releases/<version>/` folder
 * in the org base, here a copy of the latest release with one more deny rule and its own
 * RELEASE.md (date, changelog).
 */
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** A deny rule the new release adds: the upgrade must bring it into the repository's settings. */
export const NEW_DENY_RULE = 'Bash(terraform destroy *)';

function parseVersion(text: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** The highest `x.y.z` release folder of a base folder. */
export function latestRelease(baseDir: string): string {
  const versions = readdirSync(join(baseDir, 'releases'))
    .map(name => ({ name, v: parseVersion(name) }))
    .filter((x): x is { name: string; v: [number, number, number] } => !!x.v)
    .sort((a, b) => a.v[0] - b.v[0] || a.v[1] - b.v[1] || a.v[2] - b.v[2]);
  if (versions.length === 0) {
    throw new Error(`${baseDir}/releases holds no x.y.z release folder`);
  }
  return versions[versions.length - 1].name;
}

/**
 * Writes `releases/<next minor>/` beside the latest release: its files, the settings with
 * {@link NEW_DENY_RULE} added, and a RELEASE.md dated `today` that says so.
 */
export function publishNextRelease(
  baseDir: string,
  today: Date,
): { from: string; to: string; dir: string } {
  const from = latestRelease(baseDir);
  const [major, minor] = parseVersion(from)!;
  const to = `${major}.${minor + 1}.0`;
  const source = join(baseDir, 'releases', from);
  const dir = join(baseDir, 'releases', to);
  if (existsSync(dir)) throw new Error(`${dir} exists already`);
  cpSync(source, dir, { recursive: true });

  const settingsFile = join(dir, '.claude/settings.json');
  if (!existsSync(settingsFile)) {
    throw new Error(`${source} has no .claude/settings.json to extend`);
  }
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
  settings.permissions ??= {};
  settings.permissions.deny = [
    ...(settings.permissions.deny ?? []),
    NEW_DENY_RULE,
  ];
  writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);

  const releaseFile = join(dir, 'RELEASE.md');
  const release = readFileSync(releaseFile, 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(release);
  if (!match) throw new Error(`${releaseFile} has no frontmatter`);
  const date = today.toISOString().slice(0, 10);
  const frontmatter = /^date:.*$/m.test(match[1])
    ? match[1].replace(/^date:.*$/m, `date: ${date}`)
    : `date: ${date}\n${match[1]}`;
  writeFileSync(
    releaseFile,
    `---\n${frontmatter}\n---\n\nDenies \`${NEW_DENY_RULE}\` everywhere (it used to be unlisted).\n`,
  );
  return { from, to, dir };
}
