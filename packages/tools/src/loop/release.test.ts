import {
  groupBaseFolders,
  parseBaseFolder,
} from '@agent-platform/plugin-agent-platform-common';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './portal';
import { latestRelease, NEW_DENY_RULE, publishNextRelease } from './release';

/** The org base as the catalog module's base reader sees it: every file, parsed by the core. */
function parseBase(dir: string) {
  const files: Array<{ path: string; text: string }> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const file = join(d, name);
      if (statSync(file).isDirectory()) walk(file);
      else
        files.push({
          path: relative(dir, file),
          text: readFileSync(file, 'utf8'),
        });
    }
  };
  walk(dir);
  const [base] = groupBaseFolders(files);
  return parseBaseFolder(base, {
    defaultOwner: 'group:default/platform',
    folderName: 'org-base',
  });
}

describe('publishNextRelease', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'release-loop-test-'));
    cpSync(join(REPO_ROOT, 'examples/org-base'), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the next minor release beside the latest, which the core parses with the new rule', () => {
    const before = parseBase(dir);
    expect(before.issues).toEqual([]);
    const latest = latestRelease(dir);
    expect(latest).toBe('2.4.0');

    const published = publishNextRelease(dir, new Date('2026-12-06T10:00:00Z'));
    expect(published).toEqual({
      from: '2.4.0',
      to: '2.5.0',
      dir: join(dir, 'releases/2.5.0'),
    });
    expect(latestRelease(dir)).toBe('2.5.0');

    const after = parseBase(dir);
    expect(after.issues).toEqual([]);
    const releases = after.entity!.spec.releases;
    const release = releases.find(r => r.version === '2.5.0')!;
    expect(release).toEqual(
      expect.objectContaining({
        version: '2.5.0',
        date: '2026-12-06',
        deprecated: false,
        withdrawn: false,
      }),
    );
    expect(release.notes).toContain(NEW_DENY_RULE);
    const previous = releases.find(r => r.version === '2.4.0')!;
    expect(release.config.permissions?.deny).toEqual([
      ...(previous.config.permissions?.deny ?? []),
      NEW_DENY_RULE,
    ]);
    expect(previous.config.permissions?.deny).not.toContain(NEW_DENY_RULE);
  });

  it('says which folder holds no release', () => {
    rmSync(join(dir, 'releases'), { recursive: true });
    cpSync(
      join(REPO_ROOT, 'examples/org-base/agent-base.yaml'),
      join(dir, 'releases/README'),
      {
        recursive: true,
      },
    );
    expect(() => latestRelease(dir)).toThrow(
      `${dir}/releases holds no x.y.z release folder`,
    );
  });
});
