import type { AgentConfigContent, AgentConfigRelease } from '../model';
import type { HookHandler } from '../parsers/settingsJson';

/**
 * Items a release adds and removes, in the order the releases list them.
 *
 * @public
 */
export interface ListChange {
  added: string[];
  removed: string[];
}

/**
 * One hook handler of a release, flattened: the event, the matcher and the
 * handler.
 *
 * @public
 */
export interface ReleaseHook {
  event: string;
  matcher?: string;
  handler: HookHandler;
}

/**
 * What changed between two releases of a base, computed from their configs.
 *
 * @public
 */
export interface ReleaseDiff {
  /** The older release; absent when diffing against nothing. */
  from?: string;
  /** The newer release. */
  to: string;
  permissions: {
    allow: ListChange;
    ask: ListChange;
    deny: ListChange;
    /** Set when the permission mode changed. */
    defaultMode?: { from?: string; to?: string };
  };
  /** MCP server refs, e.g. `api:default/github`. */
  mcpServers: ListChange;
  /** Skill refs, e.g. `airesource:default/code-review`. */
  skills: ListChange;
  hooks: { added: ReleaseHook[]; removed: ReleaseHook[] };
  /** Roles whose model changed. */
  modelRouting: Array<{ role: string; from?: string; to?: string }>;
  /** Set when the budget cap changed. */
  budget?: { from?: number; to?: number };
  /** True when nothing above changed. */
  empty: boolean;
}

const listChange = (
  from: string[] | undefined,
  to: string[] | undefined,
): ListChange => {
  const before = new Set((from ?? []).map(s => s.trim()));
  const after = new Set((to ?? []).map(s => s.trim()));
  return {
    added: [...after].filter(s => !before.has(s)),
    removed: [...before].filter(s => !after.has(s)),
  };
};

/** Key-sorted JSON, so that two equal handlers compare equal. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map(
        k =>
          `${JSON.stringify(k)}:${stableJson(
            (value as Record<string, unknown>)[k],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The hook handlers of a config, one entry per handler.
 *
 * @public
 */
export function flattenHooks(
  hooks: AgentConfigContent['hooks'] | undefined,
): ReleaseHook[] {
  const flat: ReleaseHook[] = [];
  for (const [event, groups] of Object.entries(hooks ?? {})) {
    if (!Array.isArray(groups)) continue;
    for (const group of groups) {
      if (!group || !Array.isArray(group.hooks)) continue;
      for (const handler of group.hooks) {
        flat.push({
          event,
          ...(group.matcher !== undefined ? { matcher: group.matcher } : {}),
          handler,
        });
      }
    }
  }
  return flat;
}

const hookKey = (h: ReleaseHook) =>
  `${h.event}\u0000${h.matcher ?? ''}\u0000${stableJson(h.handler)}`;

/**
 * What changed from one release of a base to another: permission rules per
 * list and the permission mode, MCP servers, skills, hooks, model routing and
 * the budget cap. `from` may be omitted (everything in `to` is added) and may
 * be newer than `to` (a downgrade reads as the reverse changes).
 *
 * @public
 */
