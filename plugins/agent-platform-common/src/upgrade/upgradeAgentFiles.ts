import { compare as semverCompare } from 'semver';
import { findRelease, latestRelease, readReleases } from '../inheritance';
import type { AgentConfigRelease, McpServerEntity } from '../model';
import { resolveContextTree } from '../parsers/contextTree';
import { normalizePosixPath } from '../parsers/paths';
import {
  permissionRuleCovers,
  permissionRulesOverlap,
} from '../parsers/permissionRuleMatch';
import {
  AGENT_CONTEXT_ENTRY_FILES,
  checkAgentWorkspace,
  MCP_JSON_FILE,
  SETTINGS_JSON_FILE,
} from '../workspace/checkAgentWorkspace';
import { mcpJsonEntryForServer } from '../workspace/renderAgentFiles';
import { JsonText } from './jsonEdit';
import { diffReleases, ReleaseDiff } from './releaseDiff';
import type {
  UpgradeConflict,
  UpgradeErrorCode,
  UpgradeInput,
  UpgradeResult,
  UpgradeSuccess,
} from './upgradeTypes';

class UpgradeError extends Error {
  constructor(
    readonly code: UpgradeErrorCode,
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}

const LISTS = ['allow', 'ask', 'deny'] as const;
const serverName = (ref: string) =>
  (ref.split('/').pop() ?? ref).toLocaleLowerCase('en-US');
const code = (s: string) => `\`${s}\``;

/**
 * Moves a repository's `extends:` pin to another release of its base and
 * re-renders what the base manages in its files, keeping everything the team
 * or the repository added byte for byte:
 *
 * - every pin of the base in the context files moves (only the version text
 *   changes), as do backquoted mentions of `<base>@<old>` (e.g. the Guardrails
 *   section {@link renderAgentFiles} writes);
 * - `.claude/settings.json`: rules the old release had and the target drops
 *   are removed from the same list; rules the target adds are appended;
 *   `model` moves with the base's default model when it equals the old one;
 *   `enabledMcpjsonServers` follows the server changes;
 * - `.mcp.json`: servers the old release had and the target drops are removed;
 *   servers the target adds are written from their catalog entity.
 * Files that do not exist are not created. Edits go through jsonc-parser, so
 * untouched entries keep their bytes.
 *
 * A repository rule or server that the target forbids (a new deny rule covers
 * it, a new ask rule is skipped by it, a deny rule switches its server off) is
 * kept and reported as a conflict; with `check`, every new violation of
 * {@link checkAgentWorkspace} is reported too.
 *
 * Idempotent: upgrading to the pinned release changes nothing. Refuses a
 * downgrade, a withdrawn target and a pin the base does not know unless
 * `force` is set, and any file it cannot parse; a refusal returns no files.
 *
 * @public
 */
export async function upgradeAgentFiles(
  input: UpgradeInput,
): Promise<UpgradeResult> {
  try {
    return await upgrade(input);
  } catch (e) {
    if (e instanceof UpgradeError) {
      return {
        ok: false,
        error: {
          code: e.code,
          message: e.message,
          ...(e.file ? { file: e.file } : {}),
        },
      };
    }
    throw e;
  }
}

async function upgrade(input: UpgradeInput): Promise<UpgradeSuccess> {
  const files = new Map(
    Object.entries(input.files).map(([p, t]) => [normalizePosixPath(p), t]),
  );
  const baseName = input.base.metadata.name;
  const force = input.force === true;
  const warnings: string[] = [];

  // 1. The pin.
  const entries = AGENT_CONTEXT_ENTRY_FILES.filter(f => files.has(f));
  if (entries.length === 0) {
    throw new UpgradeError(
      'no-context-file',
      `No context file: none of ${AGENT_CONTEXT_ENTRY_FILES.join(
        ', ',
      )} exists, so there is no pin to move`,
    );
  }
  const tree = await resolveContextTree([...entries], async p => files.get(p));
  const pinError = tree.issues.find(
    i => i.severity === 'error' && i.rule.startsWith('pin-'),
  );
  if (pinError) {
    throw new UpgradeError(
      'pin-invalid',
      `${pinError.file}${pinError.line ? `:${pinError.line}` : ''}: ${
        pinError.message
      }`,
      pinError.file,
    );
  }
  const pin = tree.pin;
  if (!pin) {
    throw new UpgradeError(
      'pin-missing',
      `No context file declares the base it extends (<!-- agent-platform: extends: ${baseName}@<version> -->); add the pin first`,
      entries[0],
    );
  }
  if (pin.base !== baseName) {
    throw new UpgradeError(
      'base-mismatch',
      `${pin.file}:${pin.line} pins ${pin.base}@${pin.version}, not the base ${baseName}`,
      pin.file,
    );
  }
  const pins = tree.pins.filter(p => p.base === baseName);
  const other = pins.find(p => p.version !== pin.version);
  if (other) {
    throw new UpgradeError(
      'pin-conflict',
      `${pin.file}:${pin.line} pins ${baseName}@${pin.version} but ${other.file}:${other.line} pins ${baseName}@${other.version}; make them agree first`,
      other.file,
    );
  }

  // 2. The releases.
  const { releases } = readReleases(input.base);
  if (releases.length === 0) {
    throw new UpgradeError(
      'base-no-releases',
      `The base ${baseName} has no releases`,
    );
  }
  const known = releases.map(r => r.version).join(', ');
  const fromVersion = input.from ?? pin.version;
  let current = findRelease(releases, fromVersion);
  if (!current) {
    if (!force) {
      throw new UpgradeError(
        'pin-unknown',
        `${
          input.from
            ? 'The files were rendered from'
            : `${pin.file}:${pin.line} pins`
        } ${baseName}@${fromVersion}, which is not a release of ${baseName} (${known}); without it the engine cannot tell the base's entries from the repository's (--force treats every entry as the repository's)`,
        pin.file,
      );
    }
    warnings.push(
      `${baseName}@${fromVersion} is not a known release; every existing entry is kept as the repository's`,
    );
    current = { version: fromVersion, config: {} };
  }
  const target = input.to
    ? findRelease(releases, input.to)
    : latestRelease(releases);
  if (!target) {
    throw new UpgradeError(
      'release-unknown',
      input.to
        ? `${baseName} has no release ${input.to} (releases: ${known})`
        : `${baseName} has no release that is not withdrawn`,
    );
  }
  if (target.withdrawn) {
    if (!force) {
      throw new UpgradeError(
        'release-withdrawn',
        `${baseName}@${target.version} is withdrawn and must not be used; pick another release (or --force)`,
      );
    }
    warnings.push(`${baseName}@${target.version} is withdrawn`);
  }
  const order = semverCompare(target.version, fromVersion);
  if (order < 0) {
    if (!force) {
      throw new UpgradeError(
        'downgrade',
        `${baseName}@${target.version} is older than ${
          input.from ? '' : 'the pinned '
        }${fromVersion}; refusing to downgrade (or --force)`,
      );
    }
    warnings.push(
      `downgrading from ${fromVersion} to ${target.version} (forced)`,
    );
  }
  const diff = diffReleases(current, target);

  // 3. Parse the JSON files before changing anything.
  const settings = readJson(files, SETTINGS_JSON_FILE);
  const mcp = readJson(files, MCP_JSON_FILE);
  if (settings) {
    for (const list of LISTS) {
      const node = settings.node(['permissions', list]);
      if (node && node.type !== 'array') {
        throw new UpgradeError(
          'file-unparsable',
          `${SETTINGS_JSON_FILE}:${settings.line([
            'permissions',
            list,
          ])}: permissions.${list} must be an array of rules`,
          SETTINGS_JSON_FILE,
        );
      }
    }
  }
  const mcpServersNode = mcp?.node(['mcpServers']);
  if (mcp && mcpServersNode && mcpServersNode.type !== 'object') {
    throw new UpgradeError(
      'file-unparsable',
      `${MCP_JSON_FILE}: mcpServers must be an object of servers`,
      MCP_JSON_FILE,
    );
  }

  const changes: string[] = [];
  const out = new Map<string, string>();
  const upToDate = order === 0 && pin.version === target.version;
  if (!upToDate) {
    const moving = pin.version !== target.version ? pins : [];
    movePins(
      files,
      moving,
      baseName,
      pin.version,
      fromVersion,
      target.version,
      out,
    );
    if (moving.length > 0) {
      changes.push(
        `Pin: ${baseName}@${pin.version} -> ${baseName}@${
          target.version
        } (${pins.map(p => `${p.file}:${p.line}`).join(', ')})`,
      );
    }
    if (settings) {
      editSettings(settings, current, target, diff, changes);
    }
    if (mcp) {
      editMcp(mcp, settings, diff, input.mcpServers ?? [], changes);
    }
    if (settings && settings.text !== files.get(SETTINGS_JSON_FILE)) {
      out.set(SETTINGS_JSON_FILE, settings.text);
    }
    if (mcp && mcp.text !== files.get(MCP_JSON_FILE)) {
      out.set(MCP_JSON_FILE, mcp.text);
    }
  }

  // 4. Conflicts: the repository's own items the target forbids.
  const conflicts = findConflicts(settings, mcp, current, target);
  if (input.check) {
    const after = new Map(files);
    for (const [p, t] of out) after.set(p, t);
    const check = async (texts: Map<string, string>) =>
      checkAgentWorkspace({
        readFile: async p => texts.get(normalizePosixPath(p)),
        base: input.base,
        team: input.check!.team,
        mcpServers: input.mcpServers ?? [],
        skills: input.check!.skills,
        now: input.check!.now,
        repoName: input.check!.repoName,
      });
    const [before, later] = await Promise.all([check(files), check(after)]);
    const key = (v: { rule: string; item?: string; message: string }) =>
      `${v.rule}\u0000${v.item ?? v.message}`;
    const seen = new Set(before.violations.map(key));
    for (const v of later.violations) {
      if (seen.has(key(v))) continue;
      if (conflicts.some(c => c.item === v.item)) continue;
      conflicts.push({
        file: v.file,
        ...(v.line ? { line: v.line } : {}),
        item: v.item ?? v.rule,
        rule: v.rule,
        message: v.message,
      });
    }
  }

  return {
    ok: true,
    base: baseName,
    from: fromVersion,
    to: target.version,
    upToDate,
    files: Object.fromEntries(out),
    changes,
    conflicts,
    diff,
    warnings,
  };
}

function readJson(
  files: Map<string, string>,
  file: string,
): JsonText | undefined {
  const text = files.get(file);
  if (text === undefined) return undefined;
  const parsed = JsonText.parse(text, file);
  if (typeof parsed === 'string') {
    throw new UpgradeError('file-unparsable', parsed, file);
  }
  return parsed;
}

function movePins(
  files: Map<string, string>,
  pins: Array<{ file: string; line: number }>,
  base: string,
  pinned: string,
  from: string,
  to: string,
  out: Map<string, string>,
) {
  const oldRef = `${base}@${pinned}`;
  const newRef = `${base}@${to}`;
  const mention = `\`${base}@${from}\``;
  const byFile = new Map<string, number[]>();
  for (const p of pins) {
    byFile.set(p.file, [...(byFile.get(p.file) ?? []), p.line]);
  }
  for (const [file, text] of files) {
    if (!file.toLowerCase().endsWith('.md')) continue;
    const pinLines = byFile.get(file) ?? [];
    if (pinLines.length === 0 && !text.includes(mention)) continue;
    // A leading BOM does not shift lines; CRLF lines keep their \r.
    const lines = text.split('\n');
    for (const line of pinLines) {
      const i = line - 1;
      lines[i] = lines[i].replace(oldRef, newRef);
    }
    const next = lines.join('\n').split(mention).join(`\`${newRef}\``);
    if (next !== text) out.set(file, next);
  }
}

function editSettings(
  settings: JsonText,
  current: AgentConfigRelease,
  target: AgentConfigRelease,
  diff: ReleaseDiff,
  changes: string[],
) {
  for (const list of LISTS) {
    const change = diff.permissions[list];
    for (const rule of change.removed) {
      if (settings.removeString(['permissions', list], rule)) {
        changes.push(
          `${SETTINGS_JSON_FILE}: removed ${list} rule ${code(
            rule,
          )} (no longer in the base)`,
        );
      }
    }
    for (const rule of change.added) {
      if (settings.appendString(['permissions', list], rule)) {
        changes.push(
          `${SETTINGS_JSON_FILE}: added ${list} rule ${code(rule)} (new in ${
            target.version
          })`,
        );
      }
    }
  }
  const model = settings.node(['model']);
  const oldModel = current.config.modelRouting?.default;
  const newModel = target.config.modelRouting?.default;
  if (
    model?.type === 'string' &&
    oldModel !== undefined &&
    newModel !== undefined &&
    model.value === oldModel &&
    oldModel !== newModel
  ) {
    settings.set(['model'], newModel);
    changes.push(
      `${SETTINGS_JSON_FILE}: model ${code(oldModel)} -> ${code(
        newModel,
      )} (the base's default model)`,
    );
  }
}

function editMcp(
  mcp: JsonText,
  settings: JsonText | undefined,
  diff: ReleaseDiff,
  catalog: McpServerEntity[],
  changes: string[],
) {
  const present = () =>
    new Map(
      (mcp.node(['mcpServers'])?.children ?? []).map(prop => {
        const name = String(prop.children?.[0]?.value ?? '');
        return [name.toLocaleLowerCase('en-US'), name] as const;
      }),
    );
  const enabled = settings?.strings(['enabledMcpjsonServers']);
  for (const ref of diff.mcpServers.removed) {
    const name = present().get(serverName(ref));
    if (name === undefined) continue;
    mcp.set(['mcpServers', name], undefined);
    changes.push(
      `${MCP_JSON_FILE}: removed server ${code(name)} (no longer in the base)`,
    );
    if (enabled && settings?.removeString(['enabledMcpjsonServers'], name)) {
      changes.push(
        `${SETTINGS_JSON_FILE}: ${code(
          name,
        )} no longer in enabledMcpjsonServers`,
      );
    }
  }
  for (const ref of diff.mcpServers.added) {
    const lower = serverName(ref);
    if (present().has(lower)) continue;
    const entity = catalog.find(
      s => s.metadata.name.toLocaleLowerCase('en-US') === lower,
    );
    if (!entity) {
      throw new UpgradeError(
        'mcp-server-unknown',
        `The release adds the MCP server ${ref}, which is not among the known MCP servers, so its ${MCP_JSON_FILE} entry cannot be written`,
        MCP_JSON_FILE,
      );
    }
    let entry;
    try {
      entry = mcpJsonEntryForServer(entity);
    } catch (e) {
      throw new UpgradeError(
        'mcp-server-unknown',
        (e as Error).message,
        MCP_JSON_FILE,
      );
    }
    mcp.setProperty(['mcpServers'], entity.metadata.name, entry);
    changes.push(
      `${MCP_JSON_FILE}: added server ${code(entity.metadata.name)} (new in ${
        diff.to
      })`,
    );
    if (
      enabled &&
      settings?.appendString(['enabledMcpjsonServers'], entity.metadata.name)
    ) {
      changes.push(
        `${SETTINGS_JSON_FILE}: ${code(
          entity.metadata.name,
        )} added to enabledMcpjsonServers`,
      );
    }
  }
}

/** Rules of a release list, trimmed. */
const rulesOf = (release: AgentConfigRelease, list: (typeof LISTS)[number]) =>
  (release.config.permissions?.[list] ?? []).map(r => r.trim());

function findConflicts(
  settings: JsonText | undefined,
  mcp: JsonText | undefined,
  current: AgentConfigRelease,
  target: AgentConfigRelease,
): UpgradeConflict[] {
  const conflicts: UpgradeConflict[] = [];
  const newDenies = rulesOf(target, 'deny').filter(
    r => !rulesOf(current, 'deny').includes(r),
  );
  const newAsks = rulesOf(target, 'ask').filter(
    r => !rulesOf(current, 'ask').includes(r),
  );
  const overlaps = (a: string, b: string) =>
    a === b || permissionRulesOverlap(a, b);

  if (settings) {
    for (const list of ['allow', 'ask'] as const) {
      const own = rulesOf(target, list);
      (settings.strings(['permissions', list]) ?? []).forEach((raw, i) => {
        const rule = raw.trim();
        if (own.includes(rule)) return; // the base's own entry
        const line = settings.line(['permissions', list, i]);
        const deny = newDenies.find(d => overlaps(rule, d));
        if (deny) {
          conflicts.push({
            file: SETTINGS_JSON_FILE,
            ...(line ? { line } : {}),
            item: rule,
            conflictsWith: deny,
            rule: 'deny-covered',
            message: `The repository's ${list} rule ${code(rule)} ${
              rule === deny ? 'lifts' : 'overlaps'
            } the deny rule ${code(deny)} that ${
              target.version
            } adds; it is kept, resolve it by hand (remove it or ask for an exception)`,
          });
          return;
        }
        const ask = list === 'allow' && newAsks.find(a => overlaps(rule, a));
        if (ask) {
          conflicts.push({
            file: SETTINGS_JSON_FILE,
            ...(line ? { line } : {}),
            item: rule,
            conflictsWith: ask,
            rule: 'ask-loosened',
            message: `The repository's allow rule ${code(
              rule,
            )} skips the prompt of the ask rule ${code(ask)} that ${
              target.version
            } adds; it is kept, resolve it by hand`,
          });
        }
      });
    }
  }
  if (mcp) {
    const baseServers = new Set(
      (target.config.mcpServers ?? []).map(serverName),
    );
    for (const prop of mcp.node(['mcpServers'])?.children ?? []) {
      const name = String(prop.children?.[0]?.value ?? '');
      if (baseServers.has(name.toLocaleLowerCase('en-US'))) continue;
      const deny = newDenies.find(d => permissionRuleCovers(d, `mcp__${name}`));
      if (deny) {
        conflicts.push({
          file: MCP_JSON_FILE,
          line: mcp.text.slice(0, prop.offset).split('\n').length,
          item: name,
          conflictsWith: deny,
          rule: 'mcp-server-denied',
          message: `The repository's MCP server ${code(
            name,
          )} is switched off by the deny rule ${code(deny)} that ${
            target.version
          } adds; it is kept, resolve it by hand`,
        });
      }
    }
  }
  return conflicts;
}
