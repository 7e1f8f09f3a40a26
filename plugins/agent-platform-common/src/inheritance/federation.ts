import { isPermissionMode } from '../model/values';
import {
  memoizedRule,
  permissionRuleCovers,
  permissionRulesOverlap,
  PermissionRuleMemo,
} from '../parsers/permissionRuleMatch';
import { quote } from '../parsers/text';
import { ExceptableViolation } from './exceptions';
import { isLooserPermissionMode } from './permissionModes';
import {
  ConfigLayer,
  EffectiveConfig,
  EffectiveRule,
  FederationViolation,
} from './types';

/**
 * A finding of {@link checkLayer}: a plain violation, or one an exception may turn into a note.
 *
 * @public
 */
export type LayerFinding = FederationViolation | ExceptableViolation;

function wellFormed(
  rules: EffectiveRule[],
  memo: PermissionRuleMemo | undefined,
): EffectiveRule[] {
  return rules.filter(r => memoizedRule(r.rule, memo).rule !== undefined);
}

/**
 * Every deny rule of `upstream` that is missing from `merged` (by canonical
 * spelling). Merging never drops a rule, so this is a safety net that keeps
 * the guarantee checked rather than assumed.
 *
 * @internal
 */
export function findRemovedDenies(
  upstream: EffectiveConfig,
  merged: EffectiveConfig,
): EffectiveRule[] {
  const kept = new Set(merged.permissions.deny.map(r => r.key));
  return upstream.permissions.deny.filter(r => !kept.has(r.key));
}

function checkRules(
  layer: ConfigLayer,
  merged: EffectiveConfig,
  memo: PermissionRuleMemo | undefined,
): LayerFinding[] {
  const findings: LayerFinding[] = [];
  for (const list of ['allow', 'ask', 'deny'] as const) {
    for (const entry of merged.permissions[list]) {
      if (entry.layer !== layer.id) continue;
      // Warnings count too: a rule such as `read(./x)` parses but matches no tool.
      const [problem] = memoizedRule(entry.rule, memo).issues;
      if (problem?.rule === 'permission-rule-ineffective') {
        // Flagged on the layer that declares it: base, team or repo.
        findings.push({
          rule: 'permission-rule-ineffective',
          severity: list === 'deny' ? 'error' : 'warning',
          layer: layer.id,
          item: entry.rule,
          message: `The ${list} rule ${problem.message}.`,
        });
      } else if (problem) {
        findings.push({
          rule: 'permission-rule-malformed',
          severity: 'error',
          layer: layer.id,
          item: entry.rule,
          message: `The ${list} rule ${quote(entry.rule)} is malformed: ${
            problem.message
          }.`,
        });
      }
    }
  }
  return findings;
}

