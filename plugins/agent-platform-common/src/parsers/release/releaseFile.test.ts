import { parseReleaseFile } from './releaseFile';
import {
  FRONTMATTER,
  mapRelease,
  release,
  releaseMd,
  releasesOf,
  ruleLines,
} from './__testUtils__/baseFiles';

describe('parseReleaseFile', () => {
  it('reads the date, flags, notes, skills, routing and budget', () => {
    const issues: never[] = [];
    expect(
      parseReleaseFile(
        releaseMd(),
        { file: 'releases/2.4.0/RELEASE.md', version: '2.4.0' },
        issues,
      ),
    ).toEqual({
      date: '2026-10-28',
      notes: 'Adds code review.',
      security: false,
      deprecated: false,
      withdrawn: false,
      flagsReadable: true,
      config: {
        skills: [
          'airesource:default/code-review',
          'airesource:default/commit-message',
        ],
        modelRouting: {
          default: 'claude-sonnet-4-6',
          plan: 'claude-opus-4-8',
        },
        budget: { monthlyUsdCap: 5000 },
      },
    });
    expect(issues).toEqual([]);
  });

  it('skips a release whose frontmatter is not valid YAML', () => {
    const result = mapRelease(
      ...release('2.4.0', {
        'RELEASE.md': releaseMd(
          'date: 2026-10-28\nskills: [code-review\nsecurity: false\n',
        ),
      }),
    );
    expect(ruleLines(result.issues)).toEqual([
      {
        rule: 'frontmatter-yaml-syntax',
        file: 'releases/2.4.0/RELEASE.md',
        line: expect.any(Number),
      },
      {
        rule: 'release-unreadable',
        file: 'releases/2.4.0/RELEASE.md',
        line: 1,
      },
    ]);
    expect(result.issues[0].line).toBeGreaterThanOrEqual(3);
    expect(releasesOf(result)).toEqual([]);
  });

  it('reports a RELEASE.md without frontmatter', () => {
    const { issues } = mapRelease(
      ...release('2.4.0', { 'RELEASE.md': 'Adds code review.\n' }),
    );
    expect(ruleLines(issues)).toEqual([
      {
        rule: 'release-frontmatter-missing',
        file: 'releases/2.4.0/RELEASE.md',
        line: 1,
      },
    ]);
  });

  it('warns about a release without notes, and reports one without a date', () => {
    const { issues } = mapRelease(
      ...release('2.4.0', { 'RELEASE.md': releaseMd('security: false\n', '') }),
    );
    expect(issues.map(i => [i.rule, i.severity])).toEqual([
      ['release-date-missing', 'error'],
      ['release-notes-missing', 'warning'],
    ]);
  });

  it.each([
    ['28/10/2026', 2],
    ['2026-02-30', 2],
    ['2026-10-28T10:00:00Z', 2],
  ])(
    'reports the date %p, which is not YYYY-MM-DD, and leaves it out',
    (date, line) => {
      const result = mapRelease(
        ...release('2.4.0', {
          'RELEASE.md': releaseMd(FRONTMATTER.replace('2026-10-28', date)),
        }),
      );
      expect(ruleLines(result.issues)).toEqual([
        {
          rule: 'release-date-invalid',
          file: 'releases/2.4.0/RELEASE.md',
          line,
        },
      ]);
      expect(releasesOf(result)[0].date).toBeUndefined();
    },
  );

  it('skips a release whose flag is not a boolean rather than guess it', () => {
    const result = mapRelease(
      ...release('2.4.0', {
        'RELEASE.md': releaseMd(
          FRONTMATTER.replace('withdrawn: false', 'withdrawn: yes'),
        ),
      }),
    );
    expect(ruleLines(result.issues)).toEqual([
      {
        rule: 'release-flag-invalid',
        file: 'releases/2.4.0/RELEASE.md',
        line: 5,
      },
    ]);
    expect(releasesOf(result)).toEqual([]);
  });

  it('reports a frontmatter version that differs from the folder name', () => {
    const result = mapRelease(
      ...release('2.4.0', {
        'RELEASE.md': releaseMd(`version: 2.3.0\n${FRONTMATTER}`),
      }),
    );
    expect(ruleLines(result.issues)).toEqual([
      {
        rule: 'release-version-mismatch',
        file: 'releases/2.4.0/RELEASE.md',
        line: 2,
      },
    ]);
    expect(releasesOf(result)[0].version).toBe('2.4.0');
  });

  it('reports skills that are not skill refs, and a negative budget cap', () => {
    const result = mapRelease(
      ...release('2.4.0', {
        'RELEASE.md': releaseMd(
          FRONTMATTER.replace(
            '  - code-review\n',
            '  - code-review\n  - api:default/github\n',
          ).replace('monthlyUsdCap: 5000', 'monthlyUsdCap: -5'),
        ),
      }),
    );
    expect(ruleLines(result.issues)).toEqual([
      {
        rule: 'release-skill-invalid',
        file: 'releases/2.4.0/RELEASE.md',
        line: 8,
      },
      {
        rule: 'release-budget-invalid',
        file: 'releases/2.4.0/RELEASE.md',
        line: 14,
      },
    ]);
    const config = releasesOf(result)[0].config;
    expect(config.skills).toEqual([
      'airesource:default/code-review',
      'airesource:default/commit-message',
    ]);
    expect(config.budget).toEqual({});
  });

  it('reads the subagents a release ships, as airesource refs', () => {
    const issues: never[] = [];
    const fields = parseReleaseFile(
      releaseMd(
        `${FRONTMATTER}subagents:\n  - security-reviewer\n  - airesource:default/pci-evidence-collector\n`,
      ),
      { file: 'releases/2.4.0/RELEASE.md', version: '2.4.0' },
      issues,
    );
    expect(fields?.config.subagents).toEqual([
      'airesource:default/security-reviewer',
      'airesource:default/pci-evidence-collector',
    ]);
    expect(issues).toEqual([]);
  });

  it('reports subagents that are not subagent names, naming the release file, field and entry', () => {
    const issues: any[] = [];
    const fields = parseReleaseFile(
      releaseMd(
        `${FRONTMATTER}subagents:\n  - security-reviewer\n  - api:default/github\n  - 42\n  - security-reviewer\n`,
      ),
      { file: 'releases/2.4.0/RELEASE.md', version: '2.4.0' },
      issues,
    );
    expect(fields?.config.subagents).toEqual([
      'airesource:default/security-reviewer',
    ]);
    expect(issues.map(i => [i.rule, i.severity, i.line, i.message])).toEqual([
      [
        'release-subagent-invalid',
        'error',
        16,
        'releases/2.4.0/RELEASE.md: subagents[1] "api:default/github" is not a subagent name or an airesource ref',
      ],
      [
        'release-subagent-invalid',
        'error',
        17,
        'releases/2.4.0/RELEASE.md: subagents[2] 42 is not a subagent name or an airesource ref',
      ],
      [
        'release-subagent-duplicate',
        'warning',
        18,
        'releases/2.4.0/RELEASE.md: subagents[3] airesource:default/security-reviewer is listed twice',
      ],
    ]);

    const notAList: any[] = [];
    const single = parseReleaseFile(
      releaseMd(`${FRONTMATTER}subagents: security-reviewer\n`),
      { file: 'releases/2.4.0/RELEASE.md', version: '2.4.0' },
      notAList,
    );
    expect(single?.config.subagents).toBeUndefined();
    expect(notAList.map(i => [i.rule, i.line, i.message])).toEqual([
      [
        'release-subagents-invalid',
        14,
        'releases/2.4.0/RELEASE.md: "subagents" must be a list of subagent names or refs, such as security-reviewer or airesource:default/security-reviewer',
      ],
    ]);
  });

  it('reports a model routing role without a model', () => {
    const { issues } = mapRelease(
      ...release('2.4.0', {
        'RELEASE.md': releaseMd(
          FRONTMATTER.replace('plan: claude-opus-4-8', 'plan: 4'),
        ),
      }),
    );
    expect(ruleLines(issues)).toEqual([
      {
        rule: 'release-model-routing-invalid',
        file: 'releases/2.4.0/RELEASE.md',
        line: 11,
      },
    ]);
  });

  it('warns about fields that belong elsewhere, with a hint', () => {
    const { issues } = mapRelease(
      ...release('2.4.0', {
        'RELEASE.md': releaseMd(`${FRONTMATTER}latest: true\n`),
      }),
    );
    expect(ruleLines(issues)).toEqual([
      {
        rule: 'release-unknown-field',
        file: 'releases/2.4.0/RELEASE.md',
        line: 14,
      },
    ]);
    expect(issues[0]).toMatchObject({ severity: 'warning' });
    expect(issues[0].message).toContain('semver decides');
  });
});
