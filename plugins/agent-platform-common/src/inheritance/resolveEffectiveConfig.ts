import type { AgentConfigEntity, McpServerEntity, SkillEntity } from '../model';
import {
  HeldException,
  applyExceptions,
  checkExceptionDates,
} from './exceptions';
import { guardDestructiveTools } from './destructiveTools';
import { ExceptionPolicy, judgeException } from './exceptionPolicy';
import { readConfigLayer } from './layers';
import { checkLayer, LayerFinding } from './federation';
import {
  createPermissionRuleMemo,
  PermissionRuleMemo,
} from '../parsers/permissionRuleMatch';
import { MergeCatalog, mergeLayers, mergeOnto } from './merge';
import {
  BaseReleaseCache,
  PinSource,
  ResolvedRelease,
  resolveBaseRelease,
} from './resolveBaseRelease';
import {
  ConfigLayer,
  EffectiveConfig,
  ExceptedViolation,
  FederationViolation,
} from './types';

/**
 * Input of {@link resolveEffectiveConfig}.
 *
 * @public
 */
export interface ResolveEffectiveConfigInput {
  /** The org base config (`level: base`). Missing is reported, not thrown. */
  base?: AgentConfigEntity;
  /** The team config, when any. */
  team?: AgentConfigEntity;
  /** The repo config, when any. */
  repo?: AgentConfigEntity;
  /** Known MCP servers. */
  mcpServers: McpServerEntity[];
  /** Known skills. */
  skills: SkillEntity[];
  /** The moment exceptions are judged against. */
  now: Date;
  /**
   * The pin found in the repo's context files (`org-base@2.4.0`), when
   * known. It wins over the configs' `extends`, since it is what the repo's
   * agents actually load.
   */
  pin?: string;
  /**
   * Who may approve exceptions and for how long. An exception that does not
   * meet it is an `exception-unapproved` violation and excepts nothing. An
   * exception marked `rejected` (by `applyExceptionPolicy`) is treated the
   * same with or without a policy here.
   */
  exceptionPolicy?: ExceptionPolicy;
}

/**
 * Result of {@link resolveEffectiveConfig}.
 *
 * @public
 */
export interface EffectiveConfigResult {
  /** The merged config. */
  effective: EffectiveConfig;
  /** The pin that applied and where it came from, when any. */
  pin?: { ref: string; source: PinSource };
  /** The base release used, when any. */
  release?: ResolvedRelease;
  /** Violations and resolution problems, errors and warnings. */
  violations: FederationViolation[];
  /** Violations that an unexpired exception turns into notes. */
  excepted: ExceptedViolation[];
  /** True when no violation has severity `error`. */
  ok: boolean;
}

/**
 * What repeated resolutions against the same catalog can share: the base
 * release reads, and each base release merged and checked on its own (the
 * first step of every team and repo that pins it). Valid only while the
 * entities and the skill and server lists given are not mutated; a platform
 * index keeps one for its lifetime.
 *
 * @public
 */
export interface ResolutionCache extends BaseReleaseCache {
  baseSteps: WeakMap<
    object,
    {
      skills: SkillEntity[];
      mcpServers: McpServerEntity[];
      merged: EffectiveConfig;
      findings: LayerFinding[];
    }
  >;
  /** The catalog's skill and server lists indexed by ref, per list. */
  refIndexes: WeakMap<object, Map<string, unknown>>;
  /** Parsed permission rules and the answers of comparing them. */
  rules: PermissionRuleMemo;
}

/**
 * A new, empty {@link ResolutionCache}.
 *
 * @internal
 */
export function createResolutionCache(): ResolutionCache {
  return {
    releases: new WeakMap(),
    layers: new WeakMap(),
    pins: new Map(),
    baseSteps: new WeakMap(),
    refIndexes: new WeakMap(),
    rules: createPermissionRuleMemo(),
  };
}

