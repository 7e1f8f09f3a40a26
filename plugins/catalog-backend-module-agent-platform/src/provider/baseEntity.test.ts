import {
  ANNOTATION_SOURCE_ISSUES,
  entityNameFrom,
  isValidEntityName,
} from '@agent-platform/plugin-agent-platform-common';
import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import {
  BASE_FILE_NAMES,
  baseEntityFromFiles,
  BASE_MANIFEST_FILE,
  groupBaseFolders,
} from './baseEntity';
import { MAX_SOURCE_FILE_BYTES, SourceFile } from './sourceFile';

// The parsing is the core's (parsers/release, tested there); these tests
// cover what the provider adds: decoding the files it read, and where the
// entity comes from.

const ROOT = '/srv/bases/acme-base';
const file = (path: string, text: string | Buffer): SourceFile => {
  const content = typeof text === 'string' ? Buffer.from(text) : text;
  return {
    path,
    locationType: 'url',
    target: `https://git.acme.example/bases/acme-base/${path}`,
    folder: [ROOT, ...path.split('/').slice(0, -1)].join('/'),
    size: content.length,
    content,
  };
};
const options = { defaultOwner: 'group:default/platform' };
const RELEASE = [
  file(
    'releases/1.0.0/RELEASE.md',
    '---\ndate: 2026-01-01\n---\n\nFirst release.\n',
  ),
  file('releases/1.0.0/CLAUDE.md', '# Conventions\n\n- Test first.\n'),
  file(
    'releases/1.0.0/.claude/settings.json',
    '{ "permissions": { "allow": [] } }',
  ),
];

function map(files: SourceFile[]) {
  const bases = groupBaseFolders(files);
  expect(bases).toHaveLength(1);
  return baseEntityFromFiles(bases[0], options);
}

describe('baseEntityFromFiles', () => {
  it('says where the entity comes from, and names it by its folder when agent-base.yaml does not', () => {
    const { entity, issues } = map([
      file(BASE_MANIFEST_FILE, 'owner: platform\n'),
      ...RELEASE,
    ]);
    expect(issues.map(i => i.rule)).toEqual(['base-name-missing']);
    expect(entity?.metadata.name).toBe('acme-base');
    expect(entity?.metadata.annotations).toEqual({
      'backstage.io/managed-by-location': `url:https://git.acme.example/bases/acme-base/agent-base.yaml`,
      'backstage.io/managed-by-origin-location': `url:https://git.acme.example/bases/acme-base/agent-base.yaml`,
      'backstage.io/source-location': `url:${ROOT}/`,
      [ANNOTATION_SOURCE_ISSUES]: JSON.stringify(issues),
    });
  });

  it('reports files too large or binary where they are read, and skips what they hold', () => {
    const tooLarge: SourceFile = {
      ...file('releases/1.0.0/RELEASE.md', ''),
      size: MAX_SOURCE_FILE_BYTES + 1,
    };
    const { entity, issues } = map([
      file(BASE_MANIFEST_FILE, 'name: acme-base\nowner: platform\n'),
      ...RELEASE.slice(1),
      tooLarge,
      file('releases/1.0.0/.mcp.json', Buffer.from([0x7b, 0x00, 0x7d])),
    ]);
    expect(issues.map(i => [i.rule, i.file])).toEqual([
      ['file-binary', 'releases/1.0.0/.mcp.json'],
      ['file-too-large', 'releases/1.0.0/RELEASE.md'],
    ]);
    expect(entity?.spec?.releases).toEqual([]);
  });

  it('returns no entity, only the issue, for releases without agent-base.yaml', () => {
    const result = map(RELEASE);
    expect(result).toEqual({
      issues: [expect.objectContaining({ rule: 'base-manifest-missing' })],
    });
    expect('entity' in result).toBe(false);
  });
});

describe('BASE_FILE_NAMES', () => {
  it('holds the names the reader looks for', () => {
    expect([...BASE_FILE_NAMES].sort()).toEqual([
      '.mcp.json',
      'CLAUDE.md',
      'RELEASE.md',
      'agent-base.yaml',
      'settings.json',
    ]);
  });
});

describe("the core's entity name rule", () => {
  it("agrees with the catalog's own", () => {
    const names = [
      '',
      'a',
      'org-base',
      'Org_Base',
      'a.b-c_d',
      '-a',
      'a-',
      '_a',
      'a_',
      '.a',
      'a.',
      'a b',
      'a/b',
      'é',
      'x'.repeat(63),
      'x'.repeat(64),
    ];
    // And some pseudo-random ones over the characters that matter.
    const alphabet = 'aZ09-_. /:';
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      let name = '';
      const length = i % 9;
      for (let j = 0; j < length; j++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        name += alphabet[seed % alphabet.length];
      }
      names.push(name);
    }
    for (const name of names) {
      expect([name, isValidEntityName(name)]).toEqual([
        name,
        KubernetesValidatorFunctions.isValidObjectName(name),
      ]);
    }
    // Names made from folder names are always valid.
    const derived = names.flatMap(name => entityNameFrom(name) ?? []);
    expect(derived.length).toBeGreaterThan(100);
    expect(
      derived.filter(
        name => !KubernetesValidatorFunctions.isValidObjectName(name),
      ),
    ).toEqual([]);
  });
});
