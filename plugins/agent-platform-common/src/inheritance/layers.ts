import type {
  AgentConfigEntity,
  AgentConfigException,
  AgentConfigLevel,
  AgentConfigRelease,
  BaseAgentConfigEntity,
} from '../model';
import { isRecord } from '../model/common';
import { entityRefOf } from '../model/entityRef';
import {
  ConfigLayer,
  FederationViolation,
  LayerContent,
  LayerHook,
} from './types';

/**
 * The id of a layer: `base@2.3.0`, `team:payments-agent-config` or
 * `repo:checkout-api-agent-config`.
 *
 * @public
 */
export function layerId(
  level: AgentConfigLevel,
  nameOrVersion: string,
): string {
  return level === 'base'
    ? `base@${nameOrVersion}`
    : `${level}:${nameOrVersion}`;
}

class LayerReader {
  readonly issues: FederationViolation[] = [];

  constructor(private readonly id: string) {}

  invalid(path: string, message: string) {
    this.issues.push({
      rule: 'layer-invalid',
      severity: 'error',
      layer: this.id,
      item: path,
      message: `${path} ${message}; the value is ignored.`,
    });
  }

  strings(value: unknown, path: string): string[] {
    if (value === undefined || value === null) {
      return [];
    }
    if (!Array.isArray(value)) {
      this.invalid(path, 'must be a list of strings');
      return [];
    }
    const result: string[] = [];
    value.forEach((entry, index) => {
      if (typeof entry === 'string' && entry.trim()) {
        result.push(entry.trim());
      } else {
        this.invalid(`${path}[${index}]`, 'must be a non-empty string');
      }
    });
    return result;
  }

  usd(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      this.invalid(path, 'must be a non-negative number of USD');
      return undefined;
    }
    return value;
  }

  record(value: unknown, path: string): Record<string, unknown> {
    if (value === undefined || value === null) {
      return {};
    }
    if (!isRecord(value)) {
      this.invalid(path, 'must be an object');
      return {};
    }
    return value;
  }

  content(
    spec: Record<string, unknown>,
    level: AgentConfigLevel,
  ): LayerContent {
    const permissions = this.record(spec.permissions, 'permissions');
    const routing = this.record(spec.modelRouting, 'modelRouting');
    const budget = this.record(spec.budget, 'budget');
    const modelRouting: Record<string, string> = {};
    for (const [role, model] of Object.entries(routing)) {
      if (typeof model === 'string' && model.trim()) {
        modelRouting[role] = model.trim();
      } else {
        this.invalid(`modelRouting.${role}`, 'must be a model name');
      }
    }
    let defaultMode: string | undefined;
    if (permissions.defaultMode !== undefined) {
      if (typeof permissions.defaultMode === 'string') {
        defaultMode = permissions.defaultMode;
      } else {
        this.invalid('permissions.defaultMode', 'must be a string');
      }
    }
    let destructiveTools: string | undefined;
    if (permissions.destructiveTools !== undefined) {
      if (
        permissions.destructiveTools === 'ask' ||
        permissions.destructiveTools === 'allow'
      ) {
        destructiveTools = permissions.destructiveTools;
      } else {
        this.invalid('permissions.destructiveTools', 'must be ask or allow');
      }
    }
    const content: LayerContent = {
      skills: this.strings(spec.skills, 'skills'),
      mcpServers: this.strings(spec.mcpServers, 'mcpServers'),
      permissions: {
        allow: this.strings(permissions.allow, 'permissions.allow'),
        ask: this.strings(permissions.ask, 'permissions.ask'),
        deny: this.strings(permissions.deny, 'permissions.deny'),
      },
      modelRouting,
      budget: {},
    };
    // Optional fields are set, not spread in ahead of others: a spread
    // followed by new fields takes V8's slow path, once per team here.
    if (defaultMode !== undefined)
      content.permissions.defaultMode = defaultMode;
    if (destructiveTools !== undefined) {
      content.permissions.destructiveTools = destructiveTools;
    }
    const hooks = this.hooks(spec.hooks);
    if (hooks.length > 0) content.hooks = hooks;
    if (level === 'base') {
      const cap = this.usd(budget.monthlyUsdCap, 'budget.monthlyUsdCap');
      if (cap !== undefined) content.budget.monthlyUsdCap = cap;
    } else {
      const amount = this.usd(budget.monthlyUsd, 'budget.monthlyUsd');
      if (amount !== undefined) content.budget.monthlyUsd = amount;
      if (budget.monthlyUsdCap !== undefined) {
        this.invalid('budget.monthlyUsdCap', 'may only be set by the base');
      }
    }
    return content;
  }

  /** Claude Code's `{Event: [{matcher, hooks: [handler]}]}`, one entry per handler. */
  hooks(value: unknown): LayerHook[] {
    const result: LayerHook[] = [];
    for (const [event, groups] of Object.entries(this.record(value, 'hooks'))) {
      if (!Array.isArray(groups)) {
        this.invalid(`hooks.${event}`, 'must be a list of matcher groups');
        continue;
      }
      groups.forEach((group, gi) => {
        const handlers = isRecord(group) ? group.hooks : undefined;
        if (!isRecord(group) || !Array.isArray(handlers)) {
          this.invalid(
            `hooks.${event}[${gi}]`,
            'must be {matcher, hooks: [...]}',
          );
          return;
        }
        const matcher =
          typeof group.matcher === 'string' ? group.matcher : undefined;
        handlers.forEach((handler, hi) => {
          if (isRecord(handler) && typeof handler.type === 'string') {
            result.push({
              event,
              ...(matcher !== undefined ? { matcher } : {}),
              handler: handler as LayerHook['handler'],
            });
          } else {
            this.invalid(
              `hooks.${event}[${gi}].hooks[${hi}]`,
              'must be a handler with a type',
            );
          }
        });
      });
    }
    return result;
  }

  exceptions(value: unknown): AgentConfigException[] {
    if (value === undefined || value === null) {
      return [];
    }
    if (!Array.isArray(value)) {
      this.invalid('exceptions', 'must be a list');
      return [];
    }
    const result: AgentConfigException[] = [];
    value.forEach((entry, index) => {
      const fields = ['target', 'reason', 'approvedBy', 'until'] as const;
      if (
        isRecord(entry) &&
        fields.every(f => typeof entry[f] === 'string' && entry[f])
      ) {
        result.push({
          target: String(entry.target).trim(),
          reason: String(entry.reason),
          approvedBy: String(entry.approvedBy),
          until: String(entry.until).trim(),
          ...(typeof entry.since === 'string' && entry.since.trim()
            ? { since: entry.since.trim() }
            : {}),
          ...(typeof entry.rejected === 'string' && entry.rejected
            ? { rejected: entry.rejected }
            : {}),
        });
      } else {
        this.issues.push({
          rule: 'exception-invalid',
          severity: 'error',
          layer: this.id,
          item: `exceptions[${index}]`,
          message: `exceptions[${index}] needs target, reason, approvedBy and until; it is ignored.`,
        });
      }
    });
    return result;
  }
}

