import {
  AgentConfigContent,
  AgentConfigRelease,
  ANNOTATION_SOURCE_ISSUES,
  BASE_NAME_PATTERN,
  BaseAgentConfigEntity,
  createParseIssue,
  hasParseErrors,
  isExactSemver,
  normalizeEntityRef,
  ParseIssue,
  parseContextFile,
  parseFrontmatter,
  parseMcpJson,
  parseSettingsJson,
  readReleases,
  scanMarkdown,
  validateAgentConfigEntity,
} from '@agent-platform/plugin-agent-platform-common';
import { Entity, KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import {
  entityNameFrom,
  locationAnnotations,
  readSourceText,
  SourceEntityResult,
  SourceFile,
  toOwnerRef,
} from './sourceFile';

/**
 * The file that makes a folder an org base: its catalog metadata.
 *
 * @public
 */
export const BASE_MANIFEST_FILE = 'agent-base.yaml';

/**
 * The file names a base folder is read for. The reader matches names at any
 * depth, so {@link groupBaseFolders} decides which of them belong to a release.
 *
 * @public
 */
export const BASE_FILE_NAMES: ReadonlySet<string> = new Set([
  BASE_MANIFEST_FILE,
  'RELEASE.md',
  'CLAUDE.md',
  'settings.json',
  '.mcp.json',
]);

/**
 * The files of one `releases/<version>/` folder.
 *
 * @public
 */
export interface BaseReleaseFolder {
  /** The folder name, which is the release's version. */
  name: string;
  /** Path of the folder relative to the scanned target, e.g. `org-base/releases/2.4.0`. */
  path: string;
  /** `RELEASE.md`: frontmatter fields and the release notes. */
  releaseFile?: SourceFile;
  /** `CLAUDE.md` and `.claude/CLAUDE.md` (Claude Code loads both). */
  contextFiles: SourceFile[];
  /** `.claude/settings.json`. */
  settingsFile?: SourceFile;
  /** `.mcp.json`. */
  mcpFile?: SourceFile;
  /** `settings.json` and `.mcp.json` files where Claude Code does not read them. */
  misplaced: SourceFile[];
}

/**
 * One base folder: `agent-base.yaml` and its `releases/<version>/` folders.
 *
 * @public
 */
export interface BaseFolder {
  /** Path of the base folder relative to the scanned target; empty when the target is the base. */
  path: string;
  /** `agent-base.yaml`; absent when release folders were found without one. */
  manifest?: SourceFile;
  /** The release folders, by folder name. */
  releases: BaseReleaseFolder[];
}

/**
 * Options for {@link baseEntityFromFiles}.
 *
 * @public
 */
export interface BaseEntityOptions {
  /** Owner of bases whose `agent-base.yaml` names none. */
  defaultOwner: string;
}

const dirOf = (path: string) => path.split('/').slice(0, -1).join('/');
const join = (...parts: string[]) => parts.filter(Boolean).join('/');

/**
 * Sorts the files a target yielded into base folders. A base folder is one
 * holding `agent-base.yaml`; only files at the positions of the format count
 * (`releases/<version>/RELEASE.md`, `CLAUDE.md`, `.claude/CLAUDE.md`,
 * `.claude/settings.json`, `.mcp.json`), so the base repository's own
 * `CLAUDE.md` or `.claude/settings.json` at its root are never read as a
 * release. Release files without an `agent-base.yaml` above them form a base
 * folder without a manifest, so that they can be reported.
 *
 * @public
 */
export function groupBaseFolders(files: SourceFile[]): BaseFolder[] {
  const bases = new Map<string, BaseFolder>();
  for (const file of files) {
    if (file.path.split('/').pop() === BASE_MANIFEST_FILE) {
      bases.set(dirOf(file.path), {
        path: dirOf(file.path),
        manifest: file,
        releases: [],
      });
    }
  }
  const manifestDirs = [...bases.keys()].sort((a, b) => b.length - a.length);

  for (const file of files) {
    const segments = file.path.split('/');
    if (segments[segments.length - 1] === BASE_MANIFEST_FILE) {
      continue;
    }
    const owner = manifestDirs.find(
      dir => dir === '' || file.path.startsWith(`${dir}/`),
    );
    let basePath: string;
    let rest: string[];
    if (owner !== undefined) {
      basePath = owner;
      rest = segments.slice(owner === '' ? 0 : owner.split('/').length);
    } else {
      // No manifest above: still group release folders, to report them.
      const index = segments.indexOf('releases');
      if (index < 0) {
        continue;
      }
      basePath = segments.slice(0, index).join('/');
      rest = segments.slice(index);
    }
    if (rest[0] !== 'releases' || rest.length < 3) {
      continue;
    }
    const base = bases.get(basePath) ?? { path: basePath, releases: [] };
    bases.set(basePath, base);
    const name = rest[1];
    let release = base.releases.find(r => r.name === name);
    if (!release) {
      release = {
        name,
        path: join(basePath, 'releases', name),
        contextFiles: [],
        misplaced: [],
      };
      base.releases.push(release);
    }
    const tail = rest.slice(2).join('/');
    if (tail === 'RELEASE.md') {
      release.releaseFile = file;
    } else if (tail === 'CLAUDE.md' || tail === '.claude/CLAUDE.md') {
      release.contextFiles.push(file);
    } else if (tail === '.claude/settings.json') {
      release.settingsFile = file;
    } else if (tail === '.mcp.json') {
      release.mcpFile = file;
    } else if (tail.endsWith('settings.json') || tail.endsWith('.mcp.json')) {
      release.misplaced.push(file);
    }
    // Other RELEASE.md and CLAUDE.md files (e.g. a nested CLAUDE.md of a
    // subfolder, which Claude Code loads on demand) are not release metadata.
  }
  return [...bases.values()].sort((a, b) => a.path.localeCompare(b.path));
}

const MANIFEST_KEYS = [
  'name',
  'title',
  'description',
  'owner',
  'system',
  'lifecycle',
  'links',
];

const RELEASE_KEYS = [
  'version',
  'date',
  'security',
  'deprecated',
  'withdrawn',
  'skills',
  'modelRouting',
  'budget',
];

/** Where a field people put in RELEASE.md by mistake comes from instead. */
const RELEASE_KEY_HINTS: Record<string, string> = {
  mcpServers: "MCP servers are the keys of the release folder's .mcp.json",
  permissions:
    "permissions come from the release folder's .claude/settings.json",
  notes: 'the release notes are the body of RELEASE.md, below the frontmatter',
  latest: 'semver decides which release is the latest',
  name: 'the base name is set in agent-base.yaml',
};

const STRICT_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const match = STRICT_DATE.exec(value);
  if (!match) {
    return false;
  }
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

const isValidEntityName = (name: string) =>
  KubernetesValidatorFunctions.isValidObjectName(name);

/**
 * Maps a base folder to the org base entity: an `AiResource` of type
 * `agent-config`, `level: base`, one `spec.releases[]` entry per
 * `releases/<version>/` folder (newest first). `agent-base.yaml` gives the
 * metadata; each release's `RELEASE.md` frontmatter gives its date, flags,
 * skills, model routing and budget cap and its body the notes;
 * `.claude/settings.json` gives the permissions and `.mcp.json` the servers.
 *
 * Problems become issues on the entity (`agent-platform.io/source-issues`).
 * A release whose folder name is not exact semver, whose RELEASE.md cannot be
 * read, or whose flags are not booleans is left out rather than published
 * with guessed flags: a release that may be withdrawn must never look usable.
 * Returns no entity when the folder has no `agent-base.yaml` or no usable name.
 *
 * @public
 */
export function baseEntityFromFiles(
  base: BaseFolder,
  options: BaseEntityOptions,
): SourceEntityResult {
  const issues: ParseIssue[] = [];
  const manifestFile = base.manifest;
  if (!manifestFile) {
    const first = base.releases[0]?.path ?? join(base.path, 'releases');
    return {
      issues: [
        createParseIssue({
          file: join(base.path, BASE_MANIFEST_FILE),
          rule: 'base-manifest-missing',
          message: `${first} looks like a base release folder, but there is no ${BASE_MANIFEST_FILE} in ${
            base.path || 'the scanned folder'
          }; without it the releases belong to no base`,
        }),
      ],
    };
  }

  const manifest = readYamlMapping(manifestFile, issues);
  const field = (key: string) => manifest.values[key];
  const at = (key: string) => manifest.lines[key];
  const file = manifestFile.path;
  const add = (
    rule: string,
    message: string,
    key?: string,
    severity?: 'warning',
  ) =>
    issues.push(
      createParseIssue({
        file,
        line: key ? at(key) : undefined,
        rule,
        message: `${file}: ${message}`,
        severity,
      }),
    );

  for (const key of Object.keys(manifest.values)) {
    if (!MANIFEST_KEYS.includes(key)) {
      add(
        'base-manifest-unknown-field',
        `"${key}" is not a field of ${BASE_MANIFEST_FILE} (${MANIFEST_KEYS.join(
          ', ',
        )}); it is ignored`,
        key,
        'warning',
      );
    }
  }

  const folderName = manifestFile.folder.replace(/\/+$/, '').split('/').pop();
  const fallbackName = entityNameFrom(folderName ?? '')?.toLocaleLowerCase();
  let name: string | undefined;
  const rawName = field('name');
  if (rawName === undefined) {
    add(
      'base-name-missing',
      `no "name"; teams pin a base by name, so set it explicitly (the folder name "${folderName}" is used)`,
    );
  } else if (
    typeof rawName === 'string' &&
    BASE_NAME_PATTERN.test(rawName) &&
    isValidEntityName(rawName)
  ) {
    name = rawName;
  } else {
    add(
      'base-name-invalid',
      `name ${JSON.stringify(
        rawName,
      )} cannot be pinned: a base name is 1-63 lowercase letters, digits and "-", starting and ending with a letter or digit (the folder name "${folderName}" is used)`,
      'name',
    );
  }
  name = name ?? fallbackName;
  if (!name || !isValidEntityName(name)) {
    add(
      'base-name-invalid',
      `neither "name" nor the folder name "${folderName}" can name a catalog entity`,
    );
    return { issues };
  }

  const text = (key: string): string | undefined => {
    const value = field(key);
    if (value === undefined) {
      return undefined;
    }
    if (typeof value === 'string' && value.trim() !== '') {
      return value.trim();
    }
    add(
      'base-manifest-invalid-field',
      `"${key}" must be a non-empty string; it is ignored`,
      key,
    );
    return undefined;
  };
  const title = text('title');
  const description = text('description');
  const owner = text('owner');
  const system = text('system');
  const lifecycle = text('lifecycle') ?? 'production';
  if (owner === undefined) {
    add(
      'base-owner-missing',
      `no "owner"; the base is assigned to ${options.defaultOwner}`,
      undefined,
      'warning',
    );
  }
  const links = readLinks(field('links'), (message, index) =>
    issues.push(
      createParseIssue({
        file,
        line: manifest.lines[`links.${index}`] ?? at('links'),
        rule: 'base-link-invalid',
        message: `${file}: ${message}`,
      }),
    ),
  );

  const releases = readReleaseFolders(base.releases, issues);
  if (base.releases.length === 0) {
    add(
      'base-no-releases',
      `no releases/<version>/ folders next to ${BASE_MANIFEST_FILE}, so there is nothing teams can pin`,
    );
  }

  const entity: BaseAgentConfigEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: {
      name,
      ...(title ? { title } : {}),
      ...(description ? { description } : {}),
      ...(links.length > 0 ? { links } : {}),
      annotations: locationAnnotations(manifestFile),
    },
    spec: {
      type: 'agent-config',
      lifecycle,
      owner: owner ? toOwnerRef(owner) : options.defaultOwner,
      ...(system ? { system } : {}),
      level: 'base',
      releases,
    },
  };

  // The mapper only copies checked values, so this rarely finds anything; if
  // it does, the offending release is left out instead of the catalog
  // rejecting the whole entity.
  for (let attempt = 0; attempt <= releases.length; attempt++) {
    const result = validateAgentConfigEntity(entity);
    if (result.success) {
      break;
    }
    const problem = result.issues[0];
    const index = /^spec\.releases\.(\d+)/.exec(problem.path)?.[1];
    const release = index === undefined ? undefined : releases[Number(index)];
    issues.push(
      createParseIssue({
        file: release
          ? base.releases.find(r => r.name === release.version)?.releaseFile
              ?.path ?? file
          : file,
        rule: 'base-entity-invalid',
        message: `${problem.path}: ${problem.message}${
          release ? `; release ${release.version} is left out` : ''
        }`,
      }),
    );
    if (!release) {
      return { issues };
    }
    releases.splice(Number(index), 1);
  }

  if (issues.length > 0) {
    entity.metadata.annotations = {
      ...entity.metadata.annotations,
      [ANNOTATION_SOURCE_ISSUES]: JSON.stringify(issues),
    };
  }
  return { entity: entity as unknown as Entity, issues };
}

