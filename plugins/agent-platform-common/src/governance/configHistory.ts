import type { EffectiveConfigResult } from '../inheritance/resolveEffectiveConfig';
import type { AgentConfigContent, AgentConfigException } from '../model';
import {
  describeReleaseDiff,
  diffReleases,
  ListChange,
  ReleaseDiff,
  ReleaseHook,
} from '../upgrade/releaseDiff';

/**
 * What a team's or repository's agent config amounts to at one moment, in a
 * plain, order-independent form that can be stored and compared: the
 * effective config (of a team), or the repository's own layer and pin (of a
 * repository; its team's history holds the rest).
 *
 * @public
 */
export interface EffectiveConfigState {
  /** A team (Group) or a repository (Component). */
  kind: 'team' | 'repo';
  /** The team config, or the repository's repo config, when any. */
  config?: string;
  /** Of a repository: the team config it falls under. */
  team?: string;
  /** The base release in effect, `base@version`. */
  release?: string;
  /** The pin as written. */
  pin?: string;
  permissions: {
    defaultMode?: string;
    destructiveTools?: string;
    allow: string[];
    ask: string[];
    deny: string[];
  };
  /** MCP server refs (of a repository: those its repo config lists). */
  mcpServers: string[];
  /** Skill refs (of a repository: those its repo config lists). */
  skills: string[];
  hooks: ReleaseHook[];
  /** Model per role. */
  modelRouting: Record<string, string>;
  budget: { monthlyUsdCap?: number; monthlyUsd?: number };
  /**
   * Exceptions the team config holds (approved in the portal included), one
   * line each: target, last day, approver, and why it does not count when
   * the policy rejects it.
   */
  exceptions: string[];
  /** Violations an exception turns into notes, one line each. */
  excepted: string[];
  /** Violations, one line each (`severity rule: item`). */
  violations: string[];
}

/**
 * What changed between two {@link EffectiveConfigState}s of one subject.
 *
 * @public
 */
export interface EffectiveConfigChange {
  /** No earlier state was recorded: this is the first. */
  first: boolean;
  /** The subject no longer has a config. */
  removed: boolean;
  release?: { from?: string; to?: string };
  pin?: { from?: string; to?: string };
  /** Of a repository: the repo config or team config changed. */
  config?: { from?: string; to?: string };
  /** Rules, servers, skills, hooks, routing and budget cap (the release diff's shape). */
  diff: Omit<ReleaseDiff, 'from' | 'to'>;
  monthlyUsd?: { from?: number; to?: number };
  destructiveTools?: { from?: string; to?: string };
  exceptions: ListChange;
  excepted: ListChange;
  violations: ListChange;
  /** What kinds of change these are, for filtering and display. */
  tags: Array<
    | 'first'
    | 'removed'
    | 'release'
    | 'pin'
    | 'config'
    | 'rules'
    | 'assets'
    | 'routing'
    | 'budget'
    | 'exception'
    | 'violation'
  >;
  /** The change in words, one line each. */
  lines: string[];
  /** True when nothing changed. */
  empty: boolean;
}

const sorted = (items: Iterable<string>) => [...new Set(items)].sort();

/**
 * The state of a team from its resolved effective config.
 *
 * @public
 */
export function teamConfigState(
  config: string,
  result: EffectiveConfigResult,
  pin?: string,
  held: AgentConfigException[] = [],
): EffectiveConfigState {
  const { effective } = result;
  const p = effective.permissions;
  return {
    kind: 'team',
    config,
    ...(result.release
      ? { release: `${result.release.base}@${result.release.version}` }
      : {}),
    ...(pin !== undefined ? { pin } : {}),
    permissions: {
      ...(p.defaultMode ? { defaultMode: p.defaultMode.value } : {}),
      ...(p.destructiveTools
        ? { destructiveTools: p.destructiveTools.value }
        : {}),
      allow: sorted(p.allow.map(r => r.rule)),
      ask: sorted(p.ask.map(r => r.rule)),
      deny: sorted(p.deny.map(r => r.rule)),
    },
    mcpServers: sorted(effective.mcpServers.map(s => s.ref)),
    skills: sorted(effective.skills.map(s => s.ref)),
    hooks: (effective.hooks ?? []).map(h => ({
      event: h.event,
      ...(h.matcher !== undefined ? { matcher: h.matcher } : {}),
      handler: h.handler,
    })),
    modelRouting: Object.fromEntries(
      Object.entries(effective.modelRouting)
        .map(([role, v]) => [role, v.value] as const)
        .sort(([a], [b]) => Number(a > b) - Number(a < b)),
    ),
    budget: {
      ...(effective.budget.monthlyUsdCap
        ? { monthlyUsdCap: effective.budget.monthlyUsdCap.value }
        : {}),
      ...(effective.budget.monthlyUsd
        ? { monthlyUsd: effective.budget.monthlyUsd.value }
        : {}),
    },
    exceptions: sorted(
      held
        .filter(e => typeof e?.target === 'string')
        .map(
          e =>
            `${e.target} until ${e.until}, approved by ${e.approvedBy}${
              e.rejected ? ` (not counted: ${e.rejected})` : ''
            }`,
        ),
    ),
    excepted: sorted(
      result.excepted.map(
        e =>
          `${e.rule}: ${e.item} (until ${e.exception.until}, approved by ${e.exception.approvedBy})`,
      ),
    ),
    violations: sorted(
      result.violations.map(v => `${v.severity} ${v.rule}: ${v.item}`),
    ),
  };
}

