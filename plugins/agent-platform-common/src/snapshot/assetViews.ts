import { entityRefOf } from '../model/entityRef';
import {
  byText,
  ownerRefOf,
  PlatformIndex,
  specOf,
} from '../inheritance/platformIndex';
import { unownedReason } from './unowned';
import type { AssetUsage, SkillUsage, UnownedAsset } from './types';

/** Every skill with who uses it, most used first. */
export function skillUsageOf(
  index: PlatformIndex,
  usage: (ref: string) => AssetUsage,
): SkillUsage[] {
  return index.catalog.skills
    .map(skill => {
      const used = usage(entityRefOf(skill));
      const spec = specOf(skill);
      const owner = ownerRefOf(skill);
      return {
        ...used,
        title: skill.metadata.title ?? skill.metadata.name,
        ...(typeof spec.scope === 'string' ? { scope: spec.scope } : {}),
        ...(owner ? { owner } : {}),
        ...(typeof spec.lifecycle === 'string'
          ? { lifecycle: spec.lifecycle }
          : {}),
        inBase: used.viaBase.length > 0,
      };
    })
    .sort(
      (a, b) =>
        b.teams.length +
          b.viaBase.length -
          (a.teams.length + a.viaBase.length) || byText(a.ref, b.ref),
    );
}

/**
 * Skills, MCP servers and agent configs without an owner the catalog knows.
 * Without any Group or User to compare with, nothing is reported.
 */
export function unownedOf(
  index: PlatformIndex,
  groups: ReadonlySet<string>,
  users: ReadonlySet<string>,
): UnownedAsset[] {
  if (groups.size + users.size === 0) return [];
  const known = (ref: string) => groups.has(ref) || users.has(ref);
  const result: UnownedAsset[] = [];
  const check = (entity: { kind: string; metadata: any; spec?: unknown }) => {
    const reason = unownedReason(entity, known);
    if (reason) result.push({ ref: entityRefOf(entity), reason });
  };
  index.catalog.skills.forEach(check);
  index.catalog.mcpServers.forEach(check);
  for (const config of index.configs.values()) {
    // Configs read from a repository are owned through their Component.
    if (!specOf(config).observed) check(config);
  }
  return result.sort((a, b) => byText(a.ref, b.ref));
}