function checkLoosening(
  layer: ConfigLayer,
  upstream: EffectiveConfig,
  merged: EffectiveConfig,
  memo: PermissionRuleMemo | undefined,
): LayerFinding[] {
  const findings: LayerFinding[] = [];
  const denies = wellFormed(upstream.permissions.deny, memo);
  const asks = wellFormed(upstream.permissions.ask, memo);
  const added = (list: 'allow' | 'ask') =>
    wellFormed(merged.permissions[list], memo).filter(
      r => r.layer === layer.id,
    );

  for (const removed of findRemovedDenies(upstream, merged)) {
    findings.push({
      rule: 'deny-removed',
      severity: 'error',
      layer: layer.id,
      item: removed.rule,
      message: `The deny rule ${quote(removed.rule)} of ${
        removed.layer
      } is missing from the effective config; a layer may never remove a deny rule.`,
      conflictsWith: { item: removed.rule, layer: removed.layer },
    });
  }

  for (const allow of added('allow')) {
    for (const deny of denies) {
      const conflictsWith = { item: deny.rule, layer: deny.layer };
      if (allow.key === deny.key) {
        findings.push({
          rule: 'deny-overridden',
          severity: 'error',
          exceptable: 'permission-rule',
          layer: layer.id,
          item: allow.rule,
          conflictsWith,
          message: `The allow rule ${quote(
            allow.rule,
          )} overrides the deny rule ${quote(deny.rule)} of ${
            deny.layer
          }; a layer may add deny rules but never lift one.`,
        });
      } else if (permissionRulesOverlap(allow.rule, deny.rule, memo)) {
        const how = permissionRuleCovers(allow.rule, deny.rule, memo)
          ? 'covers'
          : 'overlaps';
        findings.push({
          rule: 'deny-covered',
          severity: 'error',
          exceptable: 'permission-rule',
          layer: layer.id,
          item: allow.rule,
          conflictsWith,
          message: `The allow rule ${quote(allow.rule)} ${how} ${quote(
            deny.rule,
          )}, which ${
            deny.layer
          } denies; a layer may never allow what a broader layer denies.`,
        });
      }
    }
    for (const ask of asks) {
      if (
        allow.key === ask.key ||
        permissionRulesOverlap(allow.rule, ask.rule, memo)
      ) {
        findings.push({
          rule: 'ask-loosened',
          severity: 'error',
          exceptable: 'permission-rule',
          layer: layer.id,
          item: allow.rule,
          conflictsWith: { item: ask.rule, layer: ask.layer },
          message: `The allow rule ${quote(allow.rule)} skips the prompt that ${
            ask.layer
          } requires with the ask rule ${quote(ask.rule)}.`,
        });
      }
    }
  }

  for (const ask of added('ask')) {
    const deny = denies.find(d => d.key === ask.key);
    if (deny) {
      findings.push({
        rule: 'deny-overridden',
        severity: 'error',
        exceptable: 'permission-rule',
        layer: layer.id,
        item: ask.rule,
        conflictsWith: { item: deny.rule, layer: deny.layer },
        message: `The ask rule ${quote(ask.rule)} turns the deny rule ${quote(
          deny.rule,
        )} of ${deny.layer} into a prompt; a layer may never lift a deny rule.`,
      });
    }
  }
  return findings;
}

function checkServers(
  layer: ConfigLayer,
  merged: EffectiveConfig,
): LayerFinding[] {
  const findings: LayerFinding[] = [];
  for (const server of merged.mcpServers) {
    if (server.layer !== layer.id) continue;
    if (server.allowlistStatus === 'denied') {
      findings.push({
        rule: 'mcp-server-denied',
        severity: 'error',
        layer: layer.id,
        item: server.ref,
        message: `The MCP server ${server.ref} is denied by the allowlist; no layer may use it, with or without an exception.`,
      });
    } else if (server.allowlistStatus === 'unknown') {
      findings.push({
        rule: 'mcp-server-unknown',
        severity: 'error',
        layer: layer.id,
        item: server.ref,
        message: `The MCP server ${server.ref} is not in the catalog or has no allowlist review; only reviewed servers may be used.`,
      });
    } else if (
      server.allowlistStatus === 'restricted' &&
      layer.level !== 'base'
    ) {
      findings.push({
        rule: 'mcp-server-restricted',
        severity: 'error',
        exceptable: 'mcp-server',
        layer: layer.id,
        item: server.ref,
        message: `The MCP server ${server.ref} is restricted; it may only be used with an unexpired exception.`,
      });
    }
  }
  return findings;
}

function checkSkills(
  layer: ConfigLayer,
  merged: EffectiveConfig,
): LayerFinding[] {
  const findings: LayerFinding[] = [];
  for (const skill of merged.skills) {
    if (skill.layer !== layer.id) continue;
    if (skill.status === 'unknown') {
      findings.push({
        rule: 'skill-unknown',
        severity: 'error',
        layer: layer.id,
        item: skill.ref,
        message: `The skill ${skill.ref} is not in the catalog.`,
      });
    } else if (skill.status === 'deprecated') {
      findings.push({
        rule: 'skill-deprecated',
        severity: 'warning',
        layer: layer.id,
        item: skill.ref,
        message: skill.replacedBy
          ? `The skill ${skill.ref} is deprecated; use ${skill.replacedBy} instead.`
          : `The skill ${skill.ref} is deprecated and names no replacement.`,
        ...(skill.replacedBy
          ? { conflictsWith: { item: skill.replacedBy, layer: layer.id } }
          : {}),
      });
    }
  }
  return findings;
}

