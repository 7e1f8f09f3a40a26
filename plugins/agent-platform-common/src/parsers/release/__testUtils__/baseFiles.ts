import { ParseIssue } from '../../../errors';
import { parseBaseFolder } from '../baseFolder';
import { BaseSourceText, groupBaseFolders } from '../files';

/** Where the test base folder is, for the location annotations. */
export const ROOT = '/srv/agent-base';

/** Annotations the caller passes for `agent-base.yaml` at {@link ROOT}. */
export const ANNOTATIONS = {
  'backstage.io/managed-by-location': `file:${ROOT}/agent-base.yaml`,
  'backstage.io/managed-by-origin-location': `file:${ROOT}/agent-base.yaml`,
  'backstage.io/source-location': `file:${ROOT}/`,
};

export const options = {
  defaultOwner: 'group:default/platform',
  folderName: 'agent-base',
  annotations: ANNOTATIONS,
};

export const file = (path: string, text: string): BaseSourceText => ({
  path,
  text,
});

export const MANIFEST = `name: org-base
title: Org base agent config
description: What every coding agent at Acme starts from.
owner: platform
system: agent-platform
links:
  - url: https://wiki.acme.example/org-base
    title: Release process
`;

export const FRONTMATTER = `date: 2026-10-28
security: false
deprecated: false
withdrawn: false
skills:
  - code-review
  - airesource:default/commit-message
modelRouting:
  default: claude-sonnet-4-6
  plan: claude-opus-4-8
budget:
  monthlyUsdCap: 5000
`;
export const releaseMd = (
  frontmatter = FRONTMATTER,
  body = 'Adds code review.',
) => `---\n${frontmatter}---\n\n${body}\n`;
export const CLAUDE_MD =
  '# Acme conventions\n\n- Run `npm run test` before you finish.\n';
export const SETTINGS = `{
  "$schema": "https://json.schemastore.org/claude-code-settings.json",
  "permissions": {
    "defaultMode": "default",
    "allow": ["Bash(npm run test *)"],
    "ask": ["Bash(git push *)"],
    "deny": ["Read(./.env)"]
  }
}
`;
export const MCP = `{
  "mcpServers": {
    "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/" },
    "jira": { "type": "http", "url": "https://mcp.atlassian.com/v1/mcp" }
  }
}
`;

type ReleaseFileName =
  | 'RELEASE.md'
  | 'CLAUDE.md'
  | '.claude/settings.json'
  | '.mcp.json';

/** The four files of a release folder; `null` leaves a file out. */
export function release(
  version: string,
  overrides: Partial<Record<ReleaseFileName, string | null>> = {},
  prefix = '',
): BaseSourceText[] {
  const texts: Record<ReleaseFileName, string | null> = {
    'RELEASE.md': releaseMd(),
    'CLAUDE.md': CLAUDE_MD,
    '.claude/settings.json': SETTINGS,
    '.mcp.json': MCP,
    ...overrides,
  };
  return Object.entries(texts).flatMap(([name, text]) =>
    text === null ? [] : [file(`${prefix}releases/${version}/${name}`, text)],
  );
}

/** Groups the files into exactly one base folder and parses it. */
export function map(files: BaseSourceText[]) {
  const bases = groupBaseFolders(files);
  expect(bases).toHaveLength(1);
  return parseBaseFolder(bases[0], options);
}

/** A base of `agent-base.yaml` and the given release files. */
export const mapRelease = (...files: BaseSourceText[]) =>
  map([file('agent-base.yaml', MANIFEST), ...files]);

export const errorsOf = (issues: ParseIssue[]) =>
  issues.filter(i => i.severity === 'error');
export const ruleLines = (issues: ParseIssue[]) =>
  issues.map(i => ({ rule: i.rule, file: i.file, line: i.line }));

/** The releases of a parsed base entity. */
export const releasesOf = (result: ReturnType<typeof map>) =>
  result.entity!.spec.releases;
