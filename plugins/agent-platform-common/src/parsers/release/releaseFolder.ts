import { createParseIssue, ParseIssue } from '../../errors';
import { readReleases } from '../../inheritance/releases';
import {
  AgentConfigContent,
  AgentConfigRelease,
  BaseAgentConfigEntity,
} from '../../model/AgentConfigEntity';
import { isValidEntityName } from '../../model/entityName';
import { isExactSemver } from '../../model/values';
import { parseContextFile } from '../contextFile';
import { scanMarkdown } from '../markdown';
import { parseMcpJson } from '../mcpJson';
import { parseSettingsJson } from '../settingsJson';
import { BaseReleaseFolder, BaseSourceText, textOf } from './files';
import { parseReleaseFile } from './releaseFile';

/**
 * The releases of a base's `releases/<version>/` folders, newest first by
 * semver. A folder whose name is not exact semver, whose RELEASE.md is
 * missing or unreadable, or whose flags are not booleans is left out, as is
 * a version that differs from another only in build metadata. Every problem
 * is added to `issues`.
 *
 * @public
 */
export function parseReleaseFolders(
  folders: BaseReleaseFolder[],
  issues: ParseIssue[],
): AgentConfigRelease[] {
  const read: AgentConfigRelease[] = [];
  for (const folder of [...folders].sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (!isExactSemver(folder.name)) {
      const stripped = folder.name.replace(/^[vV]/, '');
      issues.push(
        createParseIssue({
          file: folder.path,
          rule: 'release-folder-not-semver',
          message: `${folder.path}: the folder name "${
            folder.name
          }" is not an exact semver version${
            stripped !== folder.name && isExactSemver(stripped)
              ? ` (rename it to ${stripped})`
              : ' such as 2.4.0'
          }; the release is skipped`,
        }),
      );
      continue;
    }
    const release = parseReleaseFolder(folder, issues);
    if (release) {
      read.push(release);
    }
  }

  // Build metadata does not count in semver precedence: 2.4.0 and 2.4.0+1 are
  // the same release as far as pins and "latest" are concerned.
  const sorted = readReleases({
    spec: { releases: read },
  } as BaseAgentConfigEntity).releases;
  const seen = new Map<string, string>();
  const unique: AgentConfigRelease[] = [];
  for (const release of sorted) {
    const precedence = release.version.split('+')[0];
    const other = seen.get(precedence);
    if (other !== undefined) {
      const path = folders.find(f => f.name === release.version)?.path;
      issues.push(
        createParseIssue({
          file: path ?? release.version,
          rule: 'release-version-duplicate',
          message: `${path}: version ${release.version} differs from ${other} only in build metadata, which semver ignores; the two cannot be told apart, so ${release.version} is skipped`,
        }),
      );
      continue;
    }
    seen.set(precedence, release.version);
    unique.push(release);
  }
  return unique.reverse();
}

/**
 * One release from its folder: `RELEASE.md` gives the date, flags, notes,
 * skills, subagents, model routing and budget cap, `.claude/settings.json` the
 * permissions and `.mcp.json` the MCP servers; `CLAUDE.md` is checked for
 * content. Returns undefined when the release must be left out. The folder
 * name is taken as the version; the caller checks that it is semver.
 *
 * @public
 */
export function parseReleaseFolder(
  folder: BaseReleaseFolder,
  issues: ParseIssue[],
): AgentConfigRelease | undefined {
  const version = folder.name;
  for (const misplaced of folder.misplaced) {
    const expected = misplaced.path.endsWith('.mcp.json')
      ? `${folder.path}/.mcp.json`
      : `${folder.path}/.claude/settings.json`;
    issues.push(
      createParseIssue({
        file: misplaced.path,
        rule: 'release-file-misplaced',
        severity: 'warning',
        message: `${misplaced.path}: Claude Code does not read this file here; it belongs at ${expected}, and is ignored`,
      }),
    );
  }

  const config: AgentConfigContent = {};
  checkContextFiles(folder, issues);
  if (folder.settingsFile) {
    const settings = readSettings(folder.settingsFile, issues);
    if (settings) {
      config.permissions = settings.permissions;
      if (settings.hooks) config.hooks = settings.hooks;
    }
  } else {
    issues.push(
      createParseIssue({
        file: `${folder.path}/.claude/settings.json`,
        rule: 'release-settings-missing',
        severity: 'warning',
        message: `${folder.path}: no .claude/settings.json, so release ${version} sets no permissions`,
      }),
    );
  }
  if (folder.mcpFile) {
    const servers = readMcpServers(folder.mcpFile, issues);
    if (servers) {
      config.mcpServers = servers;
    }
  }

  const releaseFile = folder.releaseFile;
  const file = releaseFile?.path ?? `${folder.path}/RELEASE.md`;
  if (!releaseFile) {
    issues.push(
      createParseIssue({
        file,
        rule: 'release-file-missing',
        message: `${folder.path}: no RELEASE.md, so the date, flags and skills of release ${version} are unknown; the release is skipped`,
      }),
    );
    return undefined;
  }
  const text = textOf(releaseFile, issues);
  if (text === undefined) {
    return undefined;
  }
  const fields = parseReleaseFile(text, { file, version }, issues);
  if (!fields?.flagsReadable) {
    return undefined;
  }
  return {
    version,
    ...(fields.date ? { date: fields.date } : {}),
    ...(fields.notes ? { notes: fields.notes } : {}),
    security: fields.security,
    deprecated: fields.deprecated,
    withdrawn: fields.withdrawn,
    config: orderConfig({ ...config, ...fields.config }),
  };
}