function checkMode(
  layer: ConfigLayer,
  upstream: EffectiveConfig,
): LayerFinding[] {
  const mode = layer.content.permissions.defaultMode;
  if (mode === undefined) {
    return [];
  }
  if (!isPermissionMode(mode)) {
    return [
      {
        rule: 'layer-invalid',
        severity: 'error',
        layer: layer.id,
        item: mode,
        message: `${quote(mode)} is not a Claude Code permission mode.`,
      },
    ];
  }
  if (layer.level === 'base') {
    return [];
  }
  if (mode === 'bypassPermissions') {
    return [
      {
        rule: 'mode-bypass',
        severity: 'error',
        layer: layer.id,
        item: mode,
        message:
          'bypassPermissions skips every permission prompt; no team or repo layer may set it.',
      },
    ];
  }
  const above = upstream.permissions.defaultMode;
  const reference = above?.value ?? 'default';
  if (isLooserPermissionMode(mode, reference)) {
    return [
      {
        rule: 'mode-looser',
        severity: 'error',
        layer: layer.id,
        item: mode,
        conflictsWith: {
          item: reference,
          layer: above?.layer ?? 'claude-code',
        },
        message: `The mode ${mode} is looser than ${reference}${
          above ? ` set by ${above.layer}` : " (Claude Code's default)"
        }; a layer may only keep or tighten the mode (plan < dontAsk < default < acceptEdits < auto < bypassPermissions).`,
      },
    ];
  }
  return [];
}

function checkBudget(
  layer: ConfigLayer,
  upstream: EffectiveConfig,
): LayerFinding[] {
  const amount = layer.content.budget.monthlyUsd;
  if (amount === undefined || layer.level === 'base') {
    return [];
  }
  const cap = upstream.budget.monthlyUsdCap;
  if (cap && amount > cap.value) {
    return [
      {
        rule: 'budget-over-cap',
        severity: 'error',
        layer: layer.id,
        item: String(amount),
        conflictsWith: { item: String(cap.value), layer: cap.layer },
        message: `The monthly budget of ${amount} USD is above the cap of ${cap.value} USD set by ${cap.layer}.`,
      },
    ];
  }
  const above = upstream.budget.monthlyUsd;
  if (above && amount > above.value) {
    return [
      {
        rule: 'budget-raised',
        severity: 'error',
        layer: layer.id,
        item: String(amount),
        conflictsWith: { item: String(above.value), layer: above.layer },
        message: `The monthly budget of ${amount} USD is above the ${above.value} USD set by ${above.layer}; a layer may only lower a budget.`,
      },
    ];
  }
  return [];
}

/**
 * Checks one layer against the merged config of the layers above it.
 * `merged` is the merge including the layer; only what the layer adds is
 * judged. The base is checked for references and well-formedness only; team
 * and repo layers may tighten but never loosen.
 *
 * @internal
 */
export function checkLayer(
  layer: ConfigLayer,
  upstream: EffectiveConfig,
  merged: EffectiveConfig,
  memo?: PermissionRuleMemo,
): LayerFinding[] {
  return [
    ...checkRules(layer, merged, memo),
    ...(layer.level === 'base'
      ? []
      : checkLoosening(layer, upstream, merged, memo)),
    ...checkServers(layer, merged),
    ...checkSkills(layer, merged),
    ...checkMode(layer, upstream),
    ...checkBudget(layer, upstream),
  ];
}
