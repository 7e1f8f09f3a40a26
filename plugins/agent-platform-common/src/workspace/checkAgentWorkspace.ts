import { createParseIssue, ParseIssue } from '../errors';
import { computeDrift, DriftReport } from '../inheritance/computeDrift';
import { layerId } from '../inheritance/layers';
import { mcpServerRefKey } from '../inheritance/merge';
import {
  describeCatalogMcpServer,
  matchMcpServer,
} from '../parsers/mcpServerIdentity';
import {
  EffectiveConfigResult,
  resolveEffectiveConfig,
} from '../inheritance/resolveEffectiveConfig';
import { FederationViolation } from '../inheritance/types';
import type {
  AgentConfigEntity,
  McpServerEntity,
  RepoAgentConfigEntity,
  SkillEntity,
} from '../model';
import { isBaseAgentConfigEntity } from '../model/AgentConfigEntity';
import { isRecord } from '../model/common';
import {
  ContextFileReader,
  LocatedPin,
  resolveContextTree,
} from '../parsers/contextTree';
import { parseMcpJson } from '../parsers/mcpJson';
import { parseSettingsJson } from '../parsers/settingsJson';

/**
 * The context files a repository may start from, in the order Claude Code and
 * other agents look for them.
 *
 * @public
 */
export const AGENT_CONTEXT_ENTRY_FILES = [
  'CLAUDE.md',
  '.claude/CLAUDE.md',
  'AGENTS.md',
] as const;

/** Project MCP servers file. */
export const MCP_JSON_FILE = '.mcp.json';
/** Project settings file. */
export const SETTINGS_JSON_FILE = '.claude/settings.json';

/**
 * A problem found in a workspace: a {@link ParseIssue}, and for findings of
 * the federation rules the layer at fault and the offending item.
 *
 * @public
 */
export type WorkspaceFinding = ParseIssue & {
  /** The layer at fault, e.g. `repo:cart-service` or `team:checkout-agent-config`. */
  layer?: string;
  /** The offending item: a rule, a server ref, a mode or a pin. */
  item?: string;
};

/**
 * Input of {@link checkAgentWorkspace}.
 *
 * @public
 */
export interface WorkspaceCheckInput {
  /** Reads a repo-relative file; resolves to undefined when it does not exist. */
  readFile: ContextFileReader;
  /** The org base (`level: base`). Missing is reported as `base-missing`. */
  base?: AgentConfigEntity;
  /** The team config the repository inherits, when known. */
  team?: AgentConfigEntity;
  /** Known MCP servers; servers of `.mcp.json` are looked up by name. */
  mcpServers: McpServerEntity[];
  /** Known skills. */
  skills: SkillEntity[];
  /** The moment exceptions are judged against. */
  now: Date;
  /** Names the repository's layer (`repo:<name>`); defaults to `workspace`. */
  repoName?: string;
}

/**
 * The result of {@link checkAgentWorkspace}.
 *
 * @public
 */
