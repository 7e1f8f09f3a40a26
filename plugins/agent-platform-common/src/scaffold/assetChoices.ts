import { approvedAssetsOf } from '../inheritance/approvedAssets';
import { createPlatformIndex } from '../inheritance/platformIndex';
import {
  EffectiveConfigResult,
  resolveEffectiveConfig,
} from '../inheritance/resolveEffectiveConfig';
import type {
  AgentConfigEntity,
  BaseAgentConfigEntity,
  RepoAgentConfigEntity,
} from '../model';
import { entityRefOf } from '../model/entityRef';
import { ScaffoldCatalog } from './catalogSelection';

/**
 * One skill or MCP server a scaffolder form offers, with what the picker
 * shows and whether the team may add it.
 *
 * @public
 */
export interface ScaffoldAssetChoice {
  /** Normalized entity ref. */
  ref: string;
  /** Entity name (what the form stores). */
  name: string;
  title?: string;
  description?: string;
  /** Skills: `team` or `org`. */
  scope?: string;
  /** Servers: the allowlist status (`approved`, `restricted`...). */
  allowlistStatus?: string;
  /** Servers: the risk rating. */
  risk?: string;
  /** The entity's lifecycle (`deprecated` is shown as such). */
  lifecycle?: string;
  /** Skills: the evaluation status. */
  evalStatus?: string;
  /** True when the team may add it (the approved-assets rules). */
  allowed: boolean;
  /** Why not, when not allowed (the approved-assets view's reason). */
  reason?: string;
  /** Layer that already brings it (`base:org-base`, `team:...`), when any. */
  includedBy?: string;
  /** The exception that lets a restricted server in, when any. */
  exception?: { until: string; approvedBy: string };
}

/**
 * A repo config that asks for every given skill and server on top of the
 * base and the team: resolving it classifies each of them with the same
 * engine and the same approved-assets rules as a real request.
 */
export function repoLayer(
  name: string,
  owner: string,
  pin: string,
  skills: string[],
  mcpServers: string[],
): RepoAgentConfigEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: { name },
    spec: {
      type: 'agent-config',
      lifecycle: 'experimental',
      owner,
      level: 'repo',
      extends: pin,
      skills,
      mcpServers,
    },
  };
}

/**
 * Splits a resolution's skills and servers with {@link approvedAssetsOf}
 * (the rules of the backend's approved-assets view): usable, or excluded with
 * the reason.
 *
 * @public
 */
export function approvedAssetsOfResolution(
  catalog: ScaffoldCatalog,
  result: EffectiveConfigResult,
) {
  const index = createPlatformIndex({
    configs: [...catalog.bases, ...catalog.teams],
    skills: catalog.skills,
    mcpServers: catalog.mcpServers,
    components: [],
  });
  return approvedAssetsOf(index, result);
}

/**
 * The skills and MCP servers of the catalog as a team's scaffolder form
 * offers them: each with scope, risk, lifecycle and whether the team may add
 * it (approved; a restricted server only under an unexpired exception of the
 * team; no deprecated skill, no skill whose evaluation fails), judged by
 * resolving them all as extras of a repo of the team.
 *
 * @public
 */
export function scaffoldAssetChoices(input: {
  catalog: ScaffoldCatalog;
  base: BaseAgentConfigEntity;
  team?: AgentConfigEntity;
  owner: string;
  pin: string;
  now: Date;
}): { skills: ScaffoldAssetChoice[]; mcpServers: ScaffoldAssetChoice[] } {
  const { catalog } = input;
  const result = resolveEffectiveConfig({
    base: input.base,
    team: input.team,
    repo: repoLayer(
      'scaffold-choices',
      input.owner,
      input.pin,
      catalog.skills.map(s => entityRefOf(s)),
      catalog.mcpServers.map(s => entityRefOf(s)),
    ),
    mcpServers: catalog.mcpServers,
    skills: catalog.skills,
    now: input.now,
    pin: input.pin,
  });
  const assets = approvedAssetsOfResolution(catalog, result);
  const reasons = new Map(assets.excluded.map(e => [e.ref, e.reason]));
  const layerOf = new Map(
    [...result.effective.skills, ...result.effective.mcpServers].map(i => [
      i.ref,
      i.layer,
    ]),
  );
  const included = (ref: string) => {
    const layer = layerOf.get(ref);
    return layer && !layer.startsWith('repo:') ? layer : undefined;
  };
  const byName = (a: ScaffoldAssetChoice, b: ScaffoldAssetChoice) =>
    a.name.localeCompare(b.name);
  const skills = catalog.skills
    .map((s): ScaffoldAssetChoice => {
      const ref = entityRefOf(s);
      const includedBy = included(ref);
      return {
        ref,
        name: s.metadata.name,
        ...(s.metadata.title ? { title: s.metadata.title } : {}),
        ...(s.metadata.description
          ? { description: s.metadata.description }
          : {}),
        ...(s.spec.scope ? { scope: s.spec.scope } : {}),
        lifecycle: s.spec.lifecycle,
        ...(s.spec.evalStatus ? { evalStatus: s.spec.evalStatus } : {}),
        allowed: !reasons.has(ref),
        ...(reasons.has(ref) ? { reason: reasons.get(ref) } : {}),
        ...(includedBy ? { includedBy } : {}),
      };
    })
    .sort(byName);
  const approvedServers = new Map(assets.mcpServers.map(s => [s.ref, s]));
  const mcpServers = catalog.mcpServers
    .map((s): ScaffoldAssetChoice => {
      const ref = entityRefOf(s);
      const includedBy = included(ref);
      const exception = approvedServers.get(ref)?.exception;
      return {
        ref,
        name: s.metadata.name,
        ...(s.metadata.title ? { title: s.metadata.title } : {}),
        ...(s.metadata.description
          ? { description: s.metadata.description }
          : {}),
        allowlistStatus: s.spec.allowlist?.status ?? 'unknown',
        ...(s.spec.risk ? { risk: s.spec.risk } : {}),
        lifecycle: s.spec.lifecycle,
        allowed: approvedServers.has(ref),
        ...(approvedServers.has(ref)
          ? {}
          : { reason: reasons.get(ref) ?? 'not usable by this team' }),
        ...(includedBy ? { includedBy } : {}),
        ...(exception ? { exception } : {}),
      };
    })
    .sort(byName);
  return { skills, mcpServers };
}
