import { parseSkillMd, splitAllowedTools } from './skillMd';

const rulesAndLines = (issues: Array<{ rule: string; line?: number }>) =>
  issues.map(i => [i.rule, i.line]);

const file = 'skills/pdf-processing/SKILL.md';

/** In the style of the skills in Anthropic's public skills repository. */
const ANTHROPIC_STYLE = `---
name: pdf-processing
description: Extract text and tables from PDF files, fill in PDF forms, and merge or split documents. Use when working with PDF files or when the user mentions PDFs, forms, or document extraction.
license: Complete terms in LICENSE.txt
---

# PDF Processing

## Overview

This guide covers PDF processing with Python libraries and command-line tools.

## Quick Start

\`\`\`python
from pypdf import PdfReader
reader = PdfReader("document.pdf")
print(len(reader.pages))
\`\`\`

For form filling, read [forms.md](forms.md) and follow its instructions.
`;

function skill(frontmatter: string, body = '\n# Skill\n\nDo the thing.\n') {
  return `---\n${frontmatter}\n---\n${body}`;
}

describe('parseSkillMd', () => {
  it("accepts a SKILL.md in the style of Anthropic's skills repository", () => {
    const result = parseSkillMd(ANTHROPIC_STYLE, {
      file,
      folderName: 'pdf-processing',
    });
    expect(result.issues).toEqual([]);
    expect(result.skill).toMatchObject({
      name: 'pdf-processing',
      license: 'Complete terms in LICENSE.txt',
      bodyStartLine: 6,
      metadata: {},
      allowedTools: [],
    });
    expect(result.skill?.description).toMatch(/^Extract text and tables/);
    expect(result.skill?.body).toContain('# PDF Processing');
  });

  it('reads every spec field', () => {
    const result = parseSkillMd(
      skill(
        [
          'name: code-review',
          'description: Review a diff against the org checklist.',
          'license: Apache-2.0',
          'compatibility: Requires git and network access to github.com',
          'metadata:',
          '  author: acme-platform',
          '  version: "1.4.0"',
          'allowed-tools: Read Grep Glob Bash(git diff:*) Bash(git log *)',
        ].join('\n'),
      ),
      { file: 'code-review/SKILL.md', folderName: 'code-review' },
    );
    expect(result.issues).toEqual([]);
    expect(result.skill?.metadata).toEqual({
      author: 'acme-platform',
      version: '1.4.0',
    });
    expect(result.skill?.allowedTools).toEqual([
      'Read',
      'Grep',
      'Glob',
      'Bash(git diff:*)',
      'Bash(git log *)',
    ]);
  });

  it('reports a missing frontmatter', () => {
    const result = parseSkillMd('# PDF\n\nNo frontmatter here.\n', { file });
    expect(rulesAndLines(result.issues)).toEqual([
      ['skill-frontmatter-missing', 1],
    ]);
  });

  it('reports broken frontmatter YAML with the file line', () => {
    const result = parseSkillMd(
      skill('name: pdf-processing\ndescription: Use this: when PDFs appear'),
      { file },
    );
    expect(rulesAndLines(result.issues)).toEqual([
      ['frontmatter-yaml-syntax', 3],
    ]);
  });

  it('reports an unclosed frontmatter', () => {
    const result = parseSkillMd('---\nname: pdf-processing\n\n# PDF\n', {
      file,
    });
    expect(rulesAndLines(result.issues)).toEqual([['frontmatter-unclosed', 1]]);
  });

  it('reports a missing name and description on the opening line', () => {
    const result = parseSkillMd(skill('license: MIT'), { file });
    expect(rulesAndLines(result.issues)).toEqual([
      ['skill-name-missing', 1],
      ['skill-description-missing', 1],
    ]);
  });

  it.each([
    ['PDF-Processing', /uppercase/],
    ['-pdf', /starts or ends/],
    ['pdf-', /starts or ends/],
    ['pdf--processing', /"--"/],
    ['pdf_processing', /lowercase letters, digits/],
    ['pdf processing', /lowercase letters, digits/],
  ])('reports the invalid name %j on its line', (name, why) => {
    const result = parseSkillMd(
      skill(`description: Work with PDFs.\nname: ${name}`),
      { file },
    );
    expect(rulesAndLines(result.issues)).toEqual([['skill-name-invalid', 3]]);
    expect(result.issues[0].message).toMatch(why);
  });

  it('reports a non-string name', () => {
    const result = parseSkillMd(skill('name: 42\ndescription: x'), { file });
    expect(rulesAndLines(result.issues)).toEqual([['skill-name-invalid', 2]]);
  });

  it('reports a name longer than 64 characters', () => {
    const result = parseSkillMd(
      skill(`name: ${'a'.repeat(65)}\ndescription: x`),
      { file },
    );
    expect(rulesAndLines(result.issues)).toEqual([['skill-name-too-long', 2]]);
  });

  it('reports a name that differs from the folder', () => {
    const result = parseSkillMd(
      skill('name: pdf\ndescription: Work with PDFs.'),
      { file, folderName: 'pdf-processing' },
    );
    expect(rulesAndLines(result.issues)).toEqual([['skill-name-mismatch', 2]]);
    expect(result.issues[0].message).toContain('"pdf-processing"');
  });

  it('reports a description over 1024 characters and an empty one', () => {
    const long = parseSkillMd(
      skill(`name: pdf\ndescription: ${'x'.repeat(1025)}`),
      { file },
    );
    expect(rulesAndLines(long.issues)).toEqual([
      ['skill-description-too-long', 3],
    ]);
    const empty = parseSkillMd(skill('name: pdf\ndescription: ""'), { file });
    expect(rulesAndLines(empty.issues)).toEqual([
      ['skill-description-missing', 3],
    ]);
  });

  it('reports a compatibility over 500 characters', () => {
    const result = parseSkillMd(
      skill(`name: pdf\ndescription: x\ncompatibility: ${'y'.repeat(501)}`),
      { file },
    );
    expect(rulesAndLines(result.issues)).toEqual([
      ['skill-compatibility-too-long', 4],
    ]);
  });

  it('reports non-string metadata values on their line', () => {
    const result = parseSkillMd(
      skill(
        'name: pdf\ndescription: x\nmetadata:\n  author: acme\n  version: 1.0\n  tags: [a, b]',
      ),
      { file },
    );
    expect(rulesAndLines(result.issues)).toEqual([
      ['skill-metadata-invalid', 6],
      ['skill-metadata-invalid', 7],
    ]);
    expect(result.issues[0].message).toContain('quote it');
    expect(result.skill?.metadata).toEqual({ author: 'acme' });
  });

  it('reports metadata that is not a map', () => {
    const result = parseSkillMd(
      skill('name: pdf\ndescription: x\nmetadata: [a]'),
      { file },
    );
    expect(rulesAndLines(result.issues)).toEqual([
      ['skill-metadata-invalid', 4],
    ]);
  });

  it('warns about allowed-tools as a list and rejects other types', () => {
    const list = parseSkillMd(
      skill('name: pdf\ndescription: x\nallowed-tools:\n  - Read\n  - Grep'),
      { file },
    );
    expect(rulesAndLines(list.issues)).toEqual([
      ['skill-allowed-tools-list', 4],
    ]);
    expect(list.skill?.allowedTools).toEqual(['Read', 'Grep']);
    const bad = parseSkillMd(
      skill('name: pdf\ndescription: x\nallowed-tools: 3'),
      { file },
    );
    expect(rulesAndLines(bad.issues)).toEqual([
      ['skill-allowed-tools-invalid', 4],
    ]);
  });

  it('warns about Claude Code fields and unknown fields, naming the tools', () => {
    const result = parseSkillMd(
      skill(
        'name: deploy\ndescription: Deploy the app.\ndisable-model-invocation: true\nargument-hint: "[environment]"\ncategory: ops',
      ),
      { file: 'deploy/SKILL.md', folderName: 'deploy' },
    );
    expect(rulesAndLines(result.issues)).toEqual([
      ['skill-field-claude-code-only', 4],
      ['skill-field-claude-code-only', 5],
      ['skill-field-unknown', 6],
    ]);
    expect(result.issues[0].message).toContain(
      'the agentskills reference validator (skills-ref) would reject it; Claude Code accepts it',
    );
    expect(result.issues[2].message).toContain('no known tool reads it');
    expect(result.issues.every(i => i.severity === 'warning')).toBe(true);
    expect(result.skill?.fields['disable-model-invocation']).toBe(true);
  });

  it('warns about reserved words and an empty body', () => {
    const result = parseSkillMd(
      '---\nname: claude-helper\ndescription: x\n---\n',
      {
        file,
      },
    );
    expect(rulesAndLines(result.issues)).toEqual([
      ['skill-name-reserved', 2],
      ['skill-body-empty', 5],
    ]);
  });
});

describe('splitAllowedTools', () => {
  it('keeps spaces inside parentheses', () => {
    expect(splitAllowedTools('  Bash(npm run test *)   Read ')).toEqual([
      'Bash(npm run test *)',
      'Read',
    ]);
  });
});