/**
 * The state of a repository: its team config, repo config, pin and the
 * assets its repo config lists.
 *
 * @public
 */
export function repoConfigState(repo: {
  team: string;
  config?: string;
  pin?: string;
  skills: string[];
  mcpServers: string[];
}): EffectiveConfigState {
  return {
    kind: 'repo',
    team: repo.team,
    ...(repo.config ? { config: repo.config } : {}),
    ...(repo.pin !== undefined ? { pin: repo.pin } : {}),
    permissions: { allow: [], ask: [], deny: [] },
    mcpServers: sorted(repo.mcpServers),
    skills: sorted(repo.skills),
    hooks: [],
    modelRouting: {},
    budget: {},
    exceptions: [],
    excepted: [],
    violations: [],
  };
}

/** Key-sorted JSON of a value. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .filter(k => record[k] !== undefined)
      .sort()
      .map(k => `${JSON.stringify(k)}:${stableJson(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A state as one canonical string: two states are equal exactly when their
 * keys are.
 *
 * @public
 */
export function effectiveConfigStateKey(state: EffectiveConfigState): string {
  return stableJson(state);
}

/** The state as a config, so that the release diff can compare two. */
function asContent(state: EffectiveConfigState | undefined): AgentConfigContent {
  if (!state) return {};
  const hooks: Record<string, Array<{ matcher?: string; hooks: unknown[] }>> =
    {};
  for (const h of state.hooks) {
    (hooks[h.event] ??= []).push({
      ...(h.matcher !== undefined ? { matcher: h.matcher } : {}),
      hooks: [h.handler],
    });
  }
  return {
    permissions: {
      allow: state.permissions.allow,
      ask: state.permissions.ask,
      deny: state.permissions.deny,
      ...(state.permissions.defaultMode
        ? { defaultMode: state.permissions.defaultMode }
        : {}),
    },
    mcpServers: state.mcpServers,
    skills: state.skills,
    modelRouting: state.modelRouting,
    hooks: hooks as AgentConfigContent['hooks'],
    ...(state.budget.monthlyUsdCap !== undefined
      ? { budget: { monthlyUsdCap: state.budget.monthlyUsdCap } }
      : {}),
  } as AgentConfigContent;
}

const listChange = (from: string[], to: string[]): ListChange => {
  const before = new Set(from);
  const after = new Set(to);
  return {
    added: to.filter(s => !before.has(s)),
    removed: from.filter(s => !after.has(s)),
  };
};

function changed<T>(from: T | undefined, to: T | undefined) {
  return from === to
    ? undefined
    : {
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      };
}

const arrow = (c: { from?: unknown; to?: unknown }) =>
  `${c.from ?? '(none)'} -> ${c.to ?? '(none)'}`;

/**
 * What changed from one state of a team or repository to the next, with
 * the release diff's comparison for rules, servers, skills, hooks, routing
 * and the budget cap. `before` undefined: the first state recorded; `after`
 * undefined: the subject's config is gone.
 *
 * @public
 */