function readLinks(
  value: unknown,
  report: (message: string, index?: number) => void,
): Array<{ url: string; title?: string; icon?: string; type?: string }> {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    report('"links" must be a list of {url, title}; it is ignored');
    return [];
  }
  const links: Array<{
    url: string;
    title?: string;
    icon?: string;
    type?: string;
  }> = [];
  value.forEach((link, index) => {
    const valid =
      link &&
      typeof link === 'object' &&
      typeof link.url === 'string' &&
      /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(link.url) &&
      ['title', 'icon', 'type'].every(
        k => link[k] === undefined || typeof link[k] === 'string',
      );
    if (!valid) {
      report(
        `links[${index}] must be {url, title} with an absolute url; it is ignored`,
        index,
      );
      return;
    }
    links.push({
      url: link.url,
      ...(link.title ? { title: link.title } : {}),
      ...(link.icon ? { icon: link.icon } : {}),
      ...(link.type ? { type: link.type } : {}),
    });
  });
  return links;
}

/** The releases of the folders, newest first; skipped folders are reported. */
function readReleaseFolders(
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
    const release = readRelease(folder, issues);
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

function readRelease(
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
  const read = readSourceText(releaseFile);
  if (!('text' in read)) {
    issues.push(read.issue);
    return undefined;
  }
  const fm = parseFrontmatter(read.text, { file });
  issues.push(...fm.issues);
  if (hasParseErrors(fm.issues)) {
    issues.push(
      createParseIssue({
        file,
        line: 1,
        rule: 'release-unreadable',
        message: `${file}: the frontmatter cannot be read, so release ${version} is skipped`,
      }),
    );
    return undefined;
  }
  const add = (
    rule: string,
    message: string,
    key?: string,
    severity?: 'warning',
  ) =>
    issues.push(
      createParseIssue({
        file,
        line: key ? fm.keyLines[key] ?? 1 : 1,
        rule,
        message: `${file}: ${message}`,
        severity,
      }),
    );
  if (!fm.present) {
    add(
      'release-frontmatter-missing',
      `no "---" frontmatter with the date, flags and skills of release ${version}`,
    );
  }
  const data = fm.data;

  for (const key of Object.keys(data)) {
    if (!RELEASE_KEYS.includes(key)) {
      add(
        'release-unknown-field',
        `"${key}" is not a release field (${RELEASE_KEYS.join(', ')})${
          RELEASE_KEY_HINTS[key] ? `: ${RELEASE_KEY_HINTS[key]}` : ''
        }; it is ignored`,
        key,
        'warning',
      );
    }
  }
  if (data.version !== undefined && String(data.version) !== version) {
    add(
      'release-version-mismatch',
      `version ${JSON.stringify(
        data.version,
      )} does not match the folder name ${version}; the folder name is the version`,
      'version',
    );
  }

  const release: AgentConfigRelease = { version, config };
  if (data.date === undefined) {
    if (fm.present) {
      add('release-date-missing', `no "date" for release ${version}`);
    }
  } else if (typeof data.date === 'string' && isCalendarDate(data.date)) {
    release.date = data.date;
  } else {
    add(
      'release-date-invalid',
      `date ${JSON.stringify(
        data.date,
      )} is not a calendar date written YYYY-MM-DD, such as 2026-10-28`,
      'date',
    );
  }

  const notes = fm.body.trim();
  if (notes) {
    release.notes = notes;
  } else {
    add(
      'release-notes-missing',
      `RELEASE.md has no notes below the frontmatter; say what changed in ${version}`,
      undefined,
      'warning',
    );
  }

  let flagsReadable = true;
  for (const flag of ['security', 'deprecated', 'withdrawn'] as const) {
    const value = data[flag];
    if (value === undefined || typeof value === 'boolean') {
      release[flag] = value === true;
    } else {
      flagsReadable = false;
      add(
        'release-flag-invalid',
        `"${flag}" must be true or false, found ${JSON.stringify(
          value,
        )}; release ${version} is skipped rather than published with a guessed flag`,
        flag,
      );
    }
  }

  const skills = readSkills(data.skills, fm.keyLines, add);
  if (skills) {
    config.skills = skills;
  }
  const modelRouting = readModelRouting(data.modelRouting, add);
  if (modelRouting) {
    config.modelRouting = modelRouting;
  }
  const budget = readBudget(data.budget, add);
  if (budget) {
    config.budget = budget;
  }

  return flagsReadable
    ? {
        version,
        ...(release.date ? { date: release.date } : {}),
        ...(release.notes ? { notes: release.notes } : {}),
        security: release.security,
        deprecated: release.deprecated,
        withdrawn: release.withdrawn,
        config: orderConfig(config),
      }
    : undefined;
}

type AddIssue = (
  rule: string,
  message: string,
  key?: string,
  severity?: 'warning',
) => void;

function orderConfig(config: AgentConfigContent): AgentConfigContent {
  const { skills, mcpServers, permissions, modelRouting, budget, hooks } =
    config;
  return {
    ...(skills ? { skills } : {}),
    ...(mcpServers ? { mcpServers } : {}),
    ...(permissions ? { permissions } : {}),
    ...(modelRouting ? { modelRouting } : {}),
    ...(budget ? { budget } : {}),
    ...(hooks ? { hooks } : {}),
  };
}

function readSkills(
  value: unknown,
  keyLines: Record<string, number>,
  add: AddIssue,
): string[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value)) {
    add(
      'release-skills-invalid',
      '"skills" must be a list of skill names or refs, such as code-review or airesource:default/code-review',
      'skills',
    );
    return undefined;
  }
  const skills: string[] = [];
  value.forEach((entry, index) => {
    const ref =
      typeof entry === 'string'
        ? normalizeEntityRef(entry, 'airesource')
        : undefined;
    const name = ref?.split('/').pop() ?? '';
    if (!ref || !ref.startsWith('airesource:') || !isValidEntityName(name)) {
      add(
        'release-skill-invalid',
        `skills[${index}] ${JSON.stringify(
          entry,
        )} is not a skill name or an airesource ref`,
        keyLines[`skills.${index}`] !== undefined
          ? `skills.${index}`
          : 'skills',
      );
      return;
    }
    if (skills.includes(ref)) {
      add(
        'release-skill-duplicate',
        `skills[${index}] ${ref} is listed twice`,
        `skills.${index}`,
        'warning',
      );
      return;
    }
    skills.push(ref);
  });
  return skills;
}

