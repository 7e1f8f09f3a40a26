import { z } from 'zod';
import { ParseIssue } from '../errors';
import { isRecord } from '../model/common';
import {
  isPermissionMode,
  PERMISSION_MODES,
  PermissionMode,
} from '../model/values';
import { checkJsonFile } from './jsonFile';
import { formatJsonPath, JsonPath } from './jsonLocator';
import { parsePermissionRule, PermissionRule } from './permissionRule';
import { detectLiteralSecret } from './secrets';
import { quote, redact } from './text';

/**
 * Hook events of Claude Code known to this parser. Others produce a warning, not an error: the
 * list grows with Claude Code releases.
 *
 * @public
 */
export const HOOK_EVENTS = [
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'Notification',
  'UserPromptSubmit',
  'Stop',
  'StopFailure',
  'SubagentStart',
  'SubagentStop',
  'PreCompact',
  'PostCompact',
  'SessionStart',
  'SessionEnd',
  'Setup',
  'TeammateIdle',
  'TaskCreated',
  'TaskCompleted',
  'InstructionsLoaded',
  'ConfigChange',
  'Elicitation',
  'ElicitationResult',
  'WorktreeCreate',
  'WorktreeRemove',
] as const;

/**
 * An entry of `allowedMcpServers` / `deniedMcpServers`: exactly one of the three keys.
 *
 * @public
 */
export type McpServerMatcher =
  | { serverName: string }
  | { serverUrl: string }
  | { serverCommand: string[] };

/**
 * One hook handler: `{type: "command", command, timeout}` and the other handler types.
 *
 * @public
 */
export type HookHandler = {
  type: string;
  command?: string;
  timeout?: number;
  [key: string]: unknown;
};

/**
 * One matcher group of a hook event.
 *
 * @public
 */
export type HookMatcher = { matcher?: string; hooks: HookHandler[] };

/**
 * A permission rule of a settings file, with its line.
 *
 * @public
 */
export type SettingsPermissionRule = PermissionRule & {
  /** 1-based line of the rule in the settings file. */
  line: number;
};

/**
 * A normalized `.claude/settings.json`. Lists are empty when absent; scalars undefined.
 *
 * @public
 */
export type ClaudeSettings = {
  permissions: {
    allow: SettingsPermissionRule[];
    ask: SettingsPermissionRule[];
    deny: SettingsPermissionRule[];
    additionalDirectories: string[];
    defaultMode?: PermissionMode;
    disableBypassPermissionsMode?: 'disable';
  };
  enabledMcpjsonServers: string[];
  disabledMcpjsonServers: string[];
  enableAllProjectMcpServers?: boolean;
  allowedMcpServers?: McpServerMatcher[];
  deniedMcpServers?: McpServerMatcher[];
  model?: string;
  env: Record<string, string>;
  hooks: Record<string, HookMatcher[]>;
  /** The whole parsed object, unknown keys included. */
  raw: Record<string, unknown>;
};

/**
 * The result of {@link parseSettingsJson}.
 *
 * @public
 */
export type SettingsJson = {
  /** The settings; undefined when the file is not valid JSON or not an object. */
  settings?: ClaudeSettings;
  /** Problems found. */
  issues: ParseIssue[];
};

const stringList = z.array(z.string());
const matcherSchema = z.union([
  z.object({ serverName: z.string() }).strict(),
  z.object({ serverUrl: z.string() }).strict(),
  z.object({ serverCommand: z.array(z.string()).min(1) }).strict(),
]);
const hookHandlerSchema = z
  .object({
    type: z.string(),
    command: z.string().optional(),
    timeout: z.number().positive().optional(),
  })
  .loose();
const hooksSchema = z.record(
  z.string(),
  z.array(
    z
      .object({
        matcher: z.string().optional(),
        hooks: z.array(hookHandlerSchema),
      })
      .loose(),
  ),
);