/**
 * A layer and the problems met while reading it.
 *
 * @public
 */
export interface LayerReadResult {
  /** The layer, with every unreadable value left out. */
  layer: ConfigLayer;
  /** `layer-invalid` and `exception-invalid` findings. */
  issues: FederationViolation[];
}

/**
 * Reads the base at one release as a layer with id `base@<version>`.
 *
 * @public
 */
export function readBaseReleaseLayer(
  base: BaseAgentConfigEntity,
  release: AgentConfigRelease,
): LayerReadResult {
  const id = layerId('base', release.version);
  const reader = new LayerReader(id);
  const config = reader.record(release.config, 'config');
  const content = reader.content(config, 'base');
  return {
    layer: {
      id,
      level: 'base',
      entityRef: entityRefOf(base),
      content,
      exceptions: [],
    },
    issues: reader.issues,
  };
}

/**
 * Reads a team or repo config as a layer with id `<level>:<name>`. A spec
 * whose `level` differs from the slot it is given in is reported.
 *
 * @public
 */
export function readConfigLayer(
  entity: AgentConfigEntity,
  level: 'team' | 'repo',
): LayerReadResult {
  const name = entity.metadata?.name ?? 'unnamed';
  const id = layerId(level, name);
  const reader = new LayerReader(id);
  const spec: Record<string, unknown> = isRecord(entity.spec)
    ? (entity.spec as unknown as Record<string, unknown>)
    : {};
  if (spec.level !== level) {
    reader.invalid(
      'level',
      `is ${JSON.stringify(
        spec.level,
      )} but the config is used as the ${level} layer`,
    );
  }
  const content = reader.content(spec, level);
  const exceptions = reader.exceptions(spec.exceptions);
  return {
    layer: {
      id,
      level,
      entityRef: entityRefOf({
        kind: entity.kind ?? 'AiResource',
        metadata: { ...entity.metadata, name },
      }),
      content,
      exceptions,
    },
    issues: reader.issues,
  };
}
