import { parseBaseFolder } from './baseFolder';
import { BASE_FILE_NAMES, groupBaseFolders } from './files';
import { file, MANIFEST, options, release } from './__testUtils__/baseFiles';

describe('groupBaseFolders', () => {
  it('reads only the files at the positions of the format', () => {
    const bases = groupBaseFolders([
      file('org-base/agent-base.yaml', MANIFEST),
      // The base repository's own agent files, for people working on it.
      file('org-base/CLAUDE.md', '# Working on the base\n'),
      file('org-base/.claude/settings.json', '{}'),
      // A nested CLAUDE.md that Claude Code loads on demand.
      file('org-base/releases/2.4.0/docs/CLAUDE.md', '# Docs\n'),
      ...release('2.4.0', {}, 'org-base/'),
      file('team-base/agent-base.yaml', 'name: team-base\n'),
      ...release('1.0.0', {}, 'team-base/'),
    ]);
    expect(bases.map(b => [b.path, b.releases.map(r => r.name)])).toEqual([
      ['org-base', ['2.4.0']],
      ['team-base', ['1.0.0']],
    ]);
    expect(bases[0].releases[0].contextFiles.map(f => f.path)).toEqual([
      'org-base/releases/2.4.0/CLAUDE.md',
    ]);
    expect(bases[0].releases[0].settingsFile?.path).toBe(
      'org-base/releases/2.4.0/.claude/settings.json',
    );
    const { entity } = parseBaseFolder(bases[1], options);
    expect(entity?.metadata.name).toBe('team-base');
    expect(entity?.spec?.owner).toBe('group:default/platform');
  });

  it('keeps settings.json and .mcp.json found elsewhere in a release as misplaced', () => {
    const [base] = groupBaseFolders([
      file('agent-base.yaml', MANIFEST),
      ...release('2.4.0'),
      file('releases/2.4.0/settings.json', '{}'),
      file('releases/2.4.0/config/.mcp.json', '{}'),
    ]);
    expect(base.path).toBe('');
    expect(base.releases[0].misplaced.map(f => f.path)).toEqual([
      'releases/2.4.0/settings.json',
      'releases/2.4.0/config/.mcp.json',
    ]);
  });

  it('groups release folders without a manifest above them by their parent', () => {
    const bases = groupBaseFolders([
      ...release('1.0.0', {}, 'a/'),
      file('b/notes/CLAUDE.md', '# Not a release\n'),
    ]);
    expect(bases.map(b => [b.path, b.manifest, b.releases.length])).toEqual([
      ['a', undefined, 1],
    ]);
  });

  it('keeps the files it is given, whatever else they carry', () => {
    const files = [
      { path: 'agent-base.yaml', extra: 1 },
      { path: 'releases/1.0.0/RELEASE.md', extra: 2 },
    ];
    const [base] = groupBaseFolders(files);
    expect(base.manifest).toBe(files[0]);
    expect(base.releases[0].releaseFile).toBe(files[1]);
  });

  it('names every file a base folder is read for', () => {
    expect([...BASE_FILE_NAMES].sort()).toEqual([
      '.mcp.json',
      'CLAUDE.md',
      'RELEASE.md',
      'agent-base.yaml',
      'settings.json',
    ]);
    expect(Object.isFrozen(BASE_FILE_NAMES)).toBe(true);
  });
});