export interface WorkspaceCheckReport {
  /** True when there is no error. Drift alone does not make a workspace fail. */
  ok: boolean;
  /** Errors: the workspace breaks a parser or federation rule. */
  violations: WorkspaceFinding[];
  /** Warnings. */
  warnings: WorkspaceFinding[];
  /** The repository's pin, when one is declared. */
  pin?: LocatedPin;
  /** How far the pin is behind the base; absent without a pin or a base. */
  drift?: DriftReport;
  /** The files found and read, repo-relative. */
  files: string[];
  /** The effective config of base, team and the workspace's own files. */
  effective?: EffectiveConfigResult;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/**
 * Checks the agent files of one repository (a checkout, a scaffolder
 * workspace) the way the portal judges a repository: the context files
 * (`CLAUDE.md`, `.claude/CLAUDE.md`, `AGENTS.md` and their `@imports`) must
 * parse and declare one `extends:` pin; `.mcp.json` and
 * `.claude/settings.json` must parse, and what they state is read as the
 * repository's layer on top of the base (at the pinned release) and the team
 * config, and judged with the federation rules of
 * {@link resolveEffectiveConfig}. The pin is compared with the base's
 * releases ({@link computeDrift}).
 *
 * Pure: files are read through `readFile`. Never throws on bad input.
 *
 * Rules of its own: `context-file-missing` (no context file at all),
 * `pin-missing` (no pin), `pin-missed-security` (a newer release fixes a
 * security issue), plus those of the parsers and the inheritance engine.
 *
 * @public
 */
export async function checkAgentWorkspace(
  input: WorkspaceCheckInput,
): Promise<WorkspaceCheckReport> {
  const findings: WorkspaceFinding[] = [];
  const files: string[] = [];
  const cache = new Map<string, string | undefined>();
  const read: ContextFileReader = async path => {
    if (!cache.has(path)) {
      const text = await input.readFile(path);
      cache.set(path, text);
      if (text !== undefined && !files.includes(path)) {
        files.push(path);
      }
    }
    return cache.get(path);
  };

  // 1. Context files and the pin.
  const entries: string[] = [];
  for (const entry of AGENT_CONTEXT_ENTRY_FILES) {
    if ((await read(entry)) !== undefined) {
      entries.push(entry);
    }
  }
  let pin: LocatedPin | undefined;
  if (entries.length === 0) {
    findings.push(
      createParseIssue({
        file: 'CLAUDE.md',
        rule: 'context-file-missing',
        message: `No context file: none of ${AGENT_CONTEXT_ENTRY_FILES.join(
          ', ',
        )} exists`,
      }),
    );
  } else {
    const tree = await resolveContextTree(entries, read);
    findings.push(...tree.issues);
    pin = tree.pin;
    if (!pin) {
      const latest =
        input.base && isBaseAgentConfigEntity(input.base)
          ? computeDrift(input.base, '0.0.0').upgradeLine
          : undefined;
      findings.push(
        createParseIssue({
          file: entries[0],
          rule: 'pin-missing',
          message: `No context file declares the base it extends; add ${
            latest ?? '<!-- agent-platform: extends: <base>@<version> -->'
          } to ${entries[0]}`,
        }),
      );
    }
  }

  // 2. The repository's own layer: .mcp.json and .claude/settings.json.
  const serverLines = new Map<string, number>();
  const serverRefs: string[] = [];
  const serverRefByName = new Map<string, string>();
  const mcpText = await read(MCP_JSON_FILE);
  if (mcpText !== undefined) {
    const mcp = parseMcpJson(mcpText, { file: MCP_JSON_FILE });
    findings.push(...mcp.issues);
    for (const server of mcp.servers) {
      // By what it runs, never by its key (see matchMcpServer).
      const matched = matchMcpServer(server, input.mcpServers);
      const ref = matched.match
        ? mcpServerRefKey(
            `api:${matched.match.metadata.namespace ?? 'default'}/${
              matched.match.metadata.name
            }`,
          )
        : mcpServerRefKey(server.name);
      if (matched.namesakeMismatch) {
        const namesake = matched.namesakeMismatch;
        findings.push(
          createParseIssue({
            file: MCP_JSON_FILE,
            line: server.line,
            rule: 'mcp-server-identity-mismatch',
            message: `The server "${server.name}" runs ${
              matched.identity.label
            }, but the catalog server api:${
              namesake.metadata.namespace ?? 'default'
            }/${
              namesake.metadata.name
            } of that name runs ${describeCatalogMcpServer(
              namesake.spec,
            )}; a key is not an identity${
              matched.match
                ? `, it is the catalog server ${matched.match.metadata.name}`
                : ''
            }`,
          }),
        );
        if (!matched.match) {
          continue;
        }
      }
      if (!serverRefs.includes(ref)) {
        serverRefs.push(ref);
      }
      serverLines.set(ref, server.line);
      serverRefByName.set(server.name, ref);
    }
  }
  const ruleLines = new Map<string, number>();
  const permissions: Record<string, unknown> = {};
  let disabled: string[] = [];
  let hooks: Record<string, unknown> | undefined;
  const settingsText = await read(SETTINGS_JSON_FILE);
  if (settingsText !== undefined) {
    const parsed = parseSettingsJson(settingsText, {
      file: SETTINGS_JSON_FILE,
    });
    findings.push(...parsed.issues);
    const settings = parsed.settings;
    if (settings) {
      disabled = settings.disabledMcpjsonServers.map(
        n => serverRefByName.get(n) ?? mcpServerRefKey(n),
      );
      if (Object.keys(settings.hooks).length > 0) hooks = settings.hooks;
      for (const list of ['allow', 'ask', 'deny'] as const) {
        for (const rule of settings.permissions[list]) {
          ruleLines.set(rule.raw.trim(), rule.line);
        }
      }
      const raw = isRecord(settings.raw.permissions)
        ? settings.raw.permissions
        : {};
      permissions.allow = stringList(raw.allow);
      permissions.ask = stringList(raw.ask);
      permissions.deny = stringList(raw.deny);
      if (settings.permissions.defaultMode !== undefined) {
        permissions.defaultMode = settings.permissions.defaultMode;
      }
    }
  }

  const repoName = input.repoName ?? 'workspace';
  const repoLayer = layerId('repo', repoName);
  const repo: RepoAgentConfigEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: { name: repoName },
    spec: {
      type: 'agent-config',
      lifecycle: 'production',
      owner: String(input.team?.spec.owner ?? 'unknown'),
      level: 'repo',
      mcpServers: serverRefs.filter(ref => !disabled.includes(ref)),
      permissions,
      ...(hooks ? { hooks } : {}),
    },
  };