function readModelRouting(
  value: unknown,
  add: AddIssue,
): Record<string, string> | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    add(
      'release-model-routing-invalid',
      '"modelRouting" must map roles (default, plan, background) to model ids',
      'modelRouting',
    );
    return undefined;
  }
  const routing: Record<string, string> = {};
  for (const [role, model] of Object.entries(value)) {
    if (typeof model === 'string' && model.trim() !== '') {
      routing[role] = model.trim();
    } else {
      add(
        'release-model-routing-invalid',
        `modelRouting.${role} must be a model id such as claude-sonnet-4-6; it is ignored`,
        `modelRouting.${role}`,
      );
    }
  }
  return routing;
}

function readBudget(
  value: unknown,
  add: AddIssue,
): { monthlyUsdCap?: number } | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    add(
      'release-budget-invalid',
      '"budget" must be a mapping such as {monthlyUsdCap: 5000}',
      'budget',
    );
    return undefined;
  }
  const budget: { monthlyUsdCap?: number } = {};
  for (const [key, amount] of Object.entries(value)) {
    if (key !== 'monthlyUsdCap') {
      add(
        'release-unknown-field',
        `budget.${key} is not a base budget field (monthlyUsdCap)${
          key === 'monthlyUsd'
            ? '; monthlyUsd is the budget of a team or repo config'
            : ''
        }; it is ignored`,
        `budget.${key}`,
        'warning',
      );
    } else if (
      typeof amount === 'number' &&
      Number.isFinite(amount) &&
      amount >= 0
    ) {
      budget.monthlyUsdCap = amount;
    } else {
      add(
        'release-budget-invalid',
        `budget.monthlyUsdCap must be a number of US dollars, 0 or more; found ${JSON.stringify(
          amount,
        )}`,
        'budget.monthlyUsdCap',
      );
    }
  }
  return budget;
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
    const read = readSourceText(contextFile);
    if (!('text' in read)) {
      issues.push(read.issue);
      continue;
    }
    const parsed = parseContextFile(read.text, { file: contextFile.path });
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
    const chars = read.text.split('');
    for (const comment of scanMarkdown(read.text).comments) {
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
  file: SourceFile,
  issues: ParseIssue[],
): Pick<AgentConfigContent, 'permissions' | 'hooks'> | undefined {
  const read = readSourceText(file);
  if (!('text' in read)) {
    issues.push(read.issue);
    return undefined;
  }
  const parsed = parseSettingsJson(read.text, { file: file.path });
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
  file: SourceFile,
  issues: ParseIssue[],
): string[] | undefined {
  const read = readSourceText(file);
  if (!('text' in read)) {
    issues.push(read.issue);
    return undefined;
  }
  const parsed = parseMcpJson(read.text, { file: file.path });
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

/** A YAML file read as a mapping, with the line of each key (dotted paths). */
function readYamlMapping(
  file: SourceFile,
  issues: ParseIssue[],
): { values: Record<string, unknown>; lines: Record<string, number> } {
  const empty = { values: {}, lines: {} };
  const read = readSourceText(file);
  if (!('text' in read)) {
    issues.push(read.issue);
    return empty;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(read.text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      issues.push(
        createParseIssue({
          file: file.path,
          line: lineCounter.linePos(error.pos[0]).line,
          rule: 'yaml-invalid',
          message: `${file.path}: ${error.message.split('\n')[0]}`,
        }),
      );
    }
    return empty;
  }
  if (!isMap(doc.contents)) {
    issues.push(
      createParseIssue({
        file: file.path,
        line: 1,
        rule: 'base-manifest-not-a-map',
        message: `${file.path}: expected a YAML mapping of name, title, description, owner, system, lifecycle and links`,
      }),
    );
    return empty;
  }
  const lines: Record<string, number> = {};
  const collect = (node: unknown, prefix: string) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        const path = prefix ? `${prefix}.${key}` : key;
        if (isScalar(pair.key) && pair.key.range) {
          lines[path] = lineCounter.linePos(pair.key.range[0]).line;
        }
        collect(pair.value, path);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const range = (item as { range?: [number, number, number] })?.range;
        if (range) {
          lines[`${prefix}.${index}`] = lineCounter.linePos(range[0]).line;
        }
      });
    }
  };
  collect(doc.contents, '');
  return { values: doc.toJS() as Record<string, unknown>, lines };
}