function orderConfig(config: AgentConfigContent): AgentConfigContent {
  const {
    skills,
    subagents,
    mcpServers,
    permissions,
    modelRouting,
    budget,
    hooks,
  } = config;
  return {
    ...(skills ? { skills } : {}),
    ...(subagents ? { subagents } : {}),
    ...(mcpServers ? { mcpServers } : {}),
    ...(permissions ? { permissions } : {}),
    ...(modelRouting ? { modelRouting } : {}),
    ...(budget ? { budget } : {}),
    ...(hooks ? { hooks } : {}),
  };
}

function checkContextFiles(folder: BaseReleaseFolder, issues: ParseIssue[]) {
  if (folder.contextFiles.length === 0) {
    issues.push(
      createParseIssue({
        file: `${folder.path}/CLAUDE.md`,
        rule: 'release-context-missing',
        message: `${folder.path}: no CLAUDE.md; a release must ship the conventions agents load`,
      }),
    );
    return;
  }
  let hasContent = false;
  let bridged = false;
  for (const contextFile of folder.contextFiles) {
    const text = textOf(contextFile, issues);
    if (text === undefined) {
      continue;
    }
    const parsed = parseContextFile(text, { file: contextFile.path });
    issues.push(...parsed.issues);
    if (parsed.bridgeTo) {
      bridged = true;
      issues.push(
        createParseIssue({
          file: contextFile.path,
          line: parsed.imports[0]?.line ?? 1,
          rule: 'release-context-bridge-only',
          message: `${contextFile.path}: only imports ${parsed.bridgeTo}, which the release format does not read; put the conventions in CLAUDE.md itself`,
        }),
      );
      continue;
    }
    // Claude Code strips HTML comments before loading the file.
    const chars = text.split('');
    for (const comment of scanMarkdown(text).comments) {
      chars.fill(' ', comment.start, comment.end);
    }
    hasContent = hasContent || chars.join('').trim() !== '';
  }
  if (!hasContent && !bridged) {
    const first = folder.contextFiles[0];
    issues.push(
      createParseIssue({
        file: first.path,
        line: 1,
        rule: 'release-context-empty',
        message: `${first.path}: has no content outside HTML comments; a release must ship the conventions agents load`,
      }),
    );
  }
}

function readSettings(
  file: BaseSourceText,
  issues: ParseIssue[],
): Pick<AgentConfigContent, 'permissions' | 'hooks'> | undefined {
  const text = textOf(file, issues);
  if (text === undefined) {
    return undefined;
  }
  const parsed = parseSettingsJson(text, { file: file.path });
  issues.push(...parsed.issues);
  if (!parsed.settings) {
    return undefined;
  }
  const { defaultMode, allow, ask, deny } = parsed.settings.permissions;
  // Hooks (e.g. approval gates) are part of the release, for managed settings.
  const hooks = parsed.settings.hooks;
  return {
    permissions: {
      ...(defaultMode ? { defaultMode } : {}),
      allow: allow.map(r => r.raw),
      ask: ask.map(r => r.raw),
      deny: deny.map(r => r.raw),
    },
    ...(Object.keys(hooks).length > 0 ? { hooks } : {}),
  };
}

function readMcpServers(
  file: BaseSourceText,
  issues: ParseIssue[],
): string[] | undefined {
  const text = textOf(file, issues);
  if (text === undefined) {
    return undefined;
  }
  const parsed = parseMcpJson(text, { file: file.path });
  issues.push(...parsed.issues);
  if (
    parsed.issues.some(i =>
      ['json-syntax', 'mcp-not-object', 'mcp-missing-servers'].includes(i.rule),
    )
  ) {
    return undefined;
  }
  const servers: string[] = [];
  for (const server of parsed.servers) {
    if (!isValidEntityName(server.name)) {
      issues.push(
        createParseIssue({
          file: file.path,
          line: server.line,
          rule: 'release-mcp-server-name-invalid',
          message: `${file.path}: server "${server.name}" cannot name an MCP server entity (api:default/<name>); it is left out`,
        }),
      );
      continue;
    }
    servers.push(`api:default/${server.name}`);
  }
  return servers;
}