  // 3. The engine: base at the pin, team, then the repository's files.
  const effective = resolveEffectiveConfig({
    base: input.base,
    team: input.team,
    repo,
    mcpServers: input.mcpServers,
    skills: input.skills,
    now: input.now,
    ...(pin ? { pin: `${pin.base}@${pin.version}` } : {}),
  });
  const fileOf = (
    v: FederationViolation,
  ): Pick<ParseIssue, 'file' | 'line'> => {
    if (
      pin &&
      (v.rule.startsWith('extends-') ||
        v.rule.startsWith('base-release-') ||
        v.rule === 'base-mismatch')
    ) {
      return { file: pin.file, line: pin.line };
    }
    if (v.layer === repoLayer) {
      const serverLine = serverLines.get(v.item);
      if (serverLine !== undefined) {
        return { file: MCP_JSON_FILE, line: serverLine };
      }
      const ruleLine = ruleLines.get(v.item);
      if (ruleLine !== undefined || v.rule.startsWith('mode-')) {
        return { file: SETTINGS_JSON_FILE, line: ruleLine };
      }
      return { file: SETTINGS_JSON_FILE };
    }
    if (v.layer.startsWith('team:') && input.team) {
      return {
        file: `airesource:${input.team.metadata.namespace ?? 'default'}/${
          input.team.metadata.name
        }`,
      };
    }
    return {
      file: input.base
        ? `airesource:${input.base.metadata.namespace ?? 'default'}/${
            input.base.metadata.name
          }`
        : v.layer,
    };
  };
  for (const v of effective.violations) {
    // Without a pin the engine's "extends-missing" repeats pin-missing.
    if (!pin && v.rule === 'extends-missing') continue;
    findings.push({
      ...createParseIssue({
        ...fileOf(v),
        rule: v.rule,
        severity: v.severity,
        message: v.message,
      }),
      layer: v.layer,
      item: v.item,
    });
  }

  // 4. Drift.
  let drift: DriftReport | undefined;
  if (pin && input.base && isBaseAgentConfigEntity(input.base)) {
    if (pin.base === input.base.metadata.name) {
      drift = computeDrift(input.base, pin.version);
      if (drift.missedSecurity && !drift.pinUnknown) {
        const fixes = drift.missed
          .filter(r => r.security)
          .map(r => r.version)
          .join(', ');
        findings.push(
          createParseIssue({
            file: pin.file,
            line: pin.line,
            rule: 'pin-missed-security',
            message: `${pin.base}@${
              pin.version
            } misses the security release(s) ${fixes}; upgrade to ${
              drift.upgradeLine ?? 'the latest release'
            }`,
          }),
        );
      }
    }
  }

  const violations = findings.filter(f => f.severity === 'error');
  return {
    ok: violations.length === 0,
    violations,
    warnings: findings.filter(f => f.severity === 'warning'),
    ...(pin ? { pin } : {}),
    ...(drift ? { drift } : {}),
    files,
    effective,
  };
}
