import type {
  AgentConfigException,
  AgentConfigLevel,
  AllowlistStatus,
  McpRiskLevel,
} from '../model';

/**
 * The content of one layer, read defensively from an entity: every list is
 * present (possibly empty) and holds strings only.
 *
 * @public
 */
export interface LayerContent {
  /** Skill refs as written. */
  skills: string[];
  /** MCP server refs as written. */
  mcpServers: string[];
  /** Permissions; `defaultMode` is absent when the layer does not set one. */
  permissions: {
    defaultMode?: string;
    allow: string[];
    ask: string[];
    deny: string[];
    /** `ask` or `allow`, when the layer sets it (see `AgentConfigPermissions`). */
    destructiveTools?: string;
  };
  /** Model per role. */
  modelRouting: Record<string, string>;
  /** `monthlyUsdCap` is read from the base only, `monthlyUsd` from team and repo layers. */
  budget: { monthlyUsdCap?: number; monthlyUsd?: number };
  /** Claude Code hook handlers, one entry per handler; absent when the layer states none. */
  hooks?: LayerHook[];
}

/**
 * One Claude Code hook handler of a layer: the event, the matcher and the
 * handler (`{type: "command", command, timeout}`).
 *
 * @public
 */
export interface LayerHook {
  event: string;
  matcher?: string;
  handler: { type: string; [key: string]: unknown };
}

/**
 * A hook handler of the effective config and the layer it came from. Hooks
 * add up across layers, as Claude Code runs the hooks of every settings file.
 *
 * @public
 */
export interface EffectiveHook extends LayerHook {
  layer: string;
}

/**
 * One layer of the inheritance chain, broadest first when merged.
 *
 * @public
 */
export interface ConfigLayer {
  /** Label recorded on everything the layer contributes: `base@2.3.0`, `team:<name>`, `repo:<name>`. */
  id: string;
  /** Level of the layer. */
  level: AgentConfigLevel;
  /** Normalized ref of the entity the layer was read from, when any. */
  entityRef?: string;
  /** What the layer states. */
  content: LayerContent;
  /** Exceptions the layer holds (team and repo layers only). */
  exceptions: AgentConfigException[];
}

/**
 * A scalar of the effective config and the layer it came from.
 *
 * @public
 */
export interface SourcedValue<T> {
  /** The value. */
  value: T;
  /** The layer that set it (the most specific one). */
  layer: string;
}

/**
 * A permission rule of the effective config.
 *
 * @public
 */
export interface EffectiveRule {
  /** The rule as first written. */
  rule: string;
  /** Its canonical spelling, used for deduplication. */
  key: string;
  /** The broadest layer that states it. */
  layer: string;
  /** More specific layers that state it again. */
  alsoIn: string[];
  /** Set on the `ask` rules that `destructiveTools: ask` adds: the server and tool. */
  destructiveTool?: { server: string; tool: string };
}

/**
 * A skill of the effective config.
 *
 * @public
 */
export interface EffectiveSkill {
  /** Normalized ref, e.g. `airesource:default/code-review`. */
  ref: string;
  /** The broadest layer that lists it. */
  layer: string;
  /** More specific layers that list it again. */
  alsoIn: string[];
  /** `active`, `deprecated`, or `unknown` (not in the skills given). */
  status: 'active' | 'deprecated' | 'unknown';
  /** Ref of the replacement of a deprecated skill. */
  replacedBy?: string;
}

/**
 * An MCP server of the effective config.
 *
 * @public
 */
export interface EffectiveMcpServer {
  /** Normalized ref, e.g. `api:default/github`. */
  ref: string;
  /** Server name, as used in `mcp__<name>` rules. */
  name: string;
  /** The broadest layer that lists it. */
  layer: string;
  /** More specific layers that list it again. */
  alsoIn: string[];
  /** Allowlist status, or `unknown` when the server is not known or unreviewed. */
  allowlistStatus: AllowlistStatus | 'unknown';
  /** Risk rating, when known. */
  risk?: McpRiskLevel;
  /** The deny rule that switches the whole server off, when any (a layer dropping it). */
  disabledBy?: { rule: string; layer: string };
}

/**
 * The merged config: base at the pinned release, then team, then repo. Lists
 * merge and deduplicate; scalars come from the most specific layer. Every
 * entry records its layer.
 *
 * @public
 */