export function diffEffectiveConfigStates(
  before: EffectiveConfigState | undefined,
  after: EffectiveConfigState | undefined,
): EffectiveConfigChange {
  const { from: _f, to: _t, ...diff } = diffReleases(
    { version: 'before', config: asContent(before) },
    { version: 'after', config: asContent(after) },
  );
  const release = changed(before?.release, after?.release);
  const pin = changed(before?.pin, after?.pin);
  const config =
    changed(before?.config, after?.config) ??
    changed(before?.team, after?.team);
  const monthlyUsd = changed(
    before?.budget.monthlyUsd,
    after?.budget.monthlyUsd,
  );
  const destructiveTools = changed(
    before?.permissions.destructiveTools,
    after?.permissions.destructiveTools,
  );
  const exceptions = listChange(
    before?.exceptions ?? [],
    after?.exceptions ?? [],
  );
  const excepted = listChange(before?.excepted ?? [], after?.excepted ?? []);
  const violations = listChange(
    before?.violations ?? [],
    after?.violations ?? [],
  );
  const change: EffectiveConfigChange = {
    first: !before && !!after,
    removed: !!before && !after,
    ...(release ? { release } : {}),
    ...(pin ? { pin } : {}),
    ...(config ? { config } : {}),
    diff,
    ...(monthlyUsd ? { monthlyUsd } : {}),
    ...(destructiveTools ? { destructiveTools } : {}),
    exceptions,
    excepted,
    violations,
    tags: [],
    lines: [],
    empty: false,
  };
  const some = (l: ListChange) => l.added.length + l.removed.length > 0;
  const p = diff.permissions;
  const tag = (on: unknown, t: EffectiveConfigChange['tags'][number]) => {
    if (on) change.tags.push(t);
  };
  tag(change.first, 'first');
  tag(change.removed, 'removed');
  tag(release, 'release');
  tag(pin, 'pin');
  tag(config, 'config');
  tag(
    some(p.allow) ||
      some(p.ask) ||
      some(p.deny) ||
      p.defaultMode ||
      destructiveTools ||
      diff.hooks.added.length + diff.hooks.removed.length > 0,
    'rules',
  );
  tag(some(diff.mcpServers) || some(diff.skills), 'assets');
  tag(diff.modelRouting.length > 0, 'routing');
  tag(diff.budget || monthlyUsd, 'budget');
  tag(some(exceptions) || some(excepted), 'exception');
  tag(some(violations), 'violation');
  // A first state or a removal is one event, not a list of every field.
  if (change.first) change.tags = ['first'];
  if (change.removed) change.tags = ['removed'];
  change.empty = change.tags.length === 0;
  change.lines = describeChange(change, after);
  return change;
}

function describeChange(
  change: EffectiveConfigChange,
  after: EffectiveConfigState | undefined,
): string[] {
  const lines: string[] = [];
  if (change.removed) return ['- The config is gone'];
  if (change.first && after) {
    const p = after.permissions;
    return [
      `- First recorded: ${[
        after.release ?? (after.pin ? `pin ${after.pin}` : 'no base release'),
        `${p.allow.length} allow, ${p.ask.length} ask, ${p.deny.length} deny rules`,
        `${after.skills.length} skills`,
        `${after.mcpServers.length} MCP servers`,
        `${after.violations.length} violations`,
        `${after.exceptions.length} exceptions`,
      ].join(', ')}`,
    ];
  }
  if (change.release) lines.push(`- Base release: ${arrow(change.release)}`);
  if (change.pin) lines.push(`- Pin: ${arrow(change.pin)}`);
  if (change.config) lines.push(`- Config: ${arrow(change.config)}`);
  if (change.destructiveTools) {
    lines.push(`- Destructive tools: ${arrow(change.destructiveTools)}`);
  }
  lines.push(...describeReleaseDiff({ ...change.diff, to: '' }));
  if (change.monthlyUsd) {
    lines.push(`- Monthly budget: ${arrow(change.monthlyUsd)} USD`);
  }
  for (const e of change.exceptions.added) lines.push(`- Exception granted: ${e}`);
  for (const e of change.exceptions.removed) lines.push(`- Exception ended: ${e}`);
  for (const e of change.excepted.added) lines.push(`- Now excepted: ${e}`);
  for (const e of change.excepted.removed) lines.push(`- No longer excepted: ${e}`);
  for (const v of change.violations.added) lines.push(`- New violation: ${v}`);
  for (const v of change.violations.removed) lines.push(`- Violation resolved: ${v}`);
  return lines;
}

/**
 * One recorded change of a team's or repository's effective config.
 *
 * @public
 */
export interface ConfigHistoryEntry {
  id: number;
  /** The Group or Component ref whose config changed. */
  subject: string;
  /** When the snapshot that saw it was taken (ISO). */
  at: string;
  tags: EffectiveConfigChange['tags'];
  lines: string[];
  change: EffectiveConfigChange;
}

/**
 * The answer of `GET /history/:kind/:namespace/:name`: a team's own changes
 * and its repositories', or a repository's and its team's, newest first.
 *
 * @public
 */
export interface ConfigHistoryAnswer {
  entity: string;
  subjects: string[];
  entries: ConfigHistoryEntry[];
}
