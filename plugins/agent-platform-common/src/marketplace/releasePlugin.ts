import type { HookMatcher } from '../parsers/settingsJson';
import { BASE_NAME_PATTERN, EXACT_SEMVER_PATTERN } from '../model/values';

// The Agent Skills name rule (also Claude Code's for subagents): lowercase
// letters, digits and single dashes, at most 64 characters.
const ASSET_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_NAME = 64;

/**
 * The Claude Code plugin manifest (`.claude-plugin/plugin.json`) the suite
 * writes for a base release. Skills, agents and hooks sit at Claude Code's
 * default places (`skills/`, `agents/`, `hooks/hooks.json`), so the manifest
 * does not list them.
 *
 * @public
 */
export interface ClaudePluginManifest {
  /** The base name, e.g. `org-base`. */
  name: string;
  /** The release version, e.g. `2.4.0`. */
  version: string;
  /** What the plugin holds, for people. */
  description: string;
  /** Who publishes it. */
  author?: { name: string; email?: string };
  /** Where people read about it. */
  homepage?: string;
}

/**
 * A plugin entry of a marketplace, with an `archive` source: an HTTPS URL of
 * a zip of the plugin folder and its SHA-256 digest (Claude Code refuses a
 * download that does not match).
 *
 * @public
 */
export interface ClaudeMarketplacePluginEntry {
  /** The plugin name (the base). */
  name: string;
  /** The plugin version (the release). */
  version: string;
  /** What it holds. */
  description: string;
  /** Where Claude Code downloads it: an HTTPS zip and its SHA-256 (hex). */
  source: { source: 'archive'; url: string; sha256: string };
}

/**
 * A Claude Code marketplace document (`.claude-plugin/marketplace.json`).
 *
 * @public
 */
export interface ClaudeMarketplace {
  /** Marketplace name: users install `<plugin>@<this name>`. */
  name: string;
  /** Who maintains it. */
  owner: { name: string; email?: string };
  /** What it offers. */
  description?: string;
  /** Its plugins. */
  plugins: ClaudeMarketplacePluginEntry[];
}

/**
 * Input of {@link buildReleasePlugin}: one base release with the contents of
 * its vetted skills and subagents.
 *
 * @public
 */
export interface ReleasePluginInput {
  /** The base name; it becomes the plugin name. */
  base: string;
  /** The base's description. */
  description?: string;
  /** Exact semver of the release; it becomes the plugin version. */
  version: string;
  /** Who publishes the plugin (the platform team). */
  author?: { name: string; email?: string };
  /** Where people read about the base. */
  homepage?: string;
  /** The release's skills: their Agent Skills name and folder files by relative path. */
  skills: Array<{
    name: string;
    files: ReadonlyMap<string, Uint8Array | string>;
  }>;
  /** Subagents: their name and the whole `<name>.md` file. */
  subagents?: Array<{ name: string; content: string }>;
  /** The release's hooks, as `.claude/settings.json` states them. */
  hooks?: Record<string, HookMatcher[]>;
}

/**
 * The plugin of a release: its manifest and every file of the plugin folder
 * by POSIX path (`.claude-plugin/plugin.json` first, then sorted).
 *
 * @public
 */
export interface ReleasePlugin {
  /** The content of `.claude-plugin/plugin.json`. */
  manifest: ClaudePluginManifest;
  /** Every file of the plugin folder by POSIX path. */
  files: Map<string, Uint8Array | string>;
}

/**
 * Thrown by {@link buildReleasePlugin} for a release that cannot become a
 * plugin; `problems` names each one (what and where).
 *
 * @public
 */
export class ReleasePluginError extends Error {
  /** Each problem, naming the skill, subagent or field and what is wrong. */
  readonly problems: string[];
  constructor(release: string, problems: string[]) {
    super(
      `${release} cannot be published as a Claude Code plugin: ${problems.join(
        '; ',
      )}`,
    );
    this.name = 'ReleasePluginError';
    this.problems = problems;
  }
}

const validName = (name: string) =>
  name.length <= MAX_NAME && ASSET_NAME.test(name);

// A path inside a folder: relative, POSIX, no `..`, `.` or empty segments.
const validPath = (path: string) =>
  path.length > 0 &&
  !path.startsWith('/') &&
  !path.includes('\\') &&
  path.split('/').every(s => s !== '' && s !== '.' && s !== '..');

/**
 * Builds the Claude Code plugin of one base release: one plugin named after
 * the base, versioned as the release, holding the release's skills
 * (`skills/<name>/...`), subagents (`agents/<name>.md`) and hooks
 * (`hooks/hooks.json`).
 *
 * Refused, with every problem named ({@link ReleasePluginError}): a base
 * name or version Claude Code would not take, a skill or subagent whose name
 * breaks the Agent Skills name rule, a skill without `SKILL.md`, a file path
 * that leaves its folder, and two skills or subagents of the same name.
 *
 * @public
 */
