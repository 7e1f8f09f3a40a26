import * as parsers from '.';

describe('parsers index', () => {
  it('exports the parsers', () => {
    expect(Object.keys(parsers)).toEqual(
      expect.arrayContaining([
        'parseFrontmatter',
        'parsePins',
        'formatPin',
        'parseContextFile',
        'resolveContextTree',
        'parseMcpJson',
        'serializeMcpJson',
        'parseSettingsJson',
        'parsePermissionRule',
        'permissionRuleCovers',
        'permissionRulesOverlap',
        'parseSkillMd',
        'parseServerJson',
      ]),
    );
  });
});
