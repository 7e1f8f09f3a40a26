import { formatPin, parsePinRef, parsePins } from './pin';

const rulesAndLines = (issues: Array<{ rule: string; line?: number }>) =>
  issues.map(i => [i.rule, i.line]);

const file = 'CLAUDE.md';

describe('parsePins', () => {
  it('finds the pin with its line', () => {
    const scan = parsePins(
      '# Payments\n\n<!-- agent-platform: extends: org-base@2.4.0 -->\nUse pnpm.\n',
      { file },
    );
    expect(scan.issues).toEqual([]);
    expect(scan.pin).toEqual({ base: 'org-base', version: '2.4.0', line: 3 });
  });

  it('accepts tabs, no spaces, CRLF and prerelease versions', () => {
    const scan = parsePins(
      'x\r\n<!--agent-platform:\textends:org-base@3.0.0-rc.1+build.5-->\r\n',
      { file },
    );
    expect(scan.pin).toEqual({
      base: 'org-base',
      version: '3.0.0-rc.1+build.5',
      line: 2,
    });
  });

  it('ignores pins in fenced code blocks and inline code spans', () => {
    const text = [
      'Write the pin like this:',
      '```markdown',
      '<!-- agent-platform: extends: org-base@1.0.0 -->',
      '```',
      'or inline: `<!-- agent-platform: extends: org-base@1.1.0 -->`.',
    ].join('\n');
    const scan = parsePins(text, { file });
    expect(scan.pins).toEqual([]);
    expect(scan.issues).toEqual([]);
  });

  it.each([
    ['org-base@2.4', 'pin-version-range'],
    ['org-base@^2.4.0', 'pin-version-range'],
    ['org-base@~2.4.0', 'pin-version-range'],
    ['org-base@2.x', 'pin-version-range'],
    ['org-base@v2.4.0', 'pin-version-leading-v'],
    ['org-base@2.4.0.1', 'pin-invalid-version'],
    ['org-base@latest', 'pin-invalid-version'],
    ['org-base@02.4.0', 'pin-invalid-version'],
    ['org-base', 'pin-missing-version'],
    ['org-base@', 'pin-missing-version'],
    ['Org-Base@2.4.0', 'pin-invalid-base'],
    ['org_base@2.4.0', 'pin-invalid-base'],
    ['@2.4.0', 'pin-invalid-base'],
    [`${'a'.repeat(65)}@2.4.0`, 'pin-invalid-base'],
    ['org-base @ 2.4.0', 'pin-malformed'],
    ['', 'pin-malformed'],
  ])('reports the malformed pin %j as %s on its line', (ref, rule) => {
    const scan = parsePins(
      `# Title\n\n<!-- agent-platform: extends: ${ref} -->\n`,
      { file },
    );
    expect(rulesAndLines(scan.issues)).toEqual([[rule, 3]]);
    expect(scan.pin).toBeUndefined();
  });

  it('reports two different pins in one file', () => {
    const scan = parsePins(
      '<!-- agent-platform: extends: org-base@2.4.0 -->\ntext\n<!-- agent-platform: extends: org-base@2.3.0 -->\n',
      { file },
    );
    expect(rulesAndLines(scan.issues)).toEqual([['pin-conflict', 3]]);
    expect(scan.issues[0].message).toContain('line 1');
    expect(scan.pin?.version).toBe('2.4.0');
  });

  it('warns about a repeated identical pin', () => {
    const scan = parsePins(
      '<!-- agent-platform: extends: org-base@2.4.0 -->\n<!-- agent-platform: extends: org-base@2.4.0 -->\n',
      { file },
    );
    expect(rulesAndLines(scan.issues)).toEqual([['pin-duplicate', 2]]);
    expect(scan.issues[0].severity).toBe('warning');
  });

  it('reports a multi-line pin comment, a near miss and an unknown directive', () => {
    const scan = parsePins(
      [
        '<!-- agent-platform: extends:',
        '     org-base@2.4.0 -->',
        '<!-- Agent-Platform: extends: org-base@2.4.0 -->',
        '<!-- agent-platform: owner: payments -->',
      ].join('\n'),
      { file },
    );
    expect(rulesAndLines(scan.issues)).toEqual([
      ['pin-malformed', 1],
      ['pin-malformed', 3],
      ['pin-unknown-directive', 4],
    ]);
  });

  it('warns about a pin written outside an HTML comment', () => {
    const scan = parsePins('# T\nagent-platform: extends: org-base@2.4.0\n', {
      file,
    });
    expect(rulesAndLines(scan.issues)).toEqual([['pin-outside-comment', 2]]);
  });
});

describe('parsePinRef', () => {
  it('parses the spec.extends form', () => {
    expect(parsePinRef('org-base@2.3.0')).toEqual({
      ok: true,
      base: 'org-base',
      version: '2.3.0',
    });
    expect(parsePinRef('org-base@>=2.3.0')).toMatchObject({
      ok: false,
      rule: 'pin-version-range',
    });
  });
});

describe('formatPin', () => {
  it('produces the canonical line, which parses back', () => {
    const line = formatPin('org-base', '2.4.0');
    expect(line).toBe('<!-- agent-platform: extends: org-base@2.4.0 -->');
    expect(parsePins(line, { file }).pin).toEqual({
      base: 'org-base',
      version: '2.4.0',
      line: 1,
    });
  });

  it('refuses invalid input', () => {
    expect(() => formatPin('org-base', '^2.4.0')).toThrow(/range/);
    expect(() => formatPin('Org', '1.0.0')).toThrow(/uppercase/);
  });
});