export function buildReleasePlugin(input: ReleasePluginInput): ReleasePlugin {
  const where = `${input.base}@${input.version}`;
  const problems: string[] = [];
  if (!BASE_NAME_PATTERN.test(input.base) || !ASSET_NAME.test(input.base)) {
    problems.push(
      `base name ${JSON.stringify(
        input.base,
      )} is not a plugin name (lowercase letters, digits and single "-")`,
    );
  }
  if (!EXACT_SEMVER_PATTERN.test(input.version)) {
    problems.push(
      `version ${JSON.stringify(input.version)} is not an exact semver version`,
    );
  }

  const files = new Map<string, Uint8Array | string>();
  const seen = new Set<string>();
  for (const skill of input.skills) {
    const at = `skill ${JSON.stringify(skill.name)}`;
    if (!validName(skill.name)) {
      problems.push(
        `${at}: the name must be 1-64 lowercase letters, digits and single "-" (Agent Skills name rule)`,
      );
      continue;
    }
    if (seen.has(`skill:${skill.name}`)) {
      problems.push(`${at} is listed twice`);
      continue;
    }
    seen.add(`skill:${skill.name}`);
    if (!skill.files.has('SKILL.md')) {
      problems.push(`${at}: no SKILL.md among its files`);
      continue;
    }
    for (const [path, content] of skill.files) {
      if (!validPath(path)) {
        problems.push(
          `${at}: file path ${JSON.stringify(path)} leaves the skill folder`,
        );
        continue;
      }
      files.set(`skills/${skill.name}/${path}`, content);
    }
  }
  for (const agent of input.subagents ?? []) {
    const at = `subagent ${JSON.stringify(agent.name)}`;
    if (!validName(agent.name)) {
      problems.push(
        `${at}: the name must be 1-64 lowercase letters, digits and single "-"`,
      );
      continue;
    }
    if (seen.has(`agent:${agent.name}`)) {
      problems.push(`${at} is listed twice`);
      continue;
    }
    seen.add(`agent:${agent.name}`);
    if (agent.content.trim() === '') {
      problems.push(`${at}: its file agents/${agent.name}.md is empty`);
      continue;
    }
    files.set(`agents/${agent.name}.md`, agent.content);
  }
  if (problems.length > 0) throw new ReleasePluginError(where, problems);

  if (input.hooks && Object.keys(input.hooks).length > 0) {
    files.set(
      'hooks/hooks.json',
      `${JSON.stringify({ hooks: input.hooks }, null, 2)}\n`,
    );
  }

  const parts = [
    `${input.skills.length} skill${input.skills.length === 1 ? '' : 's'}`,
    ...(input.subagents?.length
      ? [
          `${input.subagents.length} subagent${
            input.subagents.length === 1 ? '' : 's'
          }`,
        ]
      : []),
    ...(files.has('hooks/hooks.json') ? ['its hooks'] : []),
  ];
  const manifest: ClaudePluginManifest = {
    name: input.base,
    version: input.version,
    description: `${(
      input.description ?? `The ${input.base} agent config`
    ).replace(/[.\s]+$/, '')} (${input.base} ${input.version}: ${parts.join(
      ', ',
    )}).`,
    ...(input.author ? { author: input.author } : {}),
    ...(input.homepage ? { homepage: input.homepage } : {}),
  };
  const ordered = new Map<string, Uint8Array | string>([
    ['.claude-plugin/plugin.json', `${JSON.stringify(manifest, null, 2)}\n`],
  ]);
  for (const path of [...files.keys()].sort()) {
    ordered.set(path, files.get(path)!);
  }
  return { manifest, files: ordered };
}

/**
 * The marketplace of one base release: the release's plugin as its only
 * entry, fetched from `archive.url` (an HTTPS zip of the plugin folder) and
 * checked against `archive.sha256`. One marketplace per release keeps a team
 * on the release it added until it adds another.
 *
 * @public
 */
export function buildReleaseMarketplace(input: {
  name: string;
  owner: { name: string; email?: string };
  description?: string;
  plugin: ClaudePluginManifest;
  archive: { url: string; sha256: string };
}): ClaudeMarketplace {
  if (!validName(input.name)) {
    throw new ReleasePluginError(`marketplace ${input.name}`, [
      `marketplace name ${JSON.stringify(
        input.name,
      )} must be lowercase letters, digits and single "-"`,
    ]);
  }
  return {
    name: input.name,
    owner: input.owner,
    ...(input.description ? { description: input.description } : {}),
    plugins: [
      {
        name: input.plugin.name,
        version: input.plugin.version,
        description: input.plugin.description,
        source: {
          source: 'archive',
          url: input.archive.url,
          sha256: input.archive.sha256,
        },
      },
    ],
  };
}