/**
 * Resolves the effective config of a team or repo: the base at the pinned
 * release, then the team layer, then the repo layer, merged as Claude Code
 * merges settings (see `mergeLayers`), and checks the federation rules: a
 * layer may tighten, never loosen.
 *
 * Never throws: a missing base, an unknown, withdrawn or malformed pin, or a
 * malformed rule become violations. When the pin cannot be used, the latest
 * non-withdrawn release stands in so that the layers can still be checked.
 * A team's exceptions apply to the team and its repo; a repo's only to the
 * repo. An exception counts only under the exception policy (see
 * `judgeException`), when one is given or applied to the catalog.
 *
 * @public
 */
export function resolveEffectiveConfig(
  input: ResolveEffectiveConfigInput,
  cache?: ResolutionCache,
): EffectiveConfigResult {
  const resolution = resolveBaseRelease(input, cache);
  const violations = [...resolution.violations];
  const layers: ConfigLayer[] = resolution.layer ? [resolution.layer] : [];
  for (const [entity, level] of [
    [input.team, 'team'],
    [input.repo, 'repo'],
  ] as const) {
    if (entity) {
      const read = readConfigLayer(entity, level);
      violations.push(...read.issues);
      layers.push(read.layer);
    }
  }

  // Merge layer by layer and judge each against the layers above it.
  const catalog: MergeCatalog = {
    skills: input.skills,
    mcpServers: input.mcpServers,
    ...(cache ? { refIndexes: cache.refIndexes, ruleMemo: cache.rules } : {}),
  };
  const excepted: ExceptedViolation[] = [];
  const held: HeldException[] = [];
  let upstream = mergeLayers([], catalog);
  // The base step is the same for every config pinning the release: share it.
  let shared: EffectiveConfig | undefined;
  layers.forEach((layer, index) => {
    for (const exception of layer.exceptions) {
      const rejected =
        exception.rejected ??
        (input.exceptionPolicy
          ? judgeException(exception, input.exceptionPolicy, input.now)
          : undefined);
      if (!rejected) {
        held.push({ ...exception, layer: layer.id });
        continue;
      }
      violations.push({
        rule: 'exception-unapproved',
        severity: 'error',
        layer: layer.id,
        item: exception.target,
        message: rejected,
        exception: {
          target: exception.target,
          reason: exception.reason,
          approvedBy: exception.approvedBy,
          until: exception.until,
          layer: layer.id,
        },
      });
    }
    let merged: EffectiveConfig;
    let findings: LayerFinding[];
    const step =
      index === 0 && layer.level === 'base'
        ? cache?.baseSteps.get(layer)
        : undefined;
    if (
      step &&
      step.skills === input.skills &&
      step.mcpServers === input.mcpServers
    ) {
      merged = step.merged;
      findings = step.findings;
    } else {
      merged = mergeOnto(upstream, layer, catalog);
      findings = checkLayer(layer, upstream, merged, cache?.rules);
      if (cache && index === 0 && layer.level === 'base') {
        cache.baseSteps.set(layer, {
          skills: input.skills,
          mcpServers: input.mcpServers,
          merged,
          findings,
        });
      }
    }
    if (cache && index === 0) shared = merged;
    for (const original of findings) {
      const finding = { ...original };
      if (!('exceptable' in finding)) {
        violations.push(finding);
        continue;
      }
      const outcome = applyExceptions(finding, held, input.now);
      if (outcome.kind === 'excepted') excepted.push(outcome.note);
      else violations.push(outcome.violation);
    }
    upstream = merged;
  });
  violations.push(...checkExceptionDates(held));
  // A shared base step is never handed out: callers may change their result.
  const effective =
    upstream === shared ? mergeLayers(layers, catalog) : upstream;
  violations.push(
    ...guardDestructiveTools(effective, layers, input.mcpServers),
  );

  // Field by field: a spread ahead of new fields takes V8's slow path.
  const result = { effective } as EffectiveConfigResult;
  if (resolution.pin) result.pin = resolution.pin;
  if (resolution.release) result.release = resolution.release;
  result.violations = violations;
  result.excepted = excepted;
  result.ok = !violations.some(v => v.severity === 'error');
  return result;
}