export function diffReleases(
  from: AgentConfigRelease | undefined,
  to: AgentConfigRelease,
): ReleaseDiff {
  const a: AgentConfigContent = from?.config ?? {};
  const b: AgentConfigContent = to.config ?? {};
  const pa = a.permissions ?? {};
  const pb = b.permissions ?? {};
  const hooksBefore = flattenHooks(a.hooks);
  const hooksAfter = flattenHooks(b.hooks);
  const before = new Set(hooksBefore.map(hookKey));
  const after = new Set(hooksAfter.map(hookKey));
  const roles = [
    ...new Set([
      ...Object.keys(a.modelRouting ?? {}),
      ...Object.keys(b.modelRouting ?? {}),
    ]),
  ];
  const modelRouting = roles
    .map(role => ({
      role,
      from: a.modelRouting?.[role],
      to: b.modelRouting?.[role],
    }))
    .filter(r => r.from !== r.to)
    .map(r => ({
      role: r.role,
      ...(r.from !== undefined ? { from: r.from } : {}),
      ...(r.to !== undefined ? { to: r.to } : {}),
    }));
  const capFrom = a.budget?.monthlyUsdCap;
  const capTo = b.budget?.monthlyUsdCap;

  const diff: ReleaseDiff = {
    ...(from ? { from: from.version } : {}),
    to: to.version,
    permissions: {
      allow: listChange(pa.allow, pb.allow),
      ask: listChange(pa.ask, pb.ask),
      deny: listChange(pa.deny, pb.deny),
      ...(pa.defaultMode !== pb.defaultMode
        ? {
            defaultMode: {
              ...(pa.defaultMode ? { from: pa.defaultMode } : {}),
              ...(pb.defaultMode ? { to: pb.defaultMode } : {}),
            },
          }
        : {}),
    },
    mcpServers: listChange(a.mcpServers, b.mcpServers),
    skills: listChange(a.skills, b.skills),
    hooks: {
      added: hooksAfter.filter(h => !before.has(hookKey(h))),
      removed: hooksBefore.filter(h => !after.has(hookKey(h))),
    },
    modelRouting,
    ...(capFrom !== capTo
      ? {
          budget: {
            ...(capFrom !== undefined ? { from: capFrom } : {}),
            ...(capTo !== undefined ? { to: capTo } : {}),
          },
        }
      : {}),
    empty: false,
  };
  const lists = [
    diff.permissions.allow,
    diff.permissions.ask,
    diff.permissions.deny,
    diff.mcpServers,
    diff.skills,
  ];
  diff.empty =
    lists.every(l => l.added.length === 0 && l.removed.length === 0) &&
    !diff.permissions.defaultMode &&
    diff.hooks.added.length === 0 &&
    diff.hooks.removed.length === 0 &&
    modelRouting.length === 0 &&
    !diff.budget;
  return diff;
}

const code = (s: string) => `\`${s}\``;
const shortRef = (ref: string) => ref.split('/').pop() ?? ref;
const describeHook = (h: ReleaseHook) =>
  `${h.event}${h.matcher ? ` (${h.matcher})` : ''}: ${code(
    String(h.handler.command ?? h.handler.type),
  )}`;

/**
 * The changes of a {@link ReleaseDiff} as Markdown bullet lines, for people
 * (pull request bodies, the CLI, the release page).
 *
 * @public
 */
export function describeReleaseDiff(diff: ReleaseDiff): string[] {
  const lines: string[] = [];
  const list = (label: string, change: ListChange, show = code) => {
    if (change.added.length > 0) {
      lines.push(`${label} added: ${change.added.map(show).join(', ')}`);
    }
    if (change.removed.length > 0) {
      lines.push(`${label} removed: ${change.removed.map(show).join(', ')}`);
    }
  };
  list('Deny rules', diff.permissions.deny);
  list('Ask rules', diff.permissions.ask);
  list('Allow rules', diff.permissions.allow);
  if (diff.permissions.defaultMode) {
    lines.push(
      `Permission mode: ${diff.permissions.defaultMode.from ?? '(unset)'} -> ${
        diff.permissions.defaultMode.to ?? '(unset)'
      }`,
    );
  }
  list('MCP servers', diff.mcpServers, s => code(shortRef(s)));
  list('Skills', diff.skills, s => code(shortRef(s)));
  if (diff.hooks.added.length > 0) {
    lines.push(`Hooks added: ${diff.hooks.added.map(describeHook).join('; ')}`);
  }
  if (diff.hooks.removed.length > 0) {
    lines.push(
      `Hooks removed: ${diff.hooks.removed.map(describeHook).join('; ')}`,
    );
  }
  for (const r of diff.modelRouting) {
    lines.push(
      `Model for ${r.role}: ${r.from ? code(r.from) : '(unset)'} -> ${
        r.to ? code(r.to) : '(unset)'
      }`,
    );
  }
  if (diff.budget) {
    lines.push(
      `Monthly budget cap: ${diff.budget.from ?? '(unset)'} -> ${
        diff.budget.to ?? '(unset)'
      } USD`,
    );
  }
  return lines.map(l => `- ${l}`);
}
