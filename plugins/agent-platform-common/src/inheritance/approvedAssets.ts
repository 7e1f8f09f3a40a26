import type { SkillEntity } from '../model';
import { PlatformIndex, refOf } from './platformIndex';
import { EffectiveConfigResult } from './resolveEffectiveConfig';
import { TargetResolution } from './selectLayers';

/**
 * True for a skill the platform offers to install: not deprecated, and its
 * evaluation not failing (`passing`, `pending`, `none` or unset all count as
 * approved; a failing suite blocks it until fixed).
 *
 * @public
 */
export function isApprovedSkill(skill: SkillEntity): boolean {
  return (
    skill.spec?.lifecycle !== 'deprecated' &&
    skill.spec?.evalStatus !== 'failing'
  );
}

/**
 * The MCP servers and skills a resolved config lets its agents use.
 *
 * @public
 */
export interface ApprovedAssets {
  /** Usable servers: approved, or restricted under an unexpired exception; not switched off by a deny. */
  mcpServers: Array<{
    ref: string;
    name: string;
    allowlistStatus: string;
    risk?: string;
    layer: string;
    exception?: { until: string; approvedBy: string };
  }>;
  /** Approved skills of the effective config ({@link isApprovedSkill}). */
  skills: Array<{ ref: string; layer: string }>;
  /** What the effective config lists but may not be used, and why. */
  excluded: Array<{ ref: string; reason: string }>;
}

/**
 * The approved MCP servers and skills of one team, as the backend's
 * `GET /teams/:namespace/:name/approved-assets` answers.
 *
 * @public
 */
export interface TeamApprovedAssets extends ApprovedAssets {
  /** Normalized ref of the group. */
  team: string;
  /** Normalized ref of its team config. */
  config?: string;
  /** The base release its config builds on. */
  release?: TargetResolution['release'];
}

const SERVER_EXCLUSION: Record<string, string> = {
  approved: 'approved',
  restricted: 'restricted, and no unexpired exception covers it',
  denied: 'denied by the allowlist',
  unknown: 'not in the catalog, or never reviewed',
};

function skillExclusion(entity: SkillEntity | undefined): string {
  if (!entity) return 'not in the catalog';
  if (entity.spec.lifecycle === 'deprecated') {
    const replacedBy = entity.spec.replacedBy;
    return `deprecated${replacedBy ? `; use ${replacedBy}` : ''}`;
  }
  return 'its evaluation is failing';
}

/**
 * Splits a resolved config's servers and skills into those its agents may use
 * and those they may not, with the reason. Never throws.
 *
 * @public
 */
export function approvedAssetsOf(
  index: PlatformIndex,
  resolution: EffectiveConfigResult,
): ApprovedAssets {
  const skills = new Map(index.catalog.skills.map(s => [refOf(s, index), s]));
  const result: ApprovedAssets = { mcpServers: [], skills: [], excluded: [] };
  for (const server of resolution.effective.mcpServers) {
    const exception = resolution.excepted.find(
      e => e.rule === 'mcp-server-restricted' && e.item === server.ref,
    )?.exception;
    if (server.disabledBy) {
      result.excluded.push({
        ref: server.ref,
        reason: `switched off by the deny rule ${server.disabledBy.rule} (${server.disabledBy.layer})`,
      });
    } else if (
      server.allowlistStatus === 'approved' ||
      (server.allowlistStatus === 'restricted' && exception)
    ) {
      result.mcpServers.push({
        ref: server.ref,
        name: server.name,
        allowlistStatus: server.allowlistStatus,
        ...(server.risk ? { risk: server.risk } : {}),
        layer: server.layer,
        ...(exception
          ? {
              exception: {
                until: exception.until,
                approvedBy: exception.approvedBy,
              },
            }
          : {}),
      });
    } else {
      result.excluded.push({
        ref: server.ref,
        reason: SERVER_EXCLUSION[server.allowlistStatus],
      });
    }
  }
  for (const skill of resolution.effective.skills) {
    const entity = skills.get(skill.ref);
    if (entity && isApprovedSkill(entity)) {
      result.skills.push({ ref: skill.ref, layer: skill.layer });
    } else {
      result.excluded.push({ ref: skill.ref, reason: skillExclusion(entity) });
    }
  }
  return result;
}