/** Per-key schemas, checked one by one so that one bad key does not hide the others. */
const permissionFieldSchemas: Record<string, z.ZodType> = {
  allow: stringList,
  ask: stringList,
  deny: stringList,
  additionalDirectories: stringList,
  defaultMode: z.string(),
  disableBypassPermissionsMode: z.string(),
};
const topFieldSchemas: Record<string, z.ZodType> = {
  permissions: z.record(z.string(), z.unknown()),
  enabledMcpjsonServers: stringList,
  disabledMcpjsonServers: stringList,
  enableAllProjectMcpServers: z.boolean(),
  allowedMcpServers: z.array(matcherSchema),
  deniedMcpServers: z.array(matcherSchema),
  model: z.string(),
  env: z.record(z.string(), z.string()),
  hooks: hooksSchema,
};

const HOOK_TYPES: readonly string[] = [
  'command',
  'prompt',
  'agent',
  'http',
  'mcp_tool',
];

/**
 * Parses and validates a Claude Code settings file (`.claude/settings.json`,
 * `settings.local.json`, `~/.claude/settings.json`, managed settings). Checks the permission
 * rules, the six modes of `defaultMode`, `disableBypassPermissionsMode: "disable"`, the MCP
 * server policy lists, `env`, `model` and `hooks`. Unknown keys are tolerated without an issue.
 *
 * Rules: `json-syntax`, `json-duplicate-key` (warning), `settings-not-object`,
 * `settings-invalid-field`, `settings-invalid-default-mode`,
 * `settings-invalid-disable-bypass`, `settings-invalid-mcp-server-matcher`,
 * `settings-unknown-hook-event` (warning), `settings-unknown-hook-type` (warning),
 * `settings-hook-missing-command`, `settings-literal-secret`, `settings-rule-conflict`
 * (warning: the same rule in two lists), plus the `permission-rule-*` rules of
 * {@link parsePermissionRule}.
 *
 * @public
 */
