import { parseSkillMd } from '../parsers/skillMd';
import { checkSkillPromotion, setSkillMetadata } from './skillPromotion';

const skillMd = (metadata: string, description = 'x'.repeat(60)) =>
  `---\nname: team-skill\ndescription: ${description}\n# kept comment\nmetadata:\n${metadata}allowed-tools: Read Grep\n---\n\n# Team skill\n\nDo the thing.\n`;
const good = skillMd(
  "  version: '1.2.0'\n  owner: payments\n  scope: team\n  eval-status: passing\n",
);

describe('checkSkillPromotion', () => {
  it('accepts a team skill that meets the bar', () => {
    expect(
      checkSkillPromotion({
        skillMd: good,
        folderName: 'team-skill',
        scope: 'team',
        lifecycle: 'production',
      }),
    ).toEqual([]);
  });

  it('lists every problem of the bar at once', () => {
    const issues = checkSkillPromotion({
      skillMd: skillMd("  version: '^1.2'\n  eval-status: pending\n", 'Short.'),
      folderName: 'team-skill',
      scope: 'org',
      lifecycle: 'deprecated',
    });
    expect(issues.map(i => [i.rule, i.message])).toEqual([
      [
        'promote-scope-not-team',
        'The skill\'s scope is "org"; only team skills are promoted',
      ],
      [
        'promote-deprecated',
        'The skill is deprecated; a deprecated skill is not promoted',
      ],
      [
        'promote-owner-missing',
        'metadata.owner is not set; the registry needs the team that maintains the skill',
      ],
      [
        'promote-version-invalid',
        'metadata.version "^1.2" is not an exact semver version such as \'1.0.0\'',
      ],
      [
        'promote-description-short',
        'The description is 6 characters long; the registry asks for at least 50 that say what the skill does and when to use it',
      ],
      [
        'promote-eval-not-passing',
        'metadata.eval-status is "pending"; the registry accepts only skills whose evals pass ("passing")',
      ],
    ]);
    expect(issues.every(i => i.file === 'team-skill/SKILL.md')).toBe(true);
  });

  it('reports a missing version and eval status, and the spec errors of SKILL.md', () => {
    const issues = checkSkillPromotion({
      skillMd:
        '---\nname: Other\ndescription: ""\nmetadata:\n  owner: a\n---\nx\n',
      folderName: 'team-skill',
    });
    expect(issues.map(i => i.rule)).toEqual([
      'skill-name-invalid',
      'skill-name-mismatch',
      'skill-description-missing',
      'promote-version-missing',
      'promote-eval-not-passing',
    ]);
  });

  describe('with the posted evaluation results', () => {
    const run = (version: string, outcome: 'passed' | 'failed', ranAt: string) => ({
      version,
      outcome,
      suite: 'golden',
      counts: {
        passed: outcome === 'passed' ? 10 : 7,
        failed: outcome === 'passed' ? 0 : 3,
        skipped: 0,
        total: 10,
      },
      ranAt,
      receivedAt: ranAt,
    });
    const check = (evals: ReturnType<typeof run>[], md = good) =>
      checkSkillPromotion({
        skillMd: md,
        folderName: 'team-skill',
        scope: 'team',
        evals,
      }).map(i => i.message);

    it('accepts the skill when the latest run of its version passed', () => {
      expect(
        check([
          run('1.2.0', 'failed', '2026-12-01T00:00:00Z'),
          run('1.2.0', 'passed', '2026-12-02T00:00:00Z'),
          run('1.1.0', 'failed', '2026-12-03T00:00:00Z'),
        ]),
      ).toEqual([]);
    });

    it('refuses it when the latest run failed, even if eval-status says passing', () => {
      expect(
        check([
          run('1.2.0', 'passed', '2026-12-01T00:00:00Z'),
          run('1.2.0', 'failed', '2026-12-02T00:00:00Z'),
        ]),
      ).toEqual([
        'The latest evaluation of version 1.2.0 (suite golden, run 2026-12-02T00:00:00Z) failed: 3 of 10 cases failed',
      ]);
    });

    it('does not count a self-declared status or another version', () => {
      expect(check([run('1.1.0', 'passed', '2026-12-01T00:00:00Z')])).toEqual([
        'No evaluation result was posted for version 1.2.0 (metadata.eval-status "passing" is self-declared and not counted); the registry accepts only skills whose latest evaluation run for their version passed',
      ]);
    });
  });

  it('refuses a SKILL.md without frontmatter', () => {
    expect(
      checkSkillPromotion({ skillMd: '# Nothing', folderName: 'x' }).map(
        i => i.rule,
      ),
    ).toEqual(['skill-frontmatter-missing']);
  });
});

describe('setSkillMetadata', () => {
  it('changes, adds and removes metadata, keeping the rest of the file', () => {
    const out = setSkillMetadata(good, {
      scope: 'org',
      deprecated: 'true',
      'replaced-by': 'other-skill',
      'eval-status': undefined,
    });
    expect(out).toBe(
      `---\nname: team-skill\ndescription: ${'x'.repeat(
        60,
      )}\n# kept comment\nmetadata:\n  version: '1.2.0'\n  owner: payments\n  scope: org\n  deprecated: "true"\n  replaced-by: other-skill\nallowed-tools: Read Grep\n---\n\n# Team skill\n\nDo the thing.\n`,
    );
    // The result is still a valid SKILL.md with string metadata.
    const parsed = parseSkillMd(out, { file: 'SKILL.md' });
    expect(parsed.issues).toEqual([]);
    expect(parsed.skill?.metadata).toEqual({
      version: '1.2.0',
      owner: 'payments',
      scope: 'org',
      deprecated: 'true',
      'replaced-by': 'other-skill',
    });
  });

  it('adds a metadata map when there is none, and renames', () => {
    const out = setSkillMetadata(
      '---\nname: a\ndescription: b\n---\nBody\n',
      { scope: 'org' },
      { name: 'b-skill' },
    );
    expect(out).toBe(
      '---\nname: b-skill\ndescription: b\nmetadata:\n  scope: org\n---\nBody\n',
    );
  });

  it('throws on a file without frontmatter', () => {
    expect(() => setSkillMetadata('# Body', { scope: 'org' })).toThrow(
      'SKILL.md has no frontmatter',
    );
  });
});