export interface EffectiveConfig {
  /** Layer ids in merge order. */
  layers: string[];
  /** Skills. */
  skills: EffectiveSkill[];
  /** MCP servers. */
  mcpServers: EffectiveMcpServer[];
  /** Permissions. */
  permissions: {
    defaultMode?: SourcedValue<string>;
    /** `destructiveTools` of the most specific layer that sets it. */
    destructiveTools?: SourcedValue<string>;
    allow: EffectiveRule[];
    ask: EffectiveRule[];
    deny: EffectiveRule[];
  };
  /** Model per role. */
  modelRouting: Record<string, SourcedValue<string>>;
  /** Budget: the base cap and the most specific monthly budget. */
  budget: {
    monthlyUsdCap?: SourcedValue<number>;
    monthlyUsd?: SourcedValue<number>;
  };
  /** Hook handlers of every layer, broadest first; absent when no layer has any. */
  hooks?: EffectiveHook[];
}

/**
 * Stable ids of the federation rules and resolution checks.
 *
 * @remarks
 * Resolution: `base-missing`, `base-invalid`, `base-mismatch`,
 * `base-release-unknown`, `base-release-withdrawn`, `base-release-deprecated`,
 * `extends-missing`, `extends-malformed`, `extends-differs`, `layer-invalid`,
 * `permission-rule-malformed`.
 * Federation: `deny-removed`, `deny-overridden`, `deny-covered`,
 * `ask-loosened`, `mcp-server-denied`, `mcp-server-restricted`,
 * `mcp-server-unknown`, `mode-bypass`, `mode-looser`, `budget-over-cap`,
 * `budget-raised`, `skill-unknown`, `skill-deprecated`.
 * Exceptions: `exception-expired`, `exception-invalid`,
 * `exception-unapproved`.
 * Assets: `subagent-tool-denied` (a subagent lists a tool the effective deny
 * rules refuse; on the snapshot's team rows and the agent-assets answer).
 *
 * @public
 */
export type FederationRuleId =
  | 'base-missing'
  | 'base-invalid'
  | 'base-mismatch'
  | 'base-release-unknown'
  | 'base-release-withdrawn'
  | 'base-release-deprecated'
  | 'extends-missing'
  | 'extends-malformed'
  | 'extends-differs'
  | 'layer-invalid'
  | 'permission-rule-malformed'
  | 'permission-rule-ineffective'
  | 'deny-removed'
  | 'deny-overridden'
  | 'deny-covered'
  | 'ask-loosened'
  | 'mcp-server-denied'
  | 'mcp-server-restricted'
  | 'mcp-server-unknown'
  | 'mode-bypass'
  | 'mode-looser'
  | 'budget-over-cap'
  | 'budget-raised'
  | 'skill-unknown'
  | 'skill-deprecated'
  | 'exception-expired'
  | 'exception-invalid'
  | 'exception-unapproved'
  | 'destructive-tools-loosened'
  | 'destructive-tool-allowed'
  | 'subagent-tool-denied';

/**
 * An exception as it applies to a finding.
 *
 * @public
 */
export interface AppliedException {
  /** The exception's target as written. */
  target: string;
  /** Why it was granted. */
  reason: string;
  /** Who approved it. */
  approvedBy: string;
  /** Last day it holds, as written. */
  until: string;
  /** The layer that holds it. */
  layer: string;
}

/**
 * A violation of a federation rule, or a problem resolving the chain.
 *
 * @public
 */
export interface FederationViolation {
  /** Stable rule id. */
  rule: FederationRuleId;
  /** `error` blocks; `warning` informs (e.g. a deprecated skill). */
  severity: 'error' | 'warning';
  /** The layer at fault, e.g. `team:payments-agent-config`. */
  layer: string;
  /** The offending item: a rule, a ref, a mode, an amount or a base ref. */
  item: string;
  /** Why it is a violation, for people. */
  message: string;
  /** What it conflicts with, e.g. the base deny rule an allow rule covers. */
  conflictsWith?: { item: string; layer: string };
  /** For `exception-expired`: the rule the exception used to except. */
  excepts?: FederationRuleId;
  /** For `exception-expired`: the expired exception. */
  exception?: AppliedException;
  /**
   * For `subagent-tool-denied`: the ref of the subagent at fault, the thing
   * to change (exceptions do not apply to it).
   */
  asset?: string;
}

/**
 * A violation that an unexpired exception turns into a note.
 *
 * @public
 */
export interface ExceptedViolation {
  /** The rule that would have been violated. */
  rule: FederationRuleId;
  /** The layer that would have been at fault. */
  layer: string;
  /** The excepted item. */
  item: string;
  /** Why it would have been a violation. */
  message: string;
  /** What it conflicts with, when any. */
  conflictsWith?: { item: string; layer: string };
  /** The exception that holds. */
  exception: AppliedException;
}