export function parseSettingsJson(
  text: string,
  options: { file: string },
): SettingsJson {
  const { doc, issues, add, addZodError } = checkJsonFile(text, options.file);
  const { file } = options;
  if (doc.error) {
    return { issues };
  }
  if (!isRecord(doc.value)) {
    add('settings-not-object', [], 'A settings file must be a JSON object');
    return { issues };
  }
  const raw = doc.value;

  const valid = (
    schemas: Record<string, z.ZodType>,
    source: Record<string, unknown>,
    base: JsonPath,
  ): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(schemas)) {
      if (!(key in source)) {
        continue;
      }
      const checked = schema.safeParse(source[key]);
      if (checked.success) {
        out[key] = checked.data;
      } else if (key === 'allowedMcpServers' || key === 'deniedMcpServers') {
        // zod's union message is vague; say what an entry must look like.
        const paths = new Set(
          checked.error.issues.map(i => String(i.path[0] ?? '')),
        );
        for (const index of paths) {
          const path =
            index === '' ? [...base, key] : [...base, key, Number(index)];
          add(
            'settings-invalid-mcp-server-matcher',
            path,
            `${formatJsonPath(
              path,
            )} must be exactly one of {"serverName": "..."}, {"serverUrl": "..."} or {"serverCommand": ["...", ...]}`,
          );
        }
      } else {
        addZodError(checked.error, 'settings-invalid-field', [...base, key]);
      }
    }
    return out;
  };

  const top = valid(topFieldSchemas, raw, []);
  const permsRaw = (top.permissions as Record<string, unknown>) ?? {};
  const perms = valid(permissionFieldSchemas, permsRaw, ['permissions']);

  const settings: ClaudeSettings = {
    permissions: {
      allow: [],
      ask: [],
      deny: [],
      additionalDirectories: (perms.additionalDirectories as string[]) ?? [],
    },
    enabledMcpjsonServers: (top.enabledMcpjsonServers as string[]) ?? [],
    disabledMcpjsonServers: (top.disabledMcpjsonServers as string[]) ?? [],
    env: (top.env as Record<string, string>) ?? {},
    hooks: {},
    raw,
  };

  const seen = new Map<string, { list: string; line: number }>();
  for (const list of ['allow', 'ask', 'deny'] as const) {
    const rules = (perms[list] as string[] | undefined) ?? [];
    rules.forEach((ruleText, index) => {
      const path = ['permissions', list, index];
      const line = doc.lineOf(path);
      const parsed = parsePermissionRule(ruleText, { file, line });
      issues.push(
        ...parsed.issues.map(i => ({
          ...i,
          // A deny rule that never matches is a protection that is not there.
          ...(i.rule === 'permission-rule-ineffective' && list === 'deny'
            ? { severity: 'error' as const }
            : {}),
          message: `permissions.${list}[${index}]: ${i.message}`,
        })),
      );
      if (!parsed.rule) {
        return;
      }
      const previous = seen.get(parsed.rule.normalized);
      if (previous && previous.list !== list) {
        add(
          'settings-rule-conflict',
          path,
          `${parsed.rule.normalized} is in permissions.${list} and also in permissions.${previous.list} (line ${previous.line}); deny wins over ask, ask over allow`,
          'warning',
        );
      } else if (!previous) {
        seen.set(parsed.rule.normalized, { list, line });
      }
      settings.permissions[list].push({ ...parsed.rule, line });
    });
  }

  if (perms.defaultMode !== undefined) {
    const mode = perms.defaultMode as string;
    if (isPermissionMode(mode)) {
      settings.permissions.defaultMode = mode;
    } else {
      add(
        'settings-invalid-default-mode',
        ['permissions', 'defaultMode'],
        `permissions.defaultMode ${quote(
          mode,
        )} is not a permission mode; use one of ${PERMISSION_MODES.join(', ')}`,
      );
    }
  }
  if (perms.disableBypassPermissionsMode !== undefined) {
    if (perms.disableBypassPermissionsMode === 'disable') {
      settings.permissions.disableBypassPermissionsMode = 'disable';
    } else {
      add(
        'settings-invalid-disable-bypass',
        ['permissions', 'disableBypassPermissionsMode'],
        `permissions.disableBypassPermissionsMode only accepts "disable", found ${quote(
          String(perms.disableBypassPermissionsMode),
        )}`,
      );
    }
  }

  if (top.enableAllProjectMcpServers !== undefined) {
    settings.enableAllProjectMcpServers =
      top.enableAllProjectMcpServers as boolean;
  }
  if (top.allowedMcpServers !== undefined) {
    settings.allowedMcpServers = top.allowedMcpServers as McpServerMatcher[];
  }
  if (top.deniedMcpServers !== undefined) {
    settings.deniedMcpServers = top.deniedMcpServers as McpServerMatcher[];
  }
  if (top.model !== undefined) {
    settings.model = top.model as string;
  }

  for (const [key, value] of Object.entries(settings.env)) {
    const secret = detectLiteralSecret(value, { key, entropy: true });
    if (secret) {
      add(
        'settings-literal-secret',
        ['env', key],
        `env.${key}: the value (${redact(
          value,
        )}) ${secret}; settings files are committed, keep secrets out of them`,
      );
    }
  }

  const hooks = (top.hooks as Record<string, HookMatcher[]>) ?? {};
  for (const [event, matchers] of Object.entries(hooks)) {
    if (!(HOOK_EVENTS as readonly string[]).includes(event)) {
      add(
        'settings-unknown-hook-event',
        ['hooks', event],
        `hooks.${event} is not a hook event this suite knows (e.g. PreToolUse, PostToolUse, SessionStart, Stop, UserPromptSubmit); check the spelling`,
        'warning',
      );
    }
    matchers.forEach((group, gi) =>
      group.hooks.forEach((handler, hi) => {
        const path = ['hooks', event, gi, 'hooks', hi];
        if (!HOOK_TYPES.includes(handler.type)) {
          add(
            'settings-unknown-hook-type',
            [...path, 'type'],
            `${formatJsonPath(path)}: unknown hook type ${quote(
              handler.type,
            )}; expected one of ${HOOK_TYPES.join(', ')}`,
            'warning',
          );
        } else if (
          handler.type === 'command' &&
          (handler.command === undefined || handler.command.trim() === '')
        ) {
          add(
            'settings-hook-missing-command',
            path,
            `${formatJsonPath(path)}: a "command" hook needs a "command"`,
          );
        }
      }),
    );
  }
  settings.hooks = hooks;

  return { settings, issues };
}
